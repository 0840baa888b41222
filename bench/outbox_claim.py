"""Benchmark: what a sender's claim costs while a large broadcast waits, on PostgreSQL.

A database holds --chats private chats, one waiting broadcast message for each, a few
unreachable chats and a few notices. The sender's loop is run as `agencybot outbox send`
runs it (block_inactive, then claim of --batch messages, then finish them as sent) with no
chat API in between, until the outbox is empty: printed are the milliseconds per claim at
the start, the middle and the end of the broadcast, and the messages per second the
database alone allows. A claim should cost what it takes, not what waits.

Each tree (this one, and --before REV checked out next to it) runs in a process of its own
on its own fresh database.

Usage: .venv/bin/python bench/outbox_claim.py [--chats 200000] [--batch 200] [--before REV]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NOW = datetime(2026, 11, 24, 2, tzinfo=UTC)


async def measure(url: str, chats: int, batch: int) -> dict:
    from sqlalchemy import text

    from base.clock import ManualClock
    from bot.runtime import open_runtime
    from bot.settings import load_settings
    from db import outbox
    from db.bulk import insert_many
    from db.engine import unit_of_work
    from db.models import ChatRoom, OutboxMessage

    async with open_runtime(load_settings(_env_file=None, database_url=url), ManualClock(NOW)) as runtime:
        async with unit_of_work(runtime.sessions) as session:
            await insert_many(
                session,
                ChatRoom.__table__,
                ("id", "channel", "external_id", "kind", "active", "created_at"),
                ((n, "telegram", str(10_000_000 + n), "private", n % 1000 != 7, NOW) for n in range(1, chats + 1)),
            )
            # the chats of an installation that has lived: the database has read them
            await session.execute(text("ANALYZE chats"))
            columns = ("chat_id", "channel", "kind", "text", "buttons", "status", "attempts", "next_attempt_at")
            columns += ("created_at",)
            await insert_many(
                session,
                OutboxMessage.__table__,
                columns,
                (
                    (n, "telegram", "notice" if n % 5000 == 0 else "broadcast", "Thông báo", [], "pending", 0, NOW, NOW)
                    for n in range(1, chats + 1)
                ),
            )
            if hasattr(outbox, "queued_many"):  # as a broadcast queued by the bot does
                await outbox.queued_many(session, chats)
        timings: list[float] = []
        taken = blocked = 0
        started = time.perf_counter()
        while True:
            t0 = time.perf_counter()
            async with unit_of_work(runtime.sessions) as session:
                blocked += len(await outbox.block_inactive(session, "bench", ["telegram"], NOW))
                claimed = await outbox.claim(session, "bench", ["telegram"], NOW, timedelta(minutes=5), batch)
            timings.append((time.perf_counter() - t0) * 1000)
            if not claimed:
                break
            taken += len(claimed)
            async with unit_of_work(runtime.sessions) as session:
                await outbox.finish(session, [c.id for c in claimed], outbox.SENT, NOW)
        seconds = time.perf_counter() - started
    third = max(len(timings) // 3, 1)
    return {
        "claims": len(timings),
        "sent": taken,
        "blocked": blocked,
        "first_ms": statistics.median(timings[:third]),
        "middle_ms": statistics.median(timings[third : 2 * third]),
        "last_ms": statistics.median(timings[2 * third : -1] or timings),
        "per_second": taken / seconds,
    }


def child(root: Path, url: str, chats: int, batch: int) -> dict:
    command = [sys.executable, __file__, "--child", str(root), url, str(chats), str(batch)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=root)
    if done.returncode != 0:
        raise SystemExit(f"run in {root} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chats", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--before", help="a git revision to measure in the same run, for comparison")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        root, url, chats, batch = args.child
        sys.path[:0] = [root]
        print(json.dumps(asyncio.run(measure(url, int(chats), int(batch)))))
        return

    sys.path[:0] = [str(ROOT)]
    from bench.common import drop_postgres, fresh_postgres

    trees = [("now", ROOT)]
    with tempfile.TemporaryDirectory() as tmp:
        if args.before:
            before = Path(tmp) / "before"
            add = ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(before), args.before]
            subprocess.run(add, check=True)
            trees.insert(0, (f"before ({args.before})", before))
        try:
            rows = []
            for label, root in trees:
                url, name = asyncio.run(fresh_postgres(args.postgres, "claimbench"))
                try:
                    rows.append((label, child(root, url, args.chats, args.batch)))
                finally:
                    asyncio.run(drop_postgres(args.postgres, name))
        finally:
            if args.before:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before)], check=False)
    print(f"{args.chats:,} chats waiting for one broadcast; claims of {args.batch}; PostgreSQL\n")
    print(f"{'tree':<22}{'claims':>8}{'first ms':>10}{'middle ms':>11}{'last ms':>9}{'msg/s':>9}{'blocked':>9}")
    for label, r in rows:
        print(
            f"{label:<22}{r['claims']:>8,}{r['first_ms']:>10.1f}{r['middle_ms']:>11.1f}{r['last_ms']:>9.1f}"
            f"{r['per_second']:>9,.0f}{r['blocked']:>9,}"
        )


if __name__ == "__main__":
    main()
