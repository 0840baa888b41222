"""How the command line shows import reports, tasks and agencies (text and JSON)."""

from __future__ import annotations

from datetime import date
from typing import Any

from db.queries import AgencyView
from domain.agencies import AgencyDirectory
from domain.periods import periods_between
from domain.plan_table import Problem, ProblemKind
from domain.tasks import TaskView
from domain.timeframes import Kind, Timeframe
from seed.import_guard import Risk, RiskKind
from seed.importer import ImportReport

_PROBLEM_TEXT = {
    ProblemKind.UNKNOWN_AGENCY: "unknown agency {detail!r} (not in the alias table; kept as unverified)",
    ProblemKind.NO_LEAD: "no lead agency",
    ProblemKind.BLANK_TIMEFRAME: "no timeframe given",
    ProblemKind.UNPARSED_TIMEFRAME: "timeframe not understood, kept as written: {detail!r}",
    ProblemKind.UNRECOGNISED_FUNDING: "funding source not recognised, kept as written: {detail!r}",
    ProblemKind.MISSING_CELLS: "missing cells: {detail}",
    ProblemKind.EXTRA_CELLS: "cells beyond the last column, kept as extra: {detail!r}",
    ProblemKind.UNNUMBERED_ROW: "row without a task number ({detail!r}), given this code",
    ProblemKind.DUPLICATE_CODE: "task number used twice in its section ({detail}), given this code",
    ProblemKind.IGNORED_ROW: "row outside any task, not imported: {detail!r}",
    ProblemKind.PROVINCE_UNSURE: "{detail!r} read as the alias table's province's body",
    ProblemKind.HEADING_ROW: "heading of the tasks numbered under it (no lead, no timeframe), "
    "not imported as a task: {detail!r}",
}


def problem_line(problem: Problem) -> str:
    where = f"{problem.code} (line {problem.line})" if problem.code else f"line {problem.line}"
    why = f" ({problem.why})" if problem.why else ""
    return f"  {where}: {_PROBLEM_TEXT[problem.kind].format(detail=problem.detail)}{why}"


_RISK_TEXT = {
    RiskKind.NO_LEAD_COLUMN: "no column of the header names the lead agency (Cơ quan chủ trì); "
    "every task would have no lead. Header read: {detail}",
    RiskKind.MISALIGNED: "the cells do not line up with the header: {count} of {total} rows have cells "
    "beyond it or without the cells it names. Header read: {detail}",
    RiskKind.REMOVES_TASKS: "{count} of the plan's {total} tasks would be removed",
    RiskKind.REMOVES_LEADS: "{count} of the {total} tasks with a lead agency would lose it",
    RiskKind.REMOVES_TIMEFRAMES: "{count} of the {total} tasks with a readable timeframe would lose it",
}
_CODES_SHOWN = 30


def risk_line(risk: Risk) -> str:
    text = _RISK_TEXT[risk.kind].format(count=risk.count, total=risk.total, detail=risk.detail)
    if risk.codes:
        more = f" and {len(risk.codes) - _CODES_SHOWN} more" if len(risk.codes) > _CODES_SHOWN else ""
        text += f": {', '.join(risk.codes[:_CODES_SHOWN])}{more}"
    return f"  {text}"


def refusal_lines(report: ImportReport) -> list[str]:
    """Why an import was refused, with what it would lose; nothing was saved."""
    return [
        f"Refused: importing {report.source} as plan {report.plan} would damage it. Nothing was saved.",
        *map(risk_line, report.risks),
        "Check the file (its header row, and that it is the right plan). To see everything the import "
        "would change, run it with --dry-run; to import it anyway, add --force.",
    ]


def report_lines(report: ImportReport) -> list[str]:
    parsed, outcome = report.parsed, report.outcome
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(report.kinds.items(), key=lambda kv: -kv[1]))
    head = "Dry run of" if report.dry_run else "Imported"
    lines = [
        f"{head} {report.source} as plan {report.plan}" + (" (nothing was saved)" if report.dry_run else ""),
        f"  {len(parsed.tasks)} tasks in {len(parsed.sections)} sections; timeframes: {kinds}",
        *([f"  a plan of {parsed.province}: “tỉnh” in its cells is {parsed.province}"] if parsed.province else []),
        f"  agencies: {report.known_agencies} recognised, {len(report.new_agencies)} new",
    ]
    for name in report.new_agencies:
        closest = report.closest.get(name)
        lines.append(f"    new: {name}" + (f" (closest known: {'; '.join(closest)})" if closest else ""))
    if report.risks:
        lines.append("Would damage the plan (an import without --force is refused):")
        lines.extend(map(risk_line, report.risks))
    if outcome.changed:
        lines.append(
            f"  changes: {len(outcome.added)} added, {len(outcome.updated)} updated, "
            f"{len(outcome.removed)} removed, {outcome.unchanged} unchanged"
        )
        if outcome.removed:
            lines.append(f"  no longer in the plan (kept, marked removed): {', '.join(outcome.removed)}")
    else:
        lines.append("  no changes: the database already holds this version of the plan")
    for old, new in report.aliases.renamed:
        lines.append(f"  alias table: {old!r} renamed to {new!r}")
    for old, new in report.aliases.merged:
        lines.append(f"  alias table: {old!r} merged into {new!r}")
    if parsed.problems:
        lines.append(f"Problems to review ({len(parsed.problems)}):")
        lines.extend(problem_line(p) for p in parsed.problems)
    else:
        lines.append("No data-quality problems.")
    return lines


