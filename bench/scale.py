"""Benchmark: a ministry on one PostgreSQL: 1,000,000 tasks (20 plans of 50,000), 10,000
agencies, 200,000 users (linked accounts and their private chats).

Phases, each in a process of its own (its peak memory, VmHWM reset at its start, is its own):
  build      generate and import the plans one after the other (seconds of each import)
  users      accounts, chats, links and a sprinkling of statuses, written with COPY
  plan       the first reminder planning, as `agencybot run` does it (400 days ahead)
  replan     planning again with nothing changed
  chat       the read model's warm-up (time, memory held after it), then the first question
             of --active different users in the conversation core: p50/p99/max
  broadcast  a broadcast to every linked chat through the Telegram stand-in (a process of
             its own) with the rate limits lifted, sent by --senders `agencybot outbox send`
             processes: messages/s, chats that got it twice, chats that never got it

The database is a fresh one next to --postgres (created and dropped here; `test` is never
touched). Run it smaller with --tasks (plans keep their number, tasks per plan shrink, and
agencies and users shrink in proportion unless given) or some phases only with --phases;
--keep leaves the database for a later --database URL run of other phases.

Usage: .venv/bin/python bench/scale.py [--tasks 1000000] [--phases build,users,plan,replan,chat,broadcast]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bench.common import DEFAULT_POSTGRES, drop_postgres, fresh_postgres, peak_mib, reset_peak, roman  # noqa: E402
from seed.table import write_rows  # noqa: E402

PHASES = ("build", "users", "plan", "replan", "chat", "broadcast")
NOW = datetime(2026, 11, 24, 2, tzinfo=UTC)
QUESTION = "nhiệm vụ của tôi đến hạn năm nay"
USER_BASE = 10_000_000
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


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# -- the plans ---------------------------------------------------------------------------------


def generate_plan(path: Path, plan: int, tasks: int, agencies: int, seed: int = 3) -> None:
    """One province's plan: its own ``agencies`` (a few dozen departments, the rest other
    units), leads one or two of them, a coordinator, now and then "các sở, ban, ngành"."""
    rng = random.Random(seed * 1000 + plan)
    departments = max(1, agencies // 20)
    names = [f"Sở Thử nghiệm {n} tỉnh {plan + 1}" for n in range(1, departments + 1)] + [
        f"Trung tâm thử nghiệm số {n} tỉnh {plan + 1}" for n in range(1, agencies - departments + 1)
    ]
    rows: list[list[str]] = [["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"]]
    per_section = 1000
    for n in range(tasks):
        if n % per_section == 0:
            rows.append([roman(n // per_section + 1), f"Nhóm {n // per_section + 1}"])
        coordinators = "Các sở, ban, ngành liên quan" if rng.random() < 0.002 else rng.choice(names)
        rows.append(
            [
                str(n % per_section + 1),
                f"Nhiệm vụ thử nghiệm số {n} của kế hoạch {plan + 1} về chăm sóc sức khỏe Nhân dân",
                ", ".join(rng.sample(names, rng.choice([1, 1, 2]))),
                coordinators,
                rng.choice(TIMEFRAMES),
            ]
        )
    path.write_text(write_rows(rows), encoding="utf-8")


# -- the phases, each run in a child process ----------------------------------------------------


async def build(url: str, args: argparse.Namespace) -> dict:
    from base.clock import ManualClock
    from bot.runtime import open_runtime
    from bot.settings import load_settings
    from seed.importer import PlanFile, import_plan

    per_plan, agencies = args.tasks // args.plans, args.agencies // args.plans
    seconds: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        async with open_runtime(load_settings(_env_file=None, database_url=url), ManualClock(NOW)) as runtime:
            for plan in range(args.plans):
                path = Path(tmp) / f"plan{plan}.txt"
                generate_plan(path, plan, per_plan, agencies)
                started = time.perf_counter()
                await import_plan(
                    runtime.sessions, PlanFile(path, f"KH{plan + 1}"), alias_table=runtime.alias_table, now=NOW
                )
                seconds.append(time.perf_counter() - started)
                path.unlink()
                print(f"  plan {plan + 1}: {seconds[-1]:.1f} s", file=sys.stderr, flush=True)
    return {"seconds": sum(seconds), "first": seconds[0], "last": seconds[-1], "plans": len(seconds)}


async def users(url: str, args: argparse.Namespace) -> dict:
    """Chats, accounts and links in bulk with COPY, an admin, and 10% of lead statuses set."""
    import asyncpg

    started = time.perf_counter()
    connection = await asyncpg.connect(url)
    try:
        async with connection.transaction():
            agencies = [r[0] for r in await connection.fetch("SELECT id FROM agencies WHERE NOT is_group ORDER BY id")]
            count = args.users
            await connection.copy_records_to_table(
                "chats",
                columns=["channel", "external_id", "kind", "active", "created_at"],
                records=(("telegram", str(USER_BASE + n), "private", True, NOW) for n in range(count)),
            )
            chat_ids = {
                r[0]: r[1]
                for r in await connection.fetch("SELECT external_id, id FROM chats WHERE channel = 'telegram'")
            }
            await connection.copy_records_to_table(
                "accounts",
                columns=[
                    *("channel", "external_id", "display_name", "role"),
                    *("private_chat_id", "created_at", "last_seen_at"),
                ],
                records=(
                    ("telegram", str(USER_BASE + n), f"Người {n}", "member", chat_ids[str(USER_BASE + n)], NOW, NOW)
                    for n in range(count)
                ),
            )
            del chat_ids
            account_ids = {
                r[0]: r[1]
                for r in await connection.fetch("SELECT external_id, id FROM accounts WHERE channel = 'telegram'")
            }
            await connection.copy_records_to_table(
                "agency_links",
                columns=["agency_id", "account_id", "created_at"],
                records=((agencies[n % len(agencies)], account_ids[str(USER_BASE + n)], NOW) for n in range(count)),
            )
            del account_ids
            await connection.execute(
                "INSERT INTO accounts (channel, external_id, display_name, role, created_at, last_seen_at) "
                "VALUES ('telegram', '1', 'Điều phối', 'admin', $1, $1)",
                NOW,
            )
            rng = random.Random(5)
            leads = await connection.fetch("SELECT task_id, agency_id FROM task_agencies WHERE role = 'lead'")
            chosen = rng.sample(range(len(leads)), len(leads) // 10)
            await connection.copy_records_to_table(
                "task_statuses",
                columns=["task_id", "agency_id", "period", "status", "note", "updated_at"],
                records=(
                    (leads[i][0], leads[i][1], "2026", rng.choice(["done", "in_progress"]), "", NOW) for i in chosen
                ),
            )
            statuses = len(chosen)
            del leads
            await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return {"seconds": time.perf_counter() - started, "users": count, "statuses": statuses}


async def plan(url: str, args: argparse.Namespace) -> dict:
    from base.clock import ManualClock
    from bot.runtime import open_runtime
    from bot.service import Service
    from bot.settings import load_settings
    from db.engine import make_engine

    settings = load_settings(_env_file=None, database_url=url)
    async with open_runtime(settings, ManualClock(NOW)) as runtime:
        service = Service(runtime)
        started = time.perf_counter()
        stored = await service.reminders.plan()
        seconds = time.perf_counter() - started
    assert stored is not None
    engine = make_engine(url)
    async with engine.connect() as connection:
        from sqlalchemy import text

        rows = await connection.scalar(text("SELECT count(*) FROM reminders"))
    await engine.dispose()
    return {"seconds": seconds, "added": stored.added, "moved": stored.moved, "reminders": rows}


async def chat(url: str, args: argparse.Namespace) -> dict:
    from base.clock import ManualClock
    from base.events import ChatKind, Incoming
    from bot.runtime import open_runtime
    from bot.service import Service, settle_memory
    from bot.settings import load_settings

    settings = load_settings(_env_file=None, database_url=url)
    async with open_runtime(settings, ManualClock(NOW)) as runtime:
        conversation = Service(runtime).conversation
        before = _rss_mib()
        started = time.perf_counter()
        await conversation.warm_up()  # as `agencybot run` does before serving
        warm = time.perf_counter() - started
        settle_memory()
        held = _rss_mib() - before
        warm_peak = peak_mib()
        rng = random.Random(11)
        timings = []
        for n in rng.sample(range(args.users), args.active):
            user = str(USER_BASE + n)
            event = Incoming("telegram", user, ChatKind.PRIVATE, user, f"Người {n}", None, "vi", QUESTION)
            start = time.perf_counter()
            outcome = await conversation.handle(event)
            timings.append(time.perf_counter() - start)
            assert "đến hạn năm 2026" in outcome.replies[0].text, outcome.replies[0].text
    return {
        "warm_up": warm,
        "held_mib": held,
        "warm_peak_mib": warm_peak,
        "p50": percentile(timings, 50),
        "p99": percentile(timings, 99),
        "max": max(timings),
        "asked": len(timings),
    }


PHASE_RUNS = {"build": build, "users": users, "plan": plan, "replan": plan, "chat": chat}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def child(phase: str, url: str, args: argparse.Namespace) -> dict:
    command = [
        sys.executable,
        __file__,
        "--child",
        phase,
        "--database",
        url,
        *("--tasks", str(args.tasks), "--plans", str(args.plans), "--agencies", str(args.agencies)),
        *("--users", str(args.users), "--active", str(args.active)),
    ]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"phase {phase} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the broadcast, driven from here -------------------------------------------------------------


def _wait_peaks(processes: list[subprocess.Popen]) -> list[tuple[int, float]]:
    """Wait for children; the exit code and peak memory (VmHWM, read until it exits) of each.
    Not ru_maxrss: a child starts with its parent's, and this one grew while queueing."""
    peaks = [0.0] * len(processes)
    while True:
        for n, process in enumerate(processes):
            with contextlib.suppress(OSError, ValueError):
                for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks[n] = max(peaks[n], int(line.split()[1]) / 1024)
        if all(process.poll() is not None for process in processes):
            return [(process.returncode, peak) for process, peak in zip(processes, peaks, strict=True)]
        time.sleep(0.2)


