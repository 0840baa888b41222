"""`agencybot`: the command line. Commands only wire settings, database and components.

The chat stack (python-telegram-bot, the channels, charts, the service) is imported inside the
commands that use it: `tasks`, `agencies` or `migrate` then start in a third of the time.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from sqlalchemy.exc import SQLAlchemyError

from base.clock import Clock, fixed_clock, local_today, system_clock
from bot.cli.render import agency_json, agency_line, refusal_lines, report_lines, task_json, task_line
from bot.runtime import Runtime, open_runtime
from bot.settings import Settings, SettingsError, load_settings
from db.agencies import sync_alias_table
from db.engine import safe_url
from db.plans import count_plans
from db.queries import TaskFilter, agency_id_by_name, find_tasks, list_agencies
from domain.agencies import Ambiguous, Found
from domain.calendar import OfficeCalendar
from seed.aliases import AliasFileError
from seed.importer import ImportRefused, PlanFile, bundled_plan, import_plan
from seed.relink import relink_tasks
from seed.table import PlanFormatError

app = typer.Typer(
    name="agencybot",
    help="AgencyBot: reminders and follow-up for the tasks of provincial action plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
T = TypeVar("T")


class _Failure(Exception):
    """A failure already explained in one line for the user."""


def _fail(message: str) -> NoReturn:
    raise _Failure(message)


def _settings() -> Settings:
    try:
        settings = load_settings()
    except SettingsError as error:
        _fail(str(error))
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if settings.log_level != "DEBUG":  # libraries say nothing unless something is wrong
        for name in ("alembic", "apscheduler", "httpx"):
            logging.getLogger(name).setLevel(logging.WARNING)
    return settings


def _with_runtime(work: Callable[[Runtime], Awaitable[T]], clock: Clock = system_clock) -> T:
    settings = _settings()

    async def go() -> T:
        async with open_runtime(settings, clock) as runtime:
            return await work(runtime)

    try:
        return asyncio.run(go())
    except (PlanFormatError, AliasFileError) as error:
        _fail(str(error))
    except (SQLAlchemyError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        _fail(f"database error ({safe_url(settings.database_url)}): {reason}")


async def _plan_after_import(runtime: Runtime) -> list[str]:
    from bot.cli.operations import plan_after_import

    return await plan_after_import(runtime)


def _echo_json(value: object) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="The plan: a Word (.docx) or Excel (.xlsx) file, or its table as text.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and report, save nothing.")] = False,
    plan: Annotated[
        str | None,
        typer.Option(help="Short name of the plan; default: the plan this file is a version of, else the file name."),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title of the plan.")] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Import even when the file would remove most of the plan's tasks, leads or timeframes, "
            "or its header lacks the lead column or does not line up with its cells (see --dry-run first).",
        ),
    ] = False,
) -> None:
    """Import a plan, or update it in place from an edited version."""
    plan_file = PlanFile(path, plan, title)

    async def work(runtime: Runtime) -> list[str]:
        report = await import_plan(
            runtime.sessions,
            plan_file,
            alias_table=runtime.alias_table,
            now=runtime.clock(),
            dry_run=dry_run,
            force=force,
        )
        return report_lines(report) + (await _plan_after_import(runtime) if report.outcome.changed else [])

    try:
        typer.echo("\n".join(_with_runtime(work)))
    except ImportRefused as refused:
        _fail("\n".join(refusal_lines(refused.report)))


@app.command()
def seed(
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Only when the database holds no plan yet.")] = False,
) -> None:
    """Load the plan bundled with AgencyBot (Đồng Nai, Resolution 20-NQ/TW)."""

    async def work(runtime: Runtime) -> list[str]:
        if if_empty:
            async with runtime.sessions() as session:
                if await count_plans(session):
                    return ["The database already holds a plan; the bundled plan was not loaded."]
        report = await import_plan(
            runtime.sessions, bundled_plan(), alias_table=runtime.alias_table, now=runtime.clock()
        )
        return report_lines(report) + (await _plan_after_import(runtime) if report.outcome.changed else [])

    typer.echo("\n".join(_with_runtime(work)))


@app.command()
def migrate() -> None:
    """Bring the database to the current schema (every command does this first)."""
    settings = _settings()
    _with_runtime(_nothing)
    typer.echo(f"Database is up to date: {safe_url(settings.database_url)}")


async def _nothing(_runtime: Runtime) -> None:
    return None


@app.command()
def agencies(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List agencies and groups with their aliases and task counts."""

    async def work(runtime: Runtime) -> list:
        async with runtime.sessions() as session:
            return await list_agencies(session)

    found = _with_runtime(work)
    if as_json:
        _echo_json([agency_json(a) for a in found])
    else:
        typer.echo("\n".join(agency_line(a) for a in found) or "No agencies yet: import a plan first.")


