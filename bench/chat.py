"""Benchmark: answering "nhiệm vụ của tôi đến hạn năm nay" on a large installation.

Builds a database of 100,000 tasks, 2,000 agencies and 20,000 linked users, then prints in
one run:
  - p50/p99 of the conversation core answering "due this year" on SQLite and PostgreSQL;
  - `agencybot run` starting on it with reminders never planned: seconds to the answer of a
    question sent at start, the slowest answer while planning runs in the background, how
    long planning took, and queue runs skipped for overlap (target: answer within 5 s, none);
  - update-to-reply time through the Telegram stand-in for AgencyBot and for a bare
    python-telegram-bot echo bot (the baseline): the first question of each of --active
    different users (account created, read model met) and later questions, p50/p99/max.
Targets: core first question p99 <= 10 ms, max <= 30 ms; through the stand-in, first
questions' p99 at most 1.5 times the echo bot's.

Usage: .venv/bin/python bench/chat.py [--tasks 100000] [--agencies 2000] [--users 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from sqlalchemy import insert, select  # noqa: E402
from sqlalchemy import text as text_sql  # noqa: E402

from base.clock import ManualClock  # noqa: E402
from base.events import ChatKind, Incoming  # noqa: E402
from bench.common import drop_postgres, fresh_postgres, roman, start_bot  # noqa: E402
from bot.runtime import open_runtime  # noqa: E402
from bot.service import Service  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from db.engine import make_engine  # noqa: E402
from db.models import Account, Agency, AgencyLink, ChatRoom, TaskAgency, TaskStatus  # noqa: E402
from seed.importer import PlanFile, import_plan  # noqa: E402
from seed.table import write_rows  # noqa: E402
from standins.telegram import TelegramStandIn  # noqa: E402

QUESTION = "nhiệm vụ của tôi đến hạn năm nay"
NOW = datetime(2026, 11, 24, 2, tzinfo=UTC)
TIMEFRAMES = [
    "Hàng năm",
    "Thường xuyên",
    "2018 - 2025",
    "Giai đoạn 2021-2026",
    "Năm 2026",
    "Quý II/2026",
    "Tháng 6/2027",
    "Trước ngày 30/6/2026",
    "Hàng quý",
    "Năm 2027",
    "Quý IV/2026",
    "",
]
USER_BASE = 10_000_000


def generate_plan(path: Path, tasks: int, agencies: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    names = [f"Sở Thử nghiệm số {n}" for n in range(1, agencies + 1)]
    rows: list[list[str]] = [["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"]]
    per_section = 1000
    for n in range(tasks):
        if n % per_section == 0:
            rows.append([roman(n // per_section + 1), f"Nhóm {n // per_section + 1}"])
        coordinators = "Các sở, ban, ngành liên quan" if rng.random() < 0.02 else rng.choice(names)
        rows.append(
            [
                str(n % per_section + 1),
                f"Nhiệm vụ thử nghiệm số {n} về chăm sóc sức khỏe Nhân dân",
                ", ".join(rng.sample(names, rng.choice([1, 1, 2]))),
                coordinators,
                rng.choice(TIMEFRAMES),
            ]
        )
    path.write_text(write_rows(rows), encoding="utf-8")


async def populate(url: str, plan: Path, users: int) -> None:
    """The plan, then users linked to agencies and a sprinkling of statuses, in bulk."""
    settings = load_settings(_env_file=None, database_url=url)
    async with open_runtime(settings, ManualClock(NOW)) as runtime:
        await import_plan(runtime.sessions, PlanFile(plan, "BENCH"), alias_table=runtime.alias_table, now=NOW)
        async with runtime.sessions() as session, session.begin():
            agency_ids = list(await session.scalars(select(Agency.id).where(~Agency.is_group)))
            chats = [
                {
                    "channel": "telegram",
                    "external_id": str(USER_BASE + n),
                    "kind": "private",
                    "active": True,
                    "created_at": NOW,
                }
                for n in range(users)
            ]
            await session.execute(insert(ChatRoom), chats)
            chat_ids = dict((await session.execute(select(ChatRoom.external_id, ChatRoom.id))).all())
            rng = random.Random(5)
            await session.execute(
                insert(Account),
                [
                    {
                        "channel": "telegram",
                        "external_id": str(USER_BASE + n),
                        "display_name": f"Người {n}",
                        "role": "member",
                        "private_chat_id": chat_ids[str(USER_BASE + n)],
                        "created_at": NOW,
                        "last_seen_at": NOW,
                    }
                    for n in range(users)
                ],
            )
            account_ids = dict((await session.execute(select(Account.external_id, Account.id))).all())
            await session.execute(
                insert(AgencyLink),
                [
                    {
                        "agency_id": rng.choice(agency_ids),
                        "account_id": account_ids[str(USER_BASE + n)],
                        "created_at": NOW,
                    }
                    for n in range(users)
                ],
            )
            leads = list(
                await session.execute(select(TaskAgency.task_id, TaskAgency.agency_id).where(TaskAgency.role == "lead"))
            )
            await session.execute(
                insert(TaskStatus),
                [
                    {
                        "task_id": t,
                        "agency_id": a,
                        "period": "2026",
                        "status": rng.choice(["done", "in_progress"]),
                        "note": "",
                        "updated_at": NOW,
                    }
                    for t, a in rng.sample(leads, len(leads) // 10)
                ],
            )


def _people(users: int, active: int, questions: int) -> tuple[list[int], list[int]]:
    """Who asks: a working day's active focal points (first questions), then repeats."""
    rng = random.Random(11)
    pool = rng.sample(range(users), active)
    return pool, [rng.choice(pool) for _ in range(questions)]