async def _queue_broadcast(url: str) -> tuple[int, float]:
    from sqlalchemy import select

    from db import broadcasts
    from db.engine import make_engine, session_factory, unit_of_work
    from db.models import Account

    engine = make_engine(url)
    try:
        started = time.perf_counter()
        async with unit_of_work(session_factory(engine)) as session:
            admin = await session.scalar(select(Account.id).where(Account.role == "admin"))
            _id, count = await broadcasts.create(session, admin, {"kind": "all"}, "Thông báo thử toàn quốc", None, NOW)
        return count, time.perf_counter() - started
    finally:
        await engine.dispose()


def broadcast(url: str, args: argparse.Namespace) -> dict:
    from bench.broadcast import StandIn

    stand_in = StandIn()
    try:
        chats = list(range(USER_BASE, USER_BASE + args.users))
        for start in range(0, len(chats), 50_000):
            stand_in.call("chats", {"chat_ids": chats[start : start + 50_000], "type": "private"})
        stand_in.call("reset", {})
        stand_in.call("limits", {"rate_per_second": None, "per_chat_interval": None, "group_per_minute": None})
        reset_peak()
        queued, queue_seconds = asyncio.run(_queue_broadcast(url))
        queue_peak = peak_mib()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "TELEGRAM_BOT_TOKEN": stand_in.token,
            "TELEGRAM_API_BASE_URL": stand_in.base_url,
            "TELEGRAM_RATE_PER_SECOND": "0",
            "TELEGRAM_CHAT_INTERVAL_SECONDS": "0",
            "TELEGRAM_GROUP_PER_MINUTE": "0",
            "LOG_LEVEL": "WARNING",
        }
        agencybot = str(Path(sys.executable).with_name("agencybot"))
        started = time.perf_counter()
        senders = [
            subprocess.Popen(
                [agencybot, "outbox", "send"], env=env, cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL
            )
            for _ in range(args.senders)
        ]
        waited = _wait_peaks(senders)
        wall = time.perf_counter() - started
        assert [code for code, _peak in waited] == [0] * len(senders), waited
        stats = stand_in.call("stats")
        per_chat = stats["per_chat"]
        accepted, first, last = stats["accepted"], stats["first"], stats["last"]
        return {
            "queued": queued,
            "queue_seconds": queue_seconds,
            "queue_peak_mib": queue_peak,
            "accepted": accepted,
            "rate": (accepted - 1) / (last - first) if accepted > 1 and last > first else float("nan"),
            "wall": wall,
            "twice": sum(1 for count in per_chat.values() if count > 1),
            "lost": sum(1 for chat in chats if per_chat.get(str(chat), 0) == 0),
            "sender_peak_mib": max(peak for _code, peak in waited),
        }
    finally:
        stand_in.stop()


