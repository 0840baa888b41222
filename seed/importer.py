"""Importing a plan file into the database, in one transaction, with a report."""

from __future__ import annotations

import gc
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.agencies import (
    SyncResult,
    add_plan_agencies,
    agency_ids,
    ensure_successions,
    refresh_memberships,
    sync_alias_table,
)
from db.plans import SaveOutcome, live_tasks, plans_from_source, save_plan, stored_task_keys
from db.versions import Data, bump
from domain.agencies import AliasTable
from domain.plan_table import ParsedPlan
from domain.text import fold
from seed.formats import read_table
from seed.import_guard import Risk, StoredTask, readable, table_risks, version_risks
from seed.plan_identity import version_of
from seed.plan_reader import read_plan
from seed.table import PlanFormatError, RawRow


@dataclass(frozen=True)
class PlanFile:
    """A plan file: read from ``path``, or, when ``content`` is given (an upload), those
    bytes, with ``path`` only naming the file."""

    path: Path
    short_name: str | None  # None: the plan this file is a version of, else from the file name
    title: str | None = None
    content: bytes | None = None
    strict: bool = False  # only the known file types (uploads); else other names are read as text

    @property
    def source(self) -> str:
        """How reports and errors name the file: its path, or an upload's name."""
        return self.path.name if self.content is not None else str(self.path)

    def data(self) -> bytes:
        return self.content if self.content is not None else read_plan_bytes(self.path)


def bundled_plan() -> PlanFile:
    """The seed plan shipped with the package: Đồng Nai's plan for Resolution 20-NQ/TW."""
    return PlanFile(
        path=Path(str(resources.files("seed") / "data" / "nq20_dong_nai.txt")),
        short_name="NQ20",
        title=(
            "Kế hoạch thực hiện Nghị quyết số 20-NQ/TW về tăng cường công tác bảo vệ, "
            "chăm sóc và nâng cao sức khỏe Nhân dân trong tình hình mới (tỉnh Đồng Nai)"
        ),
    )


def short_name_for(path: Path) -> str:
    """A default plan name from the file name: `ke-hoach 2026.txt` -> `KE-HOACH-2026`."""
    name = re.sub(r"[^0-9A-Za-z]+", "-", fold(path.stem)).strip("-").upper()
    return (name or "PLAN")[:40]


@dataclass
class ImportReport:
    source: str
    plan: str
    dry_run: bool
    parsed: ParsedPlan
    outcome: SaveOutcome
    aliases: SyncResult
    new_agencies: list[str]
    # What the file would lose or misread; an import with risks needs force.
    risks: list[Risk] = field(default_factory=list)
    # Closest known names of each new agency, for a person to merge a misspelling.
    closest: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def kinds(self) -> Counter[str]:
        return Counter(task.timeframe.kind.value for task in self.parsed.tasks)

    @property
    def known_agencies(self) -> int:
        return len({a.name for t in self.parsed.tasks for a in (*t.leads, *t.coordinators) if a.known})


def read_plan_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise PlanFormatError(str(path), "this is a folder, not a plan file") from None
    except FileNotFoundError:
        raise PlanFormatError(str(path), "no such file") from None
    except OSError as error:
        raise PlanFormatError(str(path), f"cannot read the file ({error.strerror})") from None


class ImportRefused(Exception):
    """The import would lose most of a plan's tasks, leads or timeframes, or its columns do
    not line up: nothing was saved. The report says what would be lost."""

    def __init__(self, report: ImportReport):
        super().__init__(", ".join(risk.kind.value for risk in report.risks))
        self.report = report


async def import_plan(
    sessions: async_sessionmaker[AsyncSession],
    plan_file: PlanFile,
    *,
    alias_table: AliasTable,
    now: datetime,
    dry_run: bool = False,
    force: bool = False,
) -> ImportReport:
    """Read, check and store a plan. Any error leaves the database as it was; a dry run
    does all the work and then rolls it back, so its report shows what would change. An
    import with risks (see seed/import_guard.py) raises ImportRefused unless forced."""
    async with sessions() as session:
        try:
            report = await import_in(session, plan_file, alias_table=alias_table, now=now, dry_run=dry_run, force=force)
        except BaseException:
            await session.rollback()
            raise
        if dry_run:
            await session.rollback()
        else:
            await session.commit()
    return report


