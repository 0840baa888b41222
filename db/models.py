"""The plan database: SQLAlchemy 2 typed models.

Runs on SQLite (the embedded default) and PostgreSQL; every schema change is an Alembic
migration in db/migrations.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from domain.agencies import AgencyKind
from domain.people import Role
from domain.reminders import ReminderKind, ReminderState
from domain.tasks import Status, TaskRole
from domain.timeframes import Kind


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite too (which keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; pass an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Stable constraint names, so that migrations can refer to them on both databases.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class OutboxState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by one sender (a lease)
    SENT = "sent"
    FAILED = "failed"  # gave up after retries
    BLOCKED = "blocked"  # the chat blocked the bot, or is known to be inactive


def stored_enum(members: type[StrEnum], length: int, name: str) -> Enum:
    """A domain StrEnum as a column: the member's value in a VARCHAR, guarded by a CHECK.
    Not a native PostgreSQL type, so that adding a member is the same small migration on
    both databases; strings that are no member's value are refused before they are sent."""
    return Enum(
        members,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=length,
        name=name,
        values_callable=lambda found: [member.value for member in found],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    short_name: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(Text)
    source_name: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    columns: Mapped[list[str]]  # the header as written, in order
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    sections: Mapped[list[Section]] = relationship(back_populates="plan", cascade="all, delete-orphan")


class Section(Base):
    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("plan_id", "numeral"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    numeral: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(Text)
    position: Mapped[int]

    plan: Mapped[Plan] = relationship(back_populates="sections")


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("plan_id", "code"),
        Index("ix_tasks_deadline", "deadline"),
        Index("ix_tasks_timeframe_kind", "timeframe_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))
    code: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    content: Mapped[str] = mapped_column(Text)
    # The cells as written: agencies are re-resolved from them when the alias table changes.
    lead_text: Mapped[str] = mapped_column(Text)
    coordinators_text: Mapped[str] = mapped_column(Text)
    timeframe_raw: Mapped[str] = mapped_column(Text)
    # Set by a coordinator's /timeframe: the unreadable text it replaced. A re-import that
    # still has that text keeps the fix; a file with another text wins.
    timeframe_fixed_from: Mapped[str | None] = mapped_column(Text)
    timeframe_kind: Mapped[Kind] = mapped_column(stored_enum(Kind, 16, "timeframe_kind"))
    start_date: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    recurring_due: Mapped[str | None] = mapped_column(String(5))  # MM-DD
    # The day in each period of a semiannual, quarterly or monthly task, MM-DD with the month
    # counted within the period (03-25: the 25th of a quarter's last month); NULL: its last day.
    period_due: Mapped[str | None] = mapped_column(String(5))
    timeframe_condition: Mapped[str | None] = mapped_column(Text)  # `Sau khi Trung ương hướng dẫn`
    funding_raw: Mapped[str] = mapped_column(Text)
    funding_sources: Mapped[list[str]]
    extra: Mapped[dict[str, Any]]  # columns the importer does not interpret, by header
    source_line: Mapped[int]
    # Folded code, content and agency cells: what word search matches against.
    search_key: Mapped[str] = mapped_column(Text, default="")
    removed_at: Mapped[datetime | None]  # gone from the latest version of the plan
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    agencies: Mapped[list[TaskAgency]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskAgency.position"
    )


# What domain.tasks.timeframe_from_columns reads back, in its order: select(Task.id, *TIMEFRAME_COLUMNS).
TIMEFRAME_COLUMNS = (
    Task.timeframe_raw,
    Task.timeframe_kind,
    Task.start_date,
    Task.deadline,
    Task.recurring_due,
    Task.period_due,
    Task.timeframe_condition,
)


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(120))
    kind: Mapped[AgencyKind] = mapped_column(stored_enum(AgencyKind, 20, "kind"))
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    member_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    # False for a name first met in a plan and not (yet) in the alias table.
    verified: Mapped[bool] = mapped_column(Boolean, default=True)
    # Only some provinces have it: no group reaches it by its kind (see the alias table).
    optional: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime]

    aliases: Mapped[list[AgencyAlias]] = relationship(back_populates="agency", cascade="all, delete-orphan")


class AgencyAlias(Base):
    __tablename__ = "agency_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(Text)
    # Folded, punctuation-free form used for matching; one agency per key.
    alias_key: Mapped[str] = mapped_column(String(400), unique=True)
    origin: Mapped[str] = mapped_column(String(10))  # file | plan | admin

    agency: Mapped[Agency] = relationship(back_populates="aliases")


class AgencyGroupMember(Base):
    """Group membership, transitive: a member of a member is listed too."""

    __tablename__ = "agency_group_members"

    group_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True, index=True)
    explicit: Mapped[bool] = mapped_column(Boolean, default=False)  # named in the alias table