async def core_latencies(
    url: str, users: int, active: int, questions: int
) -> tuple[list[float], list[float], list[float]]:
    """(first question of each user, later questions, later questions with the page cache
    emptied before each one) in seconds."""
    settings = load_settings(_env_file=None, database_url=url)
    async with open_runtime(settings, ManualClock(NOW)) as runtime:
        conversation = Service(runtime).conversation
        await conversation.warm_up()  # as `agencybot run` does before serving
        first, later = _people(users, active, questions)
        timings: tuple[list[float], list[float], list[float]] = ([], [], [])
        for phase, people in enumerate((first, later, later)):
            for n in people:
                user = str(USER_BASE + n)
                event = Incoming("telegram", user, ChatKind.PRIVATE, user, f"Người {n}", None, "vi", QUESTION)
                if phase == 2:
                    conversation.model.pages.clear()
                start = time.perf_counter()
                outcome = await conversation.handle(event)
                timings[phase].append(time.perf_counter() - start)
                assert "đến hạn năm 2026" in outcome.replies[0].text, outcome.replies[0].text
        return timings


async def through_standin(url: str | None, users: int, active: int, questions: int) -> tuple[list[float], list[float]]:
    """Update-to-reply times for `agencybot run` (url given) or the echo bot, each in a process
    of its own as in production, against the stand-in: (the first question of each of
    ``active`` different users, later questions)."""
    async with TelegramStandIn() as tg:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": tg.token,
            "TELEGRAM_API_BASE_URL": tg.base_url,
            "LOG_LEVEL": "WARNING",
        }
        bot = await start_bot(ROOT / "bench" / "echo_bot.py", url, env)
        try:
            await tg.wait_until(lambda: tg.is_polling, timeout=60, what="polling")
            first, later = _people(users, active, questions)
            for n in (*first, *later):
                chat = USER_BASE + n
                tg.push_text(chat, QUESTION, first_name=f"Người {n}")
                await tg.next_message(chat, timeout=30)
        finally:
            bot.terminate()
            await bot.wait()
        latencies = tg.reply_latencies()
        return latencies[: len(first)], latencies[len(first) :]


