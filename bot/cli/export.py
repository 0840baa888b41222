"""`agencybot export`: wires the database, the export data and the file writers."""

from __future__ import annotations

from pathlib import Path

from base.clock import local_today
from bot.core.catalogue import Texts
from bot.export.data import UnknownPlan, agencies_of, load_plan
from bot.export.files import export_files as files_of
from bot.export.files import slug
from bot.runtime import Runtime
from domain.agencies import Found


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
        chosen = None
        if agency is not None:
            match = data.index.directory.resolve(agency)
            chosen = [(i, n) for i, n in agencies_of(data) if isinstance(match, Found) and n == match.name]
            if not chosen:
                return f"no agency of plan {data.plan} matches {agency!r}"
        files = await files_of(
            session,
            data,
            kind,
            texts,
            today=today,
            now=runtime.clock(),
            policy=settings.policy,
            zone=settings.timezone,
            horizon_days=settings.reminder_horizon_days,
            agencies=chosen,
        )
    written = []
    for file in files:
        if kind == "ics":
            folder = output if (output and agency is None) else Path(f"{slug(data.plan)}-ics")
            path = output if (output and agency is not None) else folder / file.name
        else:
            path = output or Path(file.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.content)
        written.append((path, file.what))
    return written