def describe_timeframe(timeframe: Timeframe) -> str:
    raw = timeframe.raw or "no timeframe"
    if timeframe.kind is Kind.ANNUAL and timeframe.recurring_due:
        return f"{raw} (every year by {timeframe.recurring_due.day:02d}/{timeframe.recurring_due.month:02d})"
    if timeframe.is_recurring and timeframe.period_due:
        due = timeframe.period_due
        return f"{raw} ({timeframe.kind.value}, by day {due.day} of month {due.month} of each period)"
    if timeframe.deadline and timeframe.is_time_bound:
        return f"{raw} (due {timeframe.deadline:%d/%m/%Y})"
    if timeframe.kind is Kind.CONDITIONAL:
        return f"{raw} (on condition, no date)"
    return raw


def task_line(task: TaskView, width: int = 90) -> str:
    content = task.content.replace("\n", " ")
    if len(content) > width:
        content = content[: width - 1] + "…"
    leads = ", ".join(task.leads) or "-"
    return f"{task.plan} {task.code:<7} {describe_timeframe(task.timeframe)} | lead: {leads}\n    {content}"


def task_json(task: TaskView, directory: AgencyDirectory, today: date | None = None) -> dict[str, Any]:
    timeframe = task.timeframe
    leads = list(dict.fromkeys(directory.current(name) for name in task.leads))
    coordinators = [name for name in dict.fromkeys(map(directory.current, task.coordinators)) if name not in leads]
    members = directory.expand_all(task.leads)
    due = next(iter(periods_between(timeframe, today, date.max)), None) if today else None
    return {
        "plan": task.plan,
        "code": task.code,
        "section": task.section,
        "section_title": task.section_title,
        "number": task.number,
        "content": task.content,
        # The bodies that own the task today: as the plan names them, with the successor of a
        # body abolished in 2025; a group stays a group (lead_members lists its members).
        "leads": leads,
        "coordinators": coordinators,
        "leads_as_written": list(task.leads),
        "coordinators_as_written": list(task.coordinators),
        "lead_members": members,
        # A body both leading (through a group) and coordinating is listed as a lead only.
        "coordinator_members": [n for n in directory.expand_all(task.coordinators) if n not in members],
        "due": due.due.isoformat() if due and due.due else None,
        "timeframe": {
            "raw": timeframe.raw,
            "kind": timeframe.kind.value,
            "start": timeframe.start.isoformat() if timeframe.start else None,
            "deadline": timeframe.deadline.isoformat() if timeframe.deadline else None,
            "recurring_due": str(timeframe.recurring_due) if timeframe.recurring_due else None,
            "period_due": str(timeframe.period_due) if timeframe.period_due else None,
            "condition": timeframe.condition,
        },
        "funding": {"raw": task.funding_raw, "sources": list(task.funding_sources)},
        "extra": task.extra,
    }


def agency_json(agency: AgencyView) -> dict[str, Any]:
    return {
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "is_group": agency.is_group,
        "verified": agency.verified,
        "aliases": list(agency.aliases),
        "members": list(agency.members),
        "lead_tasks": agency.lead_tasks,
        "coordinated_tasks": agency.coordinated_tasks,
    }


def agency_line(agency: AgencyView) -> str:
    label = agency.name + (f" ({agency.short_name})" if agency.short_name else "")
    flags = []
    if agency.is_group:
        flags.append(f"group of {len(agency.members)}" if agency.members else "group, members not listed")
    if not agency.verified:
        flags.append("not in the alias table")
    suffix = f" [{'; '.join(flags)}]" if flags else ""
    return f"{label}{suffix}: leads {agency.lead_tasks}, coordinates {agency.coordinated_tasks}"