class AgencySuccession(Base):
    """An abolished body and the one that carries its duties today (the 2025 reorganisation).
    The old body stands for its successor as a group stands for its members: memberships
    list the pair, so its tasks, reminders and counts reach the successor."""

    __tablename__ = "agency_successions"

    predecessor_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    since: Mapped[date | None] = mapped_column(Date)
    # The duties were split: a coordinator confirms who took the tasks (/merge).
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")


class TaskAgency(Base):
    __tablename__ = "task_agencies"
    __table_args__ = (Index("ix_task_agencies_agency_role", "agency_id", "role"),)

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[TaskRole] = mapped_column(stored_enum(TaskRole, 12, "role"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)

    task: Mapped[Task] = relationship(back_populates="agencies")
    agency: Mapped[Agency] = relationship()


class ImportRun(Base):
    """One import that changed something, with its report, for coordinators to review."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    source_name: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime]
    added: Mapped[int]
    updated: Mapped[int]
    removed: Mapped[int]
    unchanged: Mapped[int]
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # Who confirmed it in the chat; None from the command line.
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class PlanUpload(Base):
    """A plan file a coordinator sent in the chat, checked (dry run) and waiting for Import
    or Cancel. The file is kept here, so any process can import it and the button carries
    only the id."""

    __tablename__ = "plan_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(Text)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_hash: Mapped[str] = mapped_column(String(64))
    short_name: Mapped[str] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | imported | cancelled | expired
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


class AgencyMerge(Base):
    """An agency merged into another from the chat. The alias table is read through these,
    so reloading it does not bring the merged agency back."""

    __tablename__ = "agency_merges"

    source_name: Mapped[str] = mapped_column(String(300), primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    merged_at: Mapped[datetime]
    merged_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class DataFix(Base):
    """A coordinator's correction of plan data from the chat, with who and when."""

    __tablename__ = "data_fixes"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # merge | alias | timeframe
    target: Mapped[str] = mapped_column(Text)  # the agency or task (plan and code) it changed
    detail: Mapped[dict[str, Any]]  # before and after
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(index=True)


# -- people and chats ------------------------------------------------------------------


class ChatRoom(Base):
    """A conversation on a channel: a private chat with one person, or a group."""

    __tablename__ = "chats"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))  # private | group
    title: Mapped[str | None] = mapped_column(String(255))
    # False once the channel says the bot was blocked or removed; nothing is sent then.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    quiet_until: Mapped[datetime | None]  # /quiet 14d: no reminders until then
    remind_at: Mapped[str | None] = mapped_column(String(5))  # /remind_at 07:30; None: the default hour
    # On channels without buttons: the actions of the numbers last offered here ("1" = the
    # first). In the database so that a restart or another process still understands "1".
    choices: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime]


