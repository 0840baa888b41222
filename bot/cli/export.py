"""`agencybot export`: wires the database, the export data and the file writers."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from base.clock import local_today
from bot.core.catalogue import Texts
from bot.export.calendar import to_ics
from bot.export.data import UnknownPlan, agencies_of, agency_counts, calendar_events, load_plan, task_rows
from bot.export.sheet import to_csv, to_xlsx
from bot.runtime import Runtime
from db.reminders import Window
from domain.agencies import Found
from domain.text import fold


def _slug(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", fold(name)).strip("-") or "agency"


async def export_files(
    runtime: Runtime, plan: str, kind: str, output: Path | None, agency: str | None, language: str
) -> list[tuple[Path, str]] | str:
    """The files written and what each holds, or a one-line reason nothing was."""
    settings, texts = runtime.settings, Texts(language)
    today = local_today(runtime.clock, settings.zone)
    async with runtime.sessions() as session:
        try:
            data = await load_plan(session, plan, runtime.alias_table[1], settings.policy.report_due)
        except UnknownPlan:
            return f"no plan {plan!r}; the plans are listed by 'agencybot tasks' (first column)"
        if kind in ("xlsx", "csv"):
            rows = await task_rows(session, data, today)
            if kind == "xlsx":
                content = to_xlsx(texts, data.plan, rows, await agency_counts(session, data, today))
            else:
                content = to_csv(texts, rows)
            path = output or Path(f"{_slug(data.plan)}.{kind}")
            path.write_bytes(content)
            return [(path, f"{len(rows)} tasks")]
        window = Window(date(today.year, 1, 1), today + timedelta(days=settings.reminder_horizon_days))
        events = await calendar_events(session, data, settings.policy, window)
    agencies = agencies_of(data)
    if agency is not None:
        match = data.index.directory.resolve(agency)
        chosen = [(i, n) for i, n in agencies if isinstance(match, Found) and n == match.name]
        if not chosen:
            return f"no agency of plan {data.plan} matches {agency!r}"
        agencies = chosen
    folder = output if (output and agency is None) else Path(f"{_slug(data.plan)}-ics")
    written = []
    for agency_id, name in agencies:
        path = output if (output and agency is not None) else folder / f"{_slug(name)}.ics"
        path.parent.mkdir(parents=True, exist_ok=True)
        found = events.get(agency_id, [])
        path.write_bytes(to_ics(texts, f"{data.plan} · {name}", found, settings.timezone, runtime.clock()))
        written.append((path, f"{name}: {len(found)} events"))
    return written
