"""The export's files as bytes, named: what `agencybot export` writes and what the chat sends.

One function for both, so a file from the chat is the command line's file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.catalogue import Texts
from bot.export.calendar import to_ics
from bot.export.data import PlanData, agencies_of, agency_counts, calendar_events, task_rows
from bot.export.sheet import to_csv, to_xlsx
from db.reminders import Window
from domain.reminders import Policy
from domain.text import fold

FORMATS = ("xlsx", "csv", "ics")


@dataclass(frozen=True)
class ExportFile:
    name: str
    content: bytes
    what: str  # "65 tasks", "Sở Y tế: 12 events"
    count: int


def slug(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", fold(name)).strip("-") or "agency"


def only_agencies(data: PlanData, agency_ids: Sequence[int]) -> PlanData:
    """The plan limited to the tasks these agencies lead (an agency's own export)."""
    own = {i for agency in agency_ids for i in data.index.scope_tasks((agency,))}
    return replace(data, task_ids=[i for i in data.task_ids if i in own])


async def export_files(
    session: AsyncSession,
    data: PlanData,
    kind: str,
    texts: Texts,
    *,
    today: date,
    now: datetime,
    policy: Policy,
    zone: str,
    horizon_days: int,
    agencies: Sequence[tuple[int, str]] | None = None,
) -> list[ExportFile]:
    """xlsx or csv: one sheet of the plan's tasks (only those the agencies lead, when given);
    ics: one calendar per agency (the given ones, or every agency of the plan)."""
    if kind in ("xlsx", "csv"):
        name = slug(data.plan) if agencies is None else f"{slug(data.plan)}-{slug(agencies[0][1])}"
        sheet = data if agencies is None else only_agencies(data, [i for i, _n in agencies])
        rows = await task_rows(session, sheet, today)
        if kind == "xlsx":
            counts = await agency_counts(session, data, today)
            if agencies is not None:
                names = {n for _i, n in agencies}
                counts = [(n, c) for n, c in counts if n in names]
            content = to_xlsx(texts, data.plan, rows, counts)
        else:
            content = to_csv(texts, rows)
        return [ExportFile(f"{name}.{kind}", content, f"{len(rows)} tasks", len(rows))]
    if kind != "ics":
        raise ValueError(kind)
    window = Window(date(today.year, 1, 1), today + timedelta(days=horizon_days))
    events = await calendar_events(session, data, policy, window)
    files = []
    for agency_id, name in agencies_of(data) if agencies is None else agencies:
        found = events.get(agency_id, [])
        content = to_ics(texts, f"{data.plan} · {name}", found, zone, now)
        files.append(ExportFile(f"{slug(name)}.ics", content, f"{name}: {len(found)} events", len(found)))
    return files
