"""Benchmark: answering "nhiệm vụ của tôi đến hạn năm nay" on a large installation.

Builds a database of 100,000 tasks, 2,000 agencies and 20,000 linked users, then prints in
one run:
  - p50/p99/max of the conversation core (called directly, no network) answering "due this
    year": the first question of each of --active different users, later questions, later
    questions with the page cache emptied, on SQLite and PostgreSQL;
  - `agencybot run` starting on it with reminders never planned: seconds to the answer of a
    question sent at start, the slowest answer while planning runs in the background, how
    long planning took, and queue runs skipped for overlap (target: answer within 5 s, none;
    --skip-start leaves it out);
  - update-to-reply time through the Telegram stand-in for AgencyBot and for a bare
    python-telegram-bot echo bot (the baseline), each in a process of its own, measured once
    every process has started up (plans loaded, the start's reminder planning done), the
    same questions asked of each in turns of 50 (a machine shared with other work slows
    them alike): the first question of each of --active different users (account met, last
    seen written, read model met) and later questions, p50/p99/max.
Targets: core first question p99 <= 10 ms and max <= 30 ms; through the stand-in, first
questions' p99 at most 1.5 times the echo bot's. p99 is the 99th percentile of --active
samples: with 1,000 it is the tenth slowest, not one of the last few.

--before REV runs the same scenarios on the code of REV (exported from git into a temporary
directory) in the same run, on its own copy of the same database, and prints both side by
side. Each code tree is measured in a process of its own.

Usage: .venv/bin/python bench/chat.py [--tasks 100000] [--agencies 2000] [--users 20000]
           [--active 1000] [--questions 2000] [--before REV] [--skip-start]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The code measured: this tree, or (set by --before for its child process) another revision's.
CODE = Path(os.environ.get("AGENCYBOT_BENCH_CODE") or ROOT)
sys.path[:0] = [str(CODE), str(CODE / "tests")]

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
        await conversation.warm_up()  # as `agencybot run` does before serving,
        gc.collect()  # and then sets what it loaded aside from the collector (settle_memory)
        gc.freeze()
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


def _bot_env(tg: TelegramStandIn, level: str) -> dict[str, str]:
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": tg.token,
        "TELEGRAM_API_BASE_URL": tg.base_url,
        "LOG_LEVEL": level,
        "PYTHONPATH": os.pathsep.join([str(CODE), str(CODE / "tests")]),  # the code measured
    }


async def _started_up(tg: TelegramStandIn, log: Path | None, started: float, timeout: float = 900) -> int:
    """Until the bot polls and, for AgencyBot (its log given), has loaded the plans, done the
    reminder planning every start runs and the queueing that follows (5 s after start, and
    again at once after planning that added reminders: at 100,000 tasks, a second or more):
    the questions measured meet the steady state, not the start-up (which first_start
    measures). Settled means three questions in a row, a second apart, from people outside
    the measured users, each answered within 100 ms. Returns how many such questions."""
    await tg.wait_until(lambda: tg.is_polling, timeout=60, what="polling")
    deadline = time.perf_counter() + timeout
    while log is not None:
        text = log.read_bytes()
        if b"Traceback" in text:
            raise RuntimeError(f"the bot failed to start:\n{text.decode(errors='replace')[-3000:]}")
        if b"plans loaded" in text and b"reminders planned" in text:
            await asyncio.sleep(max(0.0, started + 15 - time.perf_counter()))
            break
        if time.perf_counter() > deadline:
            print(f"  (the bot had not started up after {timeout:.0f} s: measuring anyway)", file=sys.stderr)
            break
        await asyncio.sleep(0.2)
    asked, quick = 0, 0
    while quick < 3 and asked < 120:
        asked += 1
        chat = USER_BASE - asked
        sent = time.perf_counter()
        tg.push_text(chat, QUESTION, first_name="Người thử")
        await tg.next_message(chat, timeout=60)
        quick = quick + 1 if time.perf_counter() - sent < 0.1 else 0
        await asyncio.sleep(1)
    return asked


# Questions asked to each bot in turn, this many at a time: on a machine shared with other
# work, a bot measured minutes after another met another load (p99s two to four times apart
# from one run to the next); in turns, a slower minute slows them alike.
TURN = 50


async def through_standins(
    urls: dict[str, str | None], users: int, active: int, questions: int, logs: Path
) -> dict[str, tuple[list[float], list[float]]]:
    """Update-to-reply times for `agencybot run` on each database (its URL) and for the echo
    bot (None), each in a process of its own as in production, with a stand-in of its own:
    all started and settled first, then the same questions asked of each in turns of TURN,
    one question at a time: (the first question of each of ``active`` different users, later
    questions) per bot."""
    first, later = _people(users, active, questions)
    async with contextlib.AsyncExitStack() as stack:
        stands = {name: await stack.enter_async_context(TelegramStandIn()) for name in urls}
        bots: list[asyncio.subprocess.Process] = []
        try:
            probes = {}
            for name, url in urls.items():
                log = logs / f"standin-{name}.log"
                err = stack.enter_context(log.open("wb"))
                started = time.perf_counter()
                env = {**_bot_env(stands[name], "INFO"), "WEB_PORT": "0"}  # side by side: a free port each
                bots.append(await start_bot(ROOT / "bench" / "echo_bot.py", url, env, err))
                probes[name] = await _started_up(stands[name], log if url is not None else None, started)
            for people in (first, later):
                for turn in range(0, len(people), TURN):
                    for name, url in urls.items():
                        for n in people[turn : turn + TURN]:
                            chat = USER_BASE + n
                            stands[name].push_text(chat, QUESTION, first_name=f"Người {n}")
                            reply = await stands[name].next_message(chat, timeout=30)
                            assert url is None or "đến hạn năm" in reply.plain_text, reply.plain_text
        finally:
            for bot in bots:
                bot.terminate()
                await bot.wait()
        timings = {}
        for name, tg in stands.items():
            latencies = tg.reply_latencies()[probes[name] :]  # not the questions asked until settled
            assert len(latencies) == len(first) + len(later), (name, len(latencies), len(first), len(later))
            timings[name] = (latencies[: len(first)], latencies[len(first) :])
        return timings


async def first_start(url: str, users: int, log: Path) -> dict[str, float]:
    """`agencybot run` on a database whose reminders were never planned: seconds from the
    process's start to the answer of a question sent at once, the longest answer to the
    questions asked while it plans (one every 0.2 s, by different users), and how long
    the planning took, as its own log says."""
    async with TelegramStandIn() as tg:
        env = {**_bot_env(tg, "INFO"), "WEB_ENABLED": "false"}
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


# -- one code tree's measurements, in a process of its own ---------------------------------


async def measure(args: argparse.Namespace) -> dict[str, object]:
    """Every scenario on the databases given, with the code of CODE: the raw timings."""
    urls = {"SQLite": args.sqlite, "PostgreSQL": args.pg}
    logs = Path(args.logs)
    results: dict[str, object] = {"core": {}, "start": {}, "standin": {}}
    for name, url in urls.items():
        results["core"][name] = await core_latencies(url, args.users, args.active, args.questions)  # type: ignore[index]
    if not args.skip_start:
        for name, url in urls.items():
            results["start"][name] = await first_start(url, args.users, logs / f"start-{name}.log")  # type: ignore[index]
    questions = args.questions // 2
    results["standin"] = await through_standins({"echo": None, **urls}, args.users, args.active, questions, logs)
    return results


def measure_in_child(args: argparse.Namespace, code: Path, sqlite: str, pg: str, work: Path) -> dict:
    """measure() in a new process running ``code`` (this tree or another revision's)."""
    out = work / "results.json"
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", str(out), "--sqlite", sqlite, "--pg", pg]
    command += ["--logs", str(logs), "--users", str(args.users), "--active", str(args.active)]
    command += ["--questions", str(args.questions)] + (["--skip-start"] if args.skip_start else [])
    env = {**os.environ, "AGENCYBOT_BENCH_CODE": str(code)}
    subprocess.run(command, env=env, check=True)
    return json.loads(out.read_text())


def export_revision(rev: str, into: Path) -> str:
    """The tree of ``rev`` (as a git worktree would check it out) in ``into``: its short hash."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", f"{rev}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return commit


async def clone_databases(sqlite_path: Path, pg_base: str, pg_name: str, label: str) -> tuple[str, str, str]:
    """A copy of both built databases for one code tree: (SQLite URL, PostgreSQL URL and name)."""
    copy = sqlite_path.with_name(f"{label}-{sqlite_path.name}")
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{sqlite_path}{suffix}").exists():
            shutil.copyfile(f"{sqlite_path}{suffix}", f"{copy}{suffix}")
    url, name = await fresh_postgres(pg_base, f"chatbench_{label}", template=pg_name)
    return f"sqlite:///{copy}", url, name


# -- the report -----------------------------------------------------------------------------


def _row(label: str, runs: list[list[float]]) -> str:
    cells = "".join(f"{percentile(t, 50) * 1e3:>9.2f}{percentile(t, 99) * 1e3:>9.2f}{max(t) * 1e3:>9.2f}" for t in runs)
    return f"{label:<40}{cells}"


def report(args: argparse.Namespace, runs: list[tuple[str, dict]]) -> None:
    heads = "".join(f"{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}" for _ in runs)
    names = "".join(f"{name:^27}" for name, _ in runs)
    print(f"{'':<40}{names}")
    print(f"{'core, due this year (' + format(args.active, ',') + ' first)':<40}{heads}")
    for db in ("SQLite", "PostgreSQL"):
        for n, what in enumerate(("a user's first question", "later questions", "later, no page cache")):
            print(_row(f"{db}, {what}", [r["core"][db][n] for _, r in runs]))
    if not args.skip_start:
        print(f"\n{'agencybot run, first start':<40}{'answer s':>9}{'max ms':>9}{'plan s':>9}{'skipped':>9}")
        for name, r in runs:
            for db, s in r["start"].items():
                print(
                    f"{name + ', ' + db + ' (' + str(s['during_n']) + ' asked while planning)':<40}"
                    f"{s['answered']:>9.2f}{s['during_max'] * 1e3:>9.0f}{s['planned']:>9.0f}{s['skipped']:>9}"
                    f"  reminders {s['reminders']:,}"
                )
    print(f"\n{'update to reply, through stand-in':<40}{heads}")
    for key, label in (
        ("echo", "bare PTB echo bot"),
        ("SQLite", "AgencyBot on SQLite"),
        ("PostgreSQL", "on PostgreSQL"),
    ):
        print(_row(f"{label}, first questions", [r["standin"][key][0] for _, r in runs]))
        print(_row(f"{label}, later", [r["standin"][key][1] for _, r in runs]))
    print("\ntargets")
    for name, r in runs:
        for db in ("SQLite", "PostgreSQL"):
            first = r["core"][db][0]
            p99, top = percentile(first, 99) * 1e3, max(first) * 1e3
            verdict = "met" if p99 <= 10 and top <= 30 else "NOT met"
            print(
                f"  {name}, core first question on {db}: p99 {p99:.2f} ms (<= 10), max {top:.2f} ms (<= 30): {verdict}"
            )
        echo = percentile(r["standin"]["echo"][0], 99)
        for db in ("SQLite", "PostgreSQL"):
            ratio = percentile(r["standin"][db][0], 99) / echo
            verdict = "met" if ratio <= 1.5 else "NOT met"
            print(
                f"  {name}, stand-in first questions on {db}: p99 {percentile(r['standin'][db][0], 99) * 1e3:.2f} ms"
                f" / echo p99 {echo * 1e3:.2f} ms = {ratio:.2f} (<= 1.5): {verdict}"
            )


async def build(args: argparse.Namespace, sqlite_path: Path, pg_url: str) -> None:
    plan = sqlite_path.with_name("plan.txt")
    generate_plan(plan, args.tasks, args.agencies)
    started = time.perf_counter()
    await asyncio.gather(populate(f"sqlite:///{sqlite_path}", plan, args.users), populate(pg_url, plan, args.users))
    print(
        f"database: {args.tasks:,} tasks, {args.agencies:,} agencies, {args.users:,} users "
        f"(built in {time.perf_counter() - started:.0f} s); {args.active:,} users asking a first question\n"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=2_000)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--active", type=int, default=1_000, help="different users asking a first question")
    parser.add_argument("--questions", type=int, default=2_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--before", metavar="REV", help="also measure REV's code, side by side")
    parser.add_argument("--skip-start", action="store_true", help="leave out `agencybot run`'s first start")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child process: write raw timings there
    parser.add_argument("--sqlite", help=argparse.SUPPRESS)
    parser.add_argument("--pg", help=argparse.SUPPRESS)
    parser.add_argument("--logs", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        Path(args.measure).write_text(json.dumps(await measure(args)))
        return
    if args.active < 1_000:
        print(f"note: with {args.active} first questions, p99 is one of the last few samples\n")

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        trees: list[tuple[str, Path]] = []
        if args.before:
            before = tmp / "before"
            before.mkdir()
            trees.append((f"before ({export_revision(args.before, before)})", before))
        trees.append(("after (this tree)" if args.before else "this tree", ROOT))
        sqlite_path = tmp / "chat.db"
        pg_url, pg_name = await fresh_postgres(args.postgres, "chatbench")
        made: list[str] = [pg_name]
        runs: list[tuple[str, dict]] = []
        try:
            await build(args, sqlite_path, pg_url)
            for n, (name, code) in enumerate(trees):
                sqlite, pg, made_name = await clone_databases(sqlite_path, args.postgres, pg_name, f"run{n}")
                made.append(made_name)
                work = tmp / f"run{n}"
                work.mkdir()
                print(f"measuring {name}...", file=sys.stderr, flush=True)
                runs.append((name, measure_in_child(args, code, sqlite, pg, work)))
        finally:
            for name in made:
                await drop_postgres(args.postgres, name)
        report(args, runs)


if __name__ == "__main__":
    asyncio.run(main())
