"""What every answer needs about the event being handled."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from base.events import Incoming
from bot.core.catalogue import Texts
from bot.core.memory import OwnTasks, ReadModel
from db.engine import LazyUnit
from db.people import Throttle
from domain.agencies import AgencyDirectory, AliasTable
from domain.calendar import OfficeCalendar
from domain.people import Actor
from domain.plan_index import PlanIndex
from domain.reminders import Policy


@dataclass(frozen=True)
class CoreSettings:
    zone: ZoneInfo
    admins: frozenset[tuple[str, str]] = frozenset()  # (channel, user id) of administrators
    invite_ttl: timedelta = timedelta(days=7)
    throttle: Throttle = field(default_factory=Throttle)
    calendar: OfficeCalendar = field(default_factory=OfficeCalendar)
    snooze_days: int = 7
    reminder_hour: time = time(8, 0)
    policy: Policy = field(default_factory=Policy)
    # What a plan sent in the chat is imported with: the alias table, and the largest file.
    alias_table: AliasTable = field(default_factory=lambda: AliasTable((), {}))
    upload_limit: int = 5 * 2**20
    # The dashboard's address for /web links (None: no dashboard), and a link's life.
    web_url: str | None = None
    web_link_ttl: timedelta = timedelta(minutes=10)
    horizon_days: int = 400  # how far ahead an exported calendar reaches
    # While every task loads, how long after the load began a question that needs them
    # waits for them before it is asked to come back (a focal point's own lists never wait).
    load_wait: float = 10.0


@dataclass
class Context:
    unit: LazyUnit
    actor: Actor
    texts: Texts
    event: Incoming
    now: datetime
    settings: CoreSettings
    model: ReadModel | OwnTasks  # OwnTasks: an asker's own tasks, while every task loads

    @property
    def session(self) -> AsyncSession:
        """The event's database session, opened only by answers that need one."""
        return self.unit.session

    @property
    def index(self) -> PlanIndex:
        return self.model.index

    @property
    def directory(self) -> AgencyDirectory:
        return self.model.index.directory

    @property
    def plans(self) -> list[str]:
        return self.model.index.plans

    @property
    def today(self) -> date:
        return self.now.astimezone(self.settings.zone).date()

    @property
    def followed_plans(self) -> frozenset[str]:
        """The plans a user's default questions cover: those their agencies have tasks in,
        or every plan for someone who follows no agency (or whose agencies have none)."""
        scope = tuple(a.id for a in self.actor.scope)
        return (self.index.plans_of(scope) if scope else frozenset()) or frozenset(self.plans)

    @property
    def several_plans(self) -> bool:
        """Task codes carry the plan's short name (`NQ20 III.9`) once a user follows more
        than one plan."""
        return len(self.followed_plans) > 1

    def names_plan(self, plan: str) -> bool:
        """Whether a task of ``plan`` is shown with the plan's name: when the asker follows
        several plans, or this one is not theirs."""
        return self.several_plans or plan not in self.followed_plans