def read_file_rows(plan_file: PlanFile) -> tuple[list[RawRow], bytes]:
    """The table's rows and the file's bytes; PlanFormatError when it is not a plan table."""
    data = plan_file.data()
    return read_table(data, plan_file.source, strict=plan_file.strict), data


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a plan is read and saved: its tens of thousands
    of new objects (none of them in cycles) set off full collections again and again, an
    eighth of a large import's time; what cycles there are wait until the end."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


async def import_in(
    session: AsyncSession,
    plan_file: PlanFile,
    *,
    alias_table: AliasTable,
    now: datetime,
    dry_run: bool = False,
    imported_by: int | None = None,
    rows: list[RawRow] | None = None,
    force: bool = False,
) -> ImportReport:
    """The import inside the caller's transaction: committing or rolling back (a dry run,
    or ImportRefused) is the caller's decision. ``rows``: the file's, when the caller has
    read them already."""
    with _gc_paused():
        return await _import_in(session, plan_file, alias_table, now, dry_run, imported_by, rows, force)


async def _import_in(
    session: AsyncSession,
    plan_file: PlanFile,
    alias_table: AliasTable,
    now: datetime,
    dry_run: bool,
    imported_by: int | None,
    rows: list[RawRow] | None,
    force: bool,
) -> ImportReport:
    if rows is None:
        rows, data = read_file_rows(plan_file)
    else:
        data = plan_file.data()
    # Nothing more is read from the bytes, nor below from the rows once parsed: a large
    # plan's are not held while it is saved.
    content_hash = hashlib.sha256(data).hexdigest()
    del data
    entries, abbreviations, successions = alias_table
    source = plan_file.source
    aliases = await sync_alias_table(session, entries, abbreviations, now, successions)
    # the directory sync_alias_table read from the database, with the table's rules by kind
    # (as load_directory gives them): built once, not once more here
    assert aliases.directory is not None
    directory = aliases.directory.with_successions(
        [*aliases.directory.successions, *(r for r in successions if r.kind is not None)]
    )
    parsed = read_plan(rows, directory, source)
    del rows

    unknown = {a.name: a.text for t in parsed.tasks for a in (*t.leads, *t.coordinators) if not a.known}
    seen = set((await agency_ids(session)).values())
    ids = await add_plan_agencies(session, unknown, directory, now)
    new_agencies = []  # each once, by its first name: a second spelling of it shares its id
    for name, id_ in ids.items():
        if id_ not in seen:
            new_agencies.append(name)
            seen.add(id_)
    # "UBND huyện X": the communes today; "Báo Quảng Ngãi": Quảng Ngãi's merged media body
    succeeded = await ensure_successions(session, [*unknown, *new_agencies], directory)
    if new_agencies or succeeded:
        await refresh_memberships(session, abbreviations)
        await bump(session, Data.PLANS)

    short_name = plan_file.short_name or await _recognised_plan(session, parsed, plan_file)
    stored = {
        code: StoredTask(has_lead, readable(kind))
        for code, (has_lead, kind) in (await live_tasks(session, short_name)).items()
    }
    risks = table_risks(parsed) + version_risks(stored, parsed)
    del stored
    outcome = await save_plan(
        session,
        parsed,
        short_name=short_name,
        title=plan_file.title,
        source_name=plan_file.path.name,
        content_hash=content_hash,
        agency_ids=ids,
        now=now,
        imported_by=imported_by,
    )
    closest = {name: directory.suggestions(name) for name in unknown}
    report = ImportReport(source, short_name, dry_run, parsed, outcome, aliases, new_agencies, risks, closest)
    if risks and not dry_run and not force:
        raise ImportRefused(report)
    return report


async def _recognised_plan(session: AsyncSession, parsed: ParsedPlan, plan_file: PlanFile) -> str:
    """A plan imported before from a file of this name, else the plan with mostly these
    tasks, else a new plan named after the file."""
    by_source = await plans_from_source(session, plan_file.path.name)
    if len(by_source) == 1:
        return by_source[0]
    return version_of(parsed, await stored_task_keys(session)) or short_name_for(plan_file.path)