class Person(Base):
    """One person's accounts on several channels (a Telegram and a Zalo account joined with
    /connect), and where their reminders and broadcasts go (/notify)."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    notify: Mapped[str] = mapped_column(String(16), default="both")  # a channel's name, or both
    created_at: Mapped[datetime]


class Account(Base):
    """One person on one channel; the same person on Telegram and Zalo has two."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(255))
    username: Mapped[str | None] = mapped_column(String(64), index=True)
    language: Mapped[str | None] = mapped_column(String(5))  # chosen with /lang; None: from the app
    role: Mapped[Role] = mapped_column(stored_enum(Role, 12, "role"), default=Role.MEMBER)
    private_chat_id: Mapped[int | None] = mapped_column(ForeignKey("chats.id", ondelete="SET NULL"))
    # None: an account of its own; accounts sharing a person are one person on several channels.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class AgencyLink(Base):
    """A focal point (an account) or a team's group chat following an agency."""

    __tablename__ = "agency_links"
    __table_args__ = (
        UniqueConstraint("agency_id", "account_id"),
        UniqueConstraint("agency_id", "chat_id"),
        CheckConstraint("(account_id IS NULL) <> (chat_id IS NULL)", name="one_holder"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[int | None] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class Invite(Base):
    """A single-use linking code; only its hash is stored."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class LinkRequest(Base):
    """`/link Sở Y tế` without a code: waits for a coordinator to approve it."""

    __tablename__ = "link_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10))  # pending | approved | rejected
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class ConnectCode(Base):
    """`/connect` on one channel: a short-lived single-use code that, typed on another
    channel, joins the two accounts into one person. Only its hash is stored."""

    __tablename__ = "connect_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class WebLogin(Base):
    """A one-time link to the dashboard, sent in the chat by /web: random, only its hash is
    stored, valid for minutes and used once."""

    __tablename__ = "web_logins"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class WebSession(Base):
    """A dashboard session opened by a login link (or Telegram's signed Web App data): the
    cookie holds the token, the database only its hash."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class FailedCode(Base):
    """A wrong linking code, kept for a while to slow down guessing."""

    __tablename__ = "failed_codes"
    __table_args__ = (Index("ix_failed_codes_account_at", "account_id", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    attempted_at: Mapped[datetime]


# -- follow-up ---------------------------------------------------------------------------


class TaskStatus(Base):
    """Where an agency stands on a task in one period (a year for annual tasks)."""

    __tablename__ = "task_statuses"

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    status: Mapped[Status] = mapped_column(stored_enum(Status, 12, "status"))
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class StatusChange(Base):
    """Every status change, with who and when: the task's history."""

    __tablename__ = "status_changes"
    __table_args__ = (Index("ix_status_changes_task", "task_id", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))
    status: Mapped[Status] = mapped_column(stored_enum(Status, 12, "status"))
    note: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime]
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class YearlyResult(Base):
    """A lead agency's one-line result of a task for a year ("Kết quả thực hiện năm 2026"),
    asked for before the plan's report day; it goes into the year's report."""

    __tablename__ = "yearly_results"
    __table_args__ = (UniqueConstraint("task_id", "agency_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class DataVersion(Base):
    """Counters bumped by every change to a kind of data, so that processes holding it in
    memory know, with one small query, when to load it again."""

    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)  # plans | people
    version: Mapped[int] = mapped_column(Integer, default=0)


# -- reminders and delivery ----------------------------------------------------------------


class Reminder(Base):
    """A planned reminder of one task for one agency. The unique key means planning twice
    creates nothing new; the status says what became of it. The key is a unique index
    rather than a table constraint so that SQLite can drop it and build it again around a
    first planning (db.reminders.defer_indexes; PostgreSQL keeps it and drops the others);
    ON CONFLICT works with either.

    Reminders follow their task and agency out (migration 0019: a trigger on each deletes
    a deleted task's or agency's reminders) instead of each stored reminder looking its
    task and agency up: a year of 100,000 tasks is 900,000 reminders, and PostgreSQL spent
    more time in those two lookups a row than in everything else storing them. Only the
    planner writes them, from tasks and agencies it has just read."""

    __tablename__ = "reminders"
    __table_args__ = (
        Index(
            "uq_reminders_task_id_agency_id_period_kind_offset",
            "task_id",
            "agency_id",
            "period",
            "kind",
            "offset",
            unique=True,
        ),
        Index("ix_reminders_status_fire_on", "status", "fire_on"),
        Index("ix_reminders_agency", "agency_id", "fire_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(Integer)  # tasks.id, deleted with it (see above)
    agency_id: Mapped[int] = mapped_column(Integer)  # agencies.id, deleted with it
    period: Mapped[str] = mapped_column(String(10))
    kind: Mapped[ReminderKind] = mapped_column(stored_enum(ReminderKind, 12, "kind"))
    offset: Mapped[int] = mapped_column(Integer)
    due: Mapped[date] = mapped_column(Date)
    fire_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ReminderState] = mapped_column(
        stored_enum(ReminderState, 12, "status"), default=ReminderState.PLANNED
    )
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ReminderInput(Base):
    """What a task's reminders were last planned from: a fingerprint of its timeframe, its
    leads and coordinators, its done periods, its policy and the calendar's years, and how
    far ahead they were planned. Planning again skips a task whose inputs are the same."""

    __tablename__ = "reminder_inputs"

    # tasks.id, deleted with it by a trigger, as a task's reminders are (see Reminder)
    task_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(32))
    planned_until: Mapped[date] = mapped_column(Date)
    planned_at: Mapped[datetime]


class ReminderPlanning(Base):
    """One row: what the last complete planning run saw as a whole (the plans' version, the
    last status change, the calendar and settings, how far ahead). When all are the same, a
    run reads this row and the versions, and stops."""

    __tablename__ = "reminder_planning"

    id: Mapped[int] = mapped_column(primary_key=True)
    plans_version: Mapped[int] = mapped_column(Integer)
    statuses_version: Mapped[int] = mapped_column(Integer)
    settings: Mapped[str] = mapped_column(String(32))
    planned_until: Mapped[date] = mapped_column(Date)
    planned_at: Mapped[datetime]


class OutboxMessage(Base):
    """Everything sent that is not a direct answer: reminders, notices, broadcasts. Rows are
    claimed by one sender at a time (a lease), so a crash loses nothing and two processes
    never send the same row together."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_next", "status", "next_attempt_at"),
        # A sender's claim walks it in order: what waits of one kind, oldest first.
        Index("ix_outbox_claim", "status", "kind", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    # The chat's channel, copied: claiming reads this one table, with no join whose plan
    # could go wrong when a broadcast has just made thousands of rows the statistics miss.
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))  # digest | notice | broadcast
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # A file sent with the text as its caption: {"file_id": ..., "name": ...}.
    document: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)  # "digest:<chat>:<day>"
    status: Mapped[OutboxState] = mapped_column(stored_enum(OutboxState, 10, "status"), default=OutboxState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class ReminderPolicy(Base):
    """A coordinator's changes to the reminder policy for one plan or one task."""

    __tablename__ = "reminder_policies"
    __table_args__ = (
        UniqueConstraint("plan_id"),
        UniqueConstraint("task_id"),
        CheckConstraint("(plan_id IS NULL) <> (task_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    settings: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class ReminderDelivery(Base):
    """A reminder put in one chat's digest: each reminder reaches each chat once."""

    __tablename__ = "reminder_deliveries"

    reminder_id: Mapped[int] = mapped_column(ForeignKey("reminders.id", ondelete="CASCADE"), primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True)
    # None: the chat was quiet (/quiet) that day and the reminder was dropped for it.
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"), index=True)


# -- broadcasts --------------------------------------------------------------------------------


class Broadcast(Base):
    """A coordinator's message to many agencies, with a receipt for each chat."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    audience: Mapped[dict[str, Any]]  # {"kind": "all" | "section" | "task" | "agencies" | "coordinators", ...}
    text: Mapped[str] = mapped_column(Text)  # escaped, as sent
    document: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class BroadcastRecipient(Base):
    """One chat a broadcast goes to, the agency it goes to it for, and its receipt."""

    __tablename__ = "broadcast_recipients"

    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"), index=True)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"), index=True)
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    resent: Mapped[int] = mapped_column(Integer, default=0)


class ConversationState(Base):
    """Where a person is in a guided flow (/broadcast), kept in the database so that any
    process can take the next step."""

    __tablename__ = "conversation_states"

    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    flow: Mapped[str] = mapped_column(String(20))
    step: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class RateSlot(Base):
    """The next moment a rate-limited key (the bot, a chat) may send: shared by every
    process on the database, so that together they stay under the channel's limits."""

    __tablename__ = "rate_slots"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    next_at: Mapped[datetime]