async def first_start(url: str, users: int, log: Path) -> dict[str, float]:
    """`agencybot run` on a database whose reminders were never planned: seconds from the
    process's start to the answer of a question sent at once, the longest answer to the
    questions asked while it plans (one every 0.2 s, by different users), and how long
    the planning took, as its own log says."""
    async with TelegramStandIn() as tg:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": tg.token,
            "TELEGRAM_API_BASE_URL": tg.base_url,
            "LOG_LEVEL": "INFO",
            "WEB_ENABLED": "false",
        }
        started = time.perf_counter()
        tg.push_text(USER_BASE + users - 1, QUESTION, first_name="Người đầu tiên")
        with log.open("wb") as err:
            bot = await start_bot(ROOT / "bench" / "echo_bot.py", url, env, stderr=err)
            try:
                await tg.next_message(USER_BASE + users - 1, timeout=120)
                answered = time.perf_counter() - started
                during: list[float] = []
                n = 0
                while b"reminders planned" not in log.read_bytes() and time.perf_counter() - started < 600:
                    n += 1
                    chat = USER_BASE + users - 1 - n
                    asked = time.perf_counter()
                    tg.push_text(chat, QUESTION, first_name=f"Người {n}")
                    await tg.next_message(chat, timeout=120)
                    during.append(time.perf_counter() - asked)
                    await asyncio.sleep(0.2)
                planned = time.perf_counter() - started
                await asyncio.sleep(65)  # a queue run after planning: none skipped for overlap
            finally:
                bot.terminate()
                await bot.wait()
    text = log.read_text(errors="replace")
    engine = make_engine(url)
    async with engine.connect() as connection:
        rows = await connection.scalar(text_sql("SELECT count(*) FROM reminders"))
    await engine.dispose()
    return {
        "reminders": rows,
        "answered": answered,
        "during_max": max(during, default=0.0),
        "during_n": len(during),
        "planned": planned,
        "skipped": text.count("maximum number of running instances"),
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=2_000)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--active", type=int, default=1_000, help="different users asking a first question")
    parser.add_argument("--questions", type=int, default=2_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan.txt"
        generate_plan(plan, args.tasks, args.agencies)
        sqlite = f"sqlite:///{Path(tmp) / 'chat.db'}"
        pg_url, pg_name = await fresh_postgres(args.postgres, "chatbench")
        try:
            started = time.perf_counter()
            await asyncio.gather(populate(sqlite, plan, args.users), populate(pg_url, plan, args.users))
            print(
                f"database: {args.tasks:,} tasks, {args.agencies:,} agencies, {args.users:,} users "
                f"(built in {time.perf_counter() - started:.0f} s)\n"
            )
            print(f"{'core, due this year':<38}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
            for name, url in (("SQLite", sqlite), ("PostgreSQL", pg_url)):
                first, later, uncached = await core_latencies(url, args.users, args.active, args.questions)
                for label, timings in (
                    (f"{name}, a user's first question", first),
                    (f"{name}, later questions", later),
                    (f"{name}, later, no page cache", uncached),
                ):
                    print(
                        f"{label:<38}{percentile(timings, 50) * 1e3:>9.2f}{percentile(timings, 99) * 1e3:>9.2f}"
                        f"{max(timings) * 1e3:>9.2f}"
                    )
            print(
                f"\n{'agencybot run, first start':<38}{'answer s':>9}{'max ms':>9}{'plan s':>9}{'skipped':>9}"
                f"{'reminders':>11}"
            )
            for name, url in (("SQLite", sqlite), ("PostgreSQL", pg_url)):
                r = await first_start(url, args.users, Path(tmp) / f"start-{name}.log")
                print(
                    f"{name + ' (' + str(r['during_n']) + ' asked while planning)':<38}{r['answered']:>9.2f}"
                    f"{r['during_max'] * 1e3:>9.0f}{r['planned']:>9.0f}{r['skipped']:>9}{r['reminders']:>11,}"
                )
            print(f"\n{'update to reply, through stand-in':<38}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
            questions = args.questions // 2
            results = [("bare PTB echo bot", await through_standin(None, args.users, args.active, questions))]
            for name, url in (("AgencyBot on SQLite", sqlite), ("AgencyBot on PostgreSQL", pg_url)):
                results.append((name, await through_standin(url, args.users, args.active, questions)))
            for name, (first, later) in results:
                for label, values in ((f"{name}, first questions", first), (f"{name}, later", later)):
                    print(
                        f"{label:<38}{percentile(values, 50) * 1e3:>9.2f}{percentile(values, 99) * 1e3:>9.2f}"
                        f"{max(values) * 1e3:>9.2f}"
                    )
            base = percentile(results[0][1][0], 99)
            for name, (first, _later) in results[1:]:
                print(f"{name}: first questions p99 / echo p99: {percentile(first, 99) / base:.2f} (target <= 1.5)")
        finally:
            await drop_postgres(args.postgres, pg_name)


if __name__ == "__main__":
    asyncio.run(main())