# -- the report ------------------------------------------------------------------------------------


def report(args: argparse.Namespace, results: dict[str, dict]) -> None:
    print(
        f"\n{args.tasks:,} tasks in {args.plans} plans of {args.tasks // args.plans:,}, {args.agencies:,} agencies, "
        f"{args.users:,} users; one PostgreSQL\n"
    )
    print(f"{'phase':<52}{'seconds':>10}{'peak MiB':>10}  figures")
    rows = []
    if "build" in results:
        r = results["build"]
        rows.append(
            (
                f"build: import {r['plans']} plans",
                r["seconds"],
                r["peak_mib"],
                f"first plan {r['first']:.1f} s, last {r['last']:.1f} s, {args.tasks / r['seconds']:,.0f} tasks/s",
            )
        )
    if "users" in results:
        r = results["users"]
        rows.append(
            ("users: accounts, chats, links (COPY)", r["seconds"], r["peak_mib"], f"{r['statuses']:,} statuses")
        )
    for phase, label in (("plan", "first reminder planning"), ("replan", "planning again, nothing changed")):
        if phase in results:
            r = results[phase]
            rows.append((label, r["seconds"], r["peak_mib"], f"{r['added']:,} added; {r['reminders']:,} reminder rows"))
    if "chat" in results:
        r = results["chat"]
        rows.append(
            (
                "chat: read model warm-up",
                r["warm_up"],
                r["warm_peak_mib"],
                f"{r['held_mib']:,.0f} MiB held after it",
            )
        )
        rows.append(
            (
                f"chat: first question of {r['asked']:,} users (core)",
                float("nan"),
                r["peak_mib"],
                f"p50 {r['p50'] * 1e3:.1f} ms, p99 {r['p99'] * 1e3:.1f} ms, max {r['max'] * 1e3:.1f} ms",
            )
        )
    if "broadcast" in results:
        r = results["broadcast"]
        rows.append(
            (
                f"broadcast: queue {r['queued']:,} chats",
                r["queue_seconds"],
                r["queue_peak_mib"],
                "",
            )
        )
        rows.append(
            (
                f"broadcast: {args.senders} senders, limits lifted",
                r["wall"],
                r["sender_peak_mib"],
                f"{r['rate']:,.0f} msg/s, {r['accepted']:,} sent, {r['twice']} twice, {r['lost']} lost",
            )
        )
    for label, seconds, peak, figures in rows:
        shown = f"{seconds:>10.1f}" if seconds == seconds else f"{'':>10}"
        print(f"{label:<52}{shown}{peak:>10,.0f}  {figures}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--plans", type=int, default=20)
    parser.add_argument("--agencies", type=int, help="default: one per 100 tasks")
    parser.add_argument("--users", type=int, help="default: one per 5 tasks")
    parser.add_argument("--active", type=int, default=1_000, help="different users asking a first question")
    parser.add_argument("--senders", type=int, default=2, help="`agencybot outbox send` processes")
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="a PostgreSQL server to make a database on")
    parser.add_argument("--database", help="use this database (built by an earlier --keep run); not dropped")
    parser.add_argument("--keep", action="store_true", help="leave the database, and print its URL")
    parser.add_argument("--child")
    args = parser.parse_args()
    args.agencies = args.agencies or max(args.plans, args.tasks // 100)
    args.users = args.users or max(args.active, args.tasks // 5)
    if args.child:
        reset_peak()
        result = asyncio.run(PHASE_RUNS[args.child](args.database, args))
        print(json.dumps({**result, "peak_mib": peak_mib()}))
        return

    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = set(phases) - set(PHASES)
    if unknown:
        raise SystemExit(f"unknown phases: {', '.join(sorted(unknown))} (known: {', '.join(PHASES)})")
    url, name = (args.database, None) if args.database else asyncio.run(fresh_postgres(args.postgres, "scale"))
    results: dict[str, dict] = {}
    began = time.perf_counter()
    try:
        for phase in PHASES:
            if phase not in phases:
                continue
            print(f"{phase} ...", file=sys.stderr, flush=True)
            results[phase] = broadcast(url, args) if phase == "broadcast" else child(phase, url, args)
            print(f"{phase}: {json.dumps(results[phase])}", file=sys.stderr, flush=True)
    finally:
        if name is not None:
            if args.keep:
                print(f"database kept: {url}", file=sys.stderr)
            else:
                asyncio.run(drop_postgres(args.postgres, name))
    report(args, results)
    print(f"\nwhole run: {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