@app.command("reload-agencies")
def reload_agencies() -> None:
    """Re-read the alias table and re-link every task to the agencies it names."""

    async def work(runtime: Runtime) -> list[str]:
        async with runtime.sessions() as session, session.begin():
            entries, abbreviations, successions = runtime.alias_table
            synced = await sync_alias_table(session, entries, abbreviations, runtime.clock(), successions)
            relinked = await relink_tasks(session, abbreviations, runtime.clock())
        lines = [f"Alias table loaded: {len(entries)} entries."]
        lines += [f"  added {name!r}" for name in synced.added]
        lines += [f"  renamed {old!r} to {new!r}" for old, new in synced.renamed]
        lines += [f"  merged {old!r} into {new!r}" for old, new in synced.merged]
        lines.append(f"Tasks re-linked: {relinked.changed} changed, {relinked.unknown} agencies still unknown.")
        return lines

    typer.echo("\n".join(_with_runtime(work)))


def _parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-12-31") from None


@app.command()
def tasks(
    agency: Annotated[str | None, typer.Option(help="Agency as people type it: 'so y te', 'SYT', 'Sở GD&ĐT'.")] = None,
    role: Annotated[
        str, typer.Option(help="With --agency: lead (its own tasks), coordinator (what it only helps with), or any.")
    ] = "lead",
    due_year: Annotated[int | None, typer.Option(help="Tasks due in this year (recurring ones included).")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Time-bound tasks whose deadline has passed.")] = False,
    plan: Annotated[str | None, typer.Option(help="Only this plan (short name).")] = None,
    today: Annotated[str | None, typer.Option(help="Take this date (YYYY-MM-DD) as today.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List tasks, optionally of one agency, due in a year, or overdue."""
    if role not in ("lead", "coordinator", "any"):
        raise typer.BadParameter("use lead, coordinator or any", param_hint="--role")
    settings = _settings()
    day = _parse_day(today)
    clock = fixed_clock(datetime.combine(day, time(12), settings.zone).astimezone(UTC)) if day else system_clock

    async def work(runtime: Runtime) -> list[str] | list[dict]:
        directory = await runtime.directory()
        agency_id = None
        if agency is not None:
            match = directory.resolve(agency)
            if isinstance(match, Ambiguous):
                _fail(f"{agency!r} could mean several agencies: {'; '.join(match.candidates)}. Please be more precise.")
            if not isinstance(match, Found):
                hint = f" Did you mean: {'; '.join(match.suggestions)}?" if match.suggestions else ""
                _fail(f"no agency matches {agency!r}.{hint} 'agencybot agencies' lists them all.")
            async with runtime.sessions() as session:
                agency_id = await agency_id_by_name(session, match.name)
        async with runtime.sessions() as session:
            found = await find_tasks(
                session,
                TaskFilter(
                    plan=plan,
                    agency_ids=(agency_id,) if agency_id is not None else None,
                    role=None if role == "any" else role,
                    due_year=due_year,
                    overdue_on=local_today(runtime.clock, settings.zone) if overdue else None,
                ),
            )
        if as_json:
            today_ = local_today(runtime.clock, settings.zone)
            return [task_json(task, directory, today_) for task in found]
        return [task_line(task) for task in found] or ["No tasks match."]

    result = _with_runtime(work, clock)
    if as_json:
        _echo_json(result)
    else:
        typer.echo("\n".join(result))  # type: ignore[arg-type]


@app.command()
def export(
    plan: Annotated[str, typer.Option(help="Short name of the plan, such as NQ20.")],
    format_: Annotated[str, typer.Option("--format", help="xlsx or csv (the sheet), ics (calendars).")],
    output: Annotated[
        Path | None,
        typer.Option(help="File to write (ics without --agency: a folder, one file per agency)."),
    ] = None,
    agency: Annotated[
        str | None, typer.Option(help="Only this agency: its calendar (ics), or the tasks it leads.")
    ] = None,
    lang: Annotated[str, typer.Option(help="vi or en: the headers and event titles.")] = "vi",
    today: Annotated[str | None, typer.Option(help="Take this date (YYYY-MM-DD) as today.")] = None,
) -> None:
    """Export a plan: its tasks and statuses as a sheet, or deadlines and reminders as calendars."""
    if format_ not in ("xlsx", "csv", "ics"):
        raise typer.BadParameter("use xlsx, csv or ics", param_hint="--format")
    if lang not in ("vi", "en"):
        raise typer.BadParameter("use vi or en", param_hint="--lang")
    settings = _settings()

    async def work(runtime: Runtime) -> list[str]:
        from bot.cli.export import export_files

        written = await export_files(runtime, plan, format_, output, agency, lang)
        if isinstance(written, str):
            _fail(written)
        return [f"Wrote {path} ({what})" for path, what in written]

    typer.echo("\n".join(_with_runtime(work, _clock_for(_parse_day(today), settings))))


@app.command()
def run() -> None:
    """Start the service: Telegram and Zalo when their tokens are set, else a terminal chat as an admin."""
    from telegram.error import InvalidToken, NetworkError

    from bot.channels.zalo_client import ZaloError, ZaloUnauthorized
    from bot.service import DashboardUnavailable, serve

    try:
        _with_runtime(serve)
    except InvalidToken:
        _fail("Telegram refused TELEGRAM_BOT_TOKEN: copy the token again from @BotFather")
    except NetworkError as error:
        _fail(f"Telegram could not be reached at TELEGRAM_API_BASE_URL ({error})")
    except ZaloUnauthorized:
        _fail("Zalo refused ZALO_BOT_TOKEN (401 Unauthorized): copy the token again from the Zalo Bot Platform")
    except ZaloError as error:
        _fail(f"the Zalo channel could not start: {error}")
    except DashboardUnavailable as error:
        _fail(f"{error}; set WEB_PORT to a free port, or WEB_ENABLED=false")


@app.command()
def web() -> None:
    """Serve the dashboard alone (no bot) on WEB_LISTEN:WEB_PORT, from the same database; login
    links come from the bot (/web in the chat)."""
    from bot.service import DashboardUnavailable, announce, core_settings
    from bot.web.app import serve_alone

    async def work(runtime: Runtime) -> None:
        admins = core_settings(runtime.settings, OfficeCalendar()).admins
        await serve_alone(runtime, admins, announce)

    try:
        _with_runtime(work)
    except DashboardUnavailable as error:
        _fail(f"{error}; set WEB_PORT to a free port")
    except KeyboardInterrupt:
        pass


@app.command()
def chat(
    as_agency: Annotated[str, typer.Option("--as", help="The agency whose focal point you play: 'so y te', 'SYT'.")],
) -> None:
    """Chat in the terminal as the focal point of an agency."""
    from bot.cli.operations import chat_as

    async def work(runtime: Runtime) -> str | None:
        return await chat_as(runtime, as_agency)

    if (problem := _with_runtime(work)) is not None:
        _fail(problem)


reminders_app = typer.Typer(
    help="Reminders: see the calendar a plan produces, or send what is due now.", no_args_is_help=True
)
app.add_typer(reminders_app, name="reminders")


def _clock_for(day: date | None, settings: Settings, hour: int = 9) -> Clock:
    """The system clock, or a fixed moment on ``day`` (office time) to replay a date."""
    if day is None:
        return system_clock
    return fixed_clock(datetime.combine(day, time(hour), settings.zone).astimezone(UTC))


@reminders_app.command("plan")
def reminders_plan(
    first: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    last: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the reminders the plans produce between two days. Sends and stores nothing."""
    start, end = _parse_day(first), _parse_day(last)
    assert start is not None and end is not None
    if end < start:
        raise typer.BadParameter("--to is before --from")
    settings = _settings()

    async def work(runtime: Runtime) -> list[dict]:
        async with runtime.sessions() as session:
            from bot.cli.operations import reminder_calendar

            return await reminder_calendar(session, settings, start, end)

    rows = _with_runtime(work)
    if as_json:
        _echo_json(rows)
        return
    for row in rows:
        typer.echo(
            f"{row['date']} {row['weekday']}  {row['kind']:<10} {row['plan']} {row['code']:<7} "
            f"{row['agency']}  (due {row['due']})"
        )
    typer.echo(f"{len(rows)} reminders.")


@reminders_app.command("send-due")
def reminders_send_due(
    today: Annotated[str | None, typer.Option(help="Run as if it were this day (YYYY-MM-DD), 09:00.")] = None,
) -> None:
    """Run one pass: plan, put what is due in the digests, send the outbox."""
    settings = _settings()
    clock = _clock_for(_parse_day(today), settings)

    async def work(runtime: Runtime) -> list[str]:
        from bot.cli.operations import send_due_once

        return await send_due_once(runtime)

    typer.echo("\n".join(_with_runtime(work, clock)))


outbox_app = typer.Typer(help="The messages waiting to be sent: reminders, notices, broadcasts.", no_args_is_help=True)
app.add_typer(outbox_app, name="outbox")


@outbox_app.command("send")
def outbox_send() -> None:
    """Send everything due in the outbox now, then stop (`agencybot run` does this every minute)."""
    from bot.cli.operations import send_outbox_once

    typer.echo("\n".join(_with_runtime(send_outbox_once)))


def main() -> None:
    try:
        app()
    except _Failure as failure:
        typer.echo(f"agencybot: {failure}", err=True)
        raise SystemExit(1) from None
    except Exception as error:  # a bug: say so in one line, the details go to the log
        logging.getLogger("agencybot").debug("unexpected error", exc_info=True)
        typer.echo(
            f"agencybot: unexpected error ({type(error).__name__}: {error}); run with LOG_LEVEL=DEBUG for details",
            err=True,
        )
        raise SystemExit(2) from None
