"""Benchmark: how soon `agencybot run` answers after it starts on a large installation.

Builds the database of bench/chat.py (100,000 tasks, 2,000 agencies, 20,000 linked users)
on SQLite and PostgreSQL, plans its reminders once (so that each start is a restart, as
in production), then starts `agencybot run` against the Telegram stand-in with a focal
point's question ("nhiệm vụ của tôi đến hạn năm nay") already waiting, and prints the
seconds from the process's start to its answer; then the same for a coordinator's
/summary of the whole plan, asked at start. Each answer is checked against the one the
conversation core gives with everything loaded: a quick answer that is wrong fails the
run. Target: the first answer within 5 s of start (issue "National scale").

The focal point's question is answered from its agency's own tasks while every task still
loads; the coordinator's summary of the whole plan needs every task, so its time is the
time to load them all.

With --before REF (repeatable) the code of that git revision is started the same way, in
turn with the current code, so that all are measured in the same run on the same machine.

Usage: .venv/bin/python bench/startup.py [--tasks 100000] [--before REF ...] [--runs 3]
       [--keep DIR] [--sqlite FILE --postgres-database URL]  (reuse a kept database)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from sqlalchemy import select, update  # noqa: E402

from base.events import ChatKind, Incoming  # noqa: E402
from bench.chat import QUESTION, USER_BASE, generate_plan, populate  # noqa: E402
from bench.common import drop_postgres, fresh_postgres  # noqa: E402
from bot.runtime import open_runtime  # noqa: E402
from bot.service import Service  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from db.models import Account  # noqa: E402
from standins.telegram import TelegramStandIn  # noqa: E402

COORDINATOR = USER_BASE - 1  # made a coordinator here: the whole plan is theirs to follow
SUMMARY = "/summary"


async def prepare(url: str, plan: Path, users: int) -> None:
    """The database of bench/chat.py, a coordinator, and the reminders planned once."""
    await populate(url, plan, users)
    async with open_runtime(load_settings(_env_file=None, database_url=url)) as runtime:
        async with runtime.sessions() as session, session.begin():
            now = datetime.now(UTC)
            chat = USER_BASE + users - 2  # an account of populate() made a coordinator
            await session.execute(
                update(Account).where(Account.external_id == str(chat)).values(role="coordinator", last_seen_at=now)
            )
        await Service(runtime).reminders.plan()


async def expected(url: str, users: int) -> dict[int, str]:
    """What each asker must be told: the answer of the core with everything loaded."""
    found = {}
    async with open_runtime(load_settings(_env_file=None, database_url=url)) as runtime:
        conversation = Service(runtime).conversation
        await conversation.warm_up()
        for chat, text in _questions(users):
            event = Incoming("telegram", str(chat), ChatKind.PRIVATE, str(chat), "Người hỏi", None, "vi", text)
            found[chat] = str((await conversation.handle(event)).replies[0].text)
        async with runtime.sessions() as session:
            role = await session.scalar(select(Account.role).where(Account.external_id == str(USER_BASE + users - 2)))
            assert role == "coordinator", role
    return found


def _questions(users: int) -> list[tuple[int, str]]:
    return [(USER_BASE + users - 1, QUESTION), (USER_BASE + users - 2, SUMMARY)]


def _command(code: Path | None) -> tuple[list[str], dict[str, str]]:
    """`agencybot run` of this tree, or of the code exported to ``code``."""
    if code is None:
        return [str(Path(sys.executable).parent / "agencybot"), "run"], {}
    return [sys.executable, "-c", "from bot.cli import main; main()", "run"], {"PYTHONPATH": str(code)}


async def one_start(url: str, code: Path | None, users: int, answers: dict[int, str], log: Path) -> dict[int, float]:
    """Seconds from the process's start to each asker's (correct) answer."""
    command, extra = _command(code)
    async with TelegramStandIn() as tg:
        env = {
            **os.environ,
            **extra,
            "TELEGRAM_BOT_TOKEN": tg.token,
            "TELEGRAM_API_BASE_URL": tg.base_url,
            "LOG_LEVEL": "INFO",
            "WEB_ENABLED": "false",
            "DATABASE_URL": url,
        }
        for chat, text in _questions(users):
            tg.push_text(chat, text, first_name="Người hỏi")
        with log.open("wb") as err:
            started = time.perf_counter()
            bot = await asyncio.create_subprocess_exec(
                *command, env=env, stdin=asyncio.subprocess.DEVNULL, stderr=err, cwd=code or ROOT
            )
            try:
                seconds = {}

                async def answered(chat: int) -> None:
                    reply = await tg.next_message(chat, timeout=180)
                    seconds[chat] = time.perf_counter() - started
                    assert reply.text == answers[chat], f"wrong answer to {chat}:\n{reply.text}\n---\n{answers[chat]}"

                await asyncio.gather(*(answered(chat) for chat in answers))
            finally:
                bot.terminate()
                await bot.wait()
    return seconds


def export(ref: str, into: Path) -> Path:
    """The tree of a git revision, to start it as it was."""
    into.mkdir()
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=2_000)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--before", action="append", default=[], help="a git revision to measure beside the current")
    parser.add_argument("--runs", type=int, default=3, help="starts of each code on each database")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--keep", type=Path, help="build the databases and keep them in this directory")
    parser.add_argument("--sqlite", type=Path, help="a SQLite file built with --keep")
    parser.add_argument("--postgres-database", help="a PostgreSQL database built with --keep")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(exist_ok=True)
        pg_name = None
        if args.sqlite and args.postgres_database:
            sqlite, pg_url = f"sqlite:///{args.sqlite}", args.postgres_database
        else:
            plan = Path(tmp) / "plan.txt"
            generate_plan(plan, args.tasks, args.agencies)
            sqlite = f"sqlite:///{work / 'startup.db'}"
            pg_url, pg_name = await fresh_postgres(args.postgres, "startup")
            started = time.perf_counter()
            await asyncio.gather(prepare(sqlite, plan, args.users), prepare(pg_url, plan, args.users))
            print(f"built in {time.perf_counter() - started:.0f} s: {sqlite} and {pg_url}")
        try:
            codes: list[tuple[str, Path | None]] = [
                (ref, export(ref, Path(tmp) / f"before-{n}")) for n, ref in enumerate(args.before)
            ]
            codes.append(("current", None))
            print(
                f"{args.tasks:,} tasks, {args.agencies:,} agencies, {args.users:,} users, reminders planned: "
                "seconds from `agencybot run` starting to the answer through the Telegram stand-in "
                f"(load average at start: {os.getloadavg()[0]:.1f})\n"
            )
            print(f"{'database, code':<34}{'focal point: mine due':>24}{'coordinator: /summary':>24}")
            for name, url in (("SQLite", sqlite), ("PostgreSQL", pg_url)):
                answers = await expected(url, args.users)
                focal, coordinator = (chat for chat, _ in _questions(args.users))
                times: dict[str, list[dict[int, float]]] = {label: [] for label, _ in codes}
                for run in range(args.runs):
                    for label, code in codes:
                        log = work / f"start-{name}-{label}-{run}.log"
                        times[label].append(await one_start(url, code, args.users, answers, log))
                for label, _ in codes:
                    cells = []
                    for chat in (focal, coordinator):
                        values = [t[chat] for t in times[label]]
                        cells.append(f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})")
                    print(f"{name + ', ' + label:<34}{cells[0]:>24}{cells[1]:>24}")
            print(
                f"\nmedian (min-max) of {args.runs} starts; every answer was the fully loaded core's "
                f"(load average at the end: {os.getloadavg()[0]:.1f})"
            )
        finally:
            if pg_name and not args.keep:
                await drop_postgres(args.postgres, pg_name)


if __name__ == "__main__":
    asyncio.run(main())
