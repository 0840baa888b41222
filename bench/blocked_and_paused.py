"""Benchmark: chats that blocked the bot and 429 pauses, during a broadcast sent by two processes
on one PostgreSQL database, through the Telegram stand-in (a process of its own, at Telegram's
limits).

Two broadcasts are queued for every chat; one chat in twenty has blocked the bot (the stand-in
answers 403), and the stand-in answers 429 with a retry_after to every n-th send, for the whole
bot, as Telegram's flood control does for its own reasons. Two `agencybot outbox send` processes
send them, and again whenever messages told to wait are due, until the outbox is empty.

Printed, from what the stand-in received and what the outbox recorded:
- messages sent to inactive chats: sends to a chat after it had answered 403 (target 0);
- requests within a retry_after after a 429, from either process (target 0);
- lost: messages for reachable chats that never arrived (target 0), and repeated ones (0).

Usage: .venv/bin/python bench/blocked_and_paused.py [--chats 1000] [--every 300] [--retry-after 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.broadcast import AGENCYBOT, FIRST_CHAT, StandIn, prepare, queue_broadcast  # noqa: E402
from bench.common import DEFAULT_POSTGRES, drop_postgres, fresh_postgres  # noqa: E402

PROCESSES = 2
BROADCASTS = 2
MAX_ROUNDS = 20


def sender_env(url: str, stand_in: StandIn) -> dict[str, str]:
    """Telegram's own limits, in the bot and in the stand-in."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "TELEGRAM_BOT_TOKEN": stand_in.token,
        "TELEGRAM_API_BASE_URL": stand_in.base_url,
        "TELEGRAM_RATE_PER_SECOND": "30",
        "TELEGRAM_CHAT_INTERVAL_SECONDS": "1",
        "TELEGRAM_GROUP_PER_MINUTE": "20",
        "LOG_LEVEL": "ERROR",
    }


async def outbox_state(url: str) -> tuple[dict[str, int], datetime | None]:
    """Messages by status, and when the first one still waiting is due."""
    from sqlalchemy import func, select

    from bot.settings import load_settings
    from db.engine import make_engine
    from db.models import OutboxMessage

    engine = make_engine(load_settings(_env_file=None, database_url=url).database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
            counts = {status: count for status, count in rows}
            due = await connection.scalar(
                select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.status.in_(["pending", "sending"]))
            )
        return counts, due
    finally:
        await engine.dispose()


def send_until_done(url: str, stand_in: StandIn) -> int:
    """Two sending processes at a time, again whenever what waits is due; the rounds it took."""
    env = sender_env(url, stand_in)
    for round_ in range(1, MAX_ROUNDS + 1):
        processes = [
            subprocess.Popen(
                [AGENCYBOT, "outbox", "send"], env=env, cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL
            )
            for _ in range(PROCESSES)
        ]
        codes = [process.wait() for process in processes]
        assert codes == [0] * PROCESSES, codes
        counts, due = asyncio.run(outbox_state(url))
        if not counts.get("pending") and not counts.get("sending"):
            return round_
        if due is not None:  # told to wait (a 429): start again when it is due
            time.sleep(max((due - datetime.now(UTC)).total_seconds(), 0) + 0.1)
    raise AssertionError(f"the outbox was not empty after {MAX_ROUNDS} rounds: {counts}")


def after_403(sends: list[list], blocked: set[int]) -> int:
    """Sends to a chat after it had answered 403 once: messages sent to an inactive chat."""
    refused: set[int] = set()
    late = 0
    for _arrived, chat, code, _retry in sorted(sends):
        if chat in refused:
            late += 1
        if code == 403 and chat in blocked:
            refused.add(chat)
    return late


def within_a_pause(sends: list[list]) -> int:
    """Sends that arrived after a 429 and before its retry_after had passed, whoever sent them."""
    paused_until, inside = float("-inf"), 0
    for arrived, _chat, code, retry in sorted(sends):
        if arrived < paused_until:
            inside += 1
        if code == 429:
            paused_until = max(paused_until, arrived + retry)
    return inside


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--every", type=int, default=300, help="the stand-in answers 429 to every n-th send")
    parser.add_argument("--retry-after", type=int, default=2, help="seconds, in those 429 answers")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="a PostgreSQL server to make a database on")
    args = parser.parse_args()

    stand_in = StandIn()
    url, name = asyncio.run(fresh_postgres(args.postgres, "blocked"))
    try:
        chats = list(range(FIRST_CHAT, FIRST_CHAT + args.chats))
        blocked = set(chats[::20])
        stand_in.call("chats", {"chat_ids": chats, "type": "private"})
        stand_in.call("limits", {"rate_per_second": 30, "per_chat_interval": 1.0, "group_per_minute": 20})
        asyncio.run(prepare(url, args.chats))
        for n in range(1, BROADCASTS + 1):
            assert asyncio.run(queue_broadcast(url, f"Thông báo số {n}")) == args.chats
        stand_in.call("reset", {})
        stand_in.call("block", {"chat_ids": sorted(blocked)})
        stand_in.call("inject", {"every": args.every, "retry_after": args.retry_after})

        print(
            f"{BROADCASTS} broadcasts to {args.chats:,} chats ({len(blocked)} of them blocked the bot), "
            f"{PROCESSES} processes on PostgreSQL, 429 (retry after {args.retry_after} s) to every "
            f"{args.every}th send, at Telegram's limits\n",
            flush=True,
        )
        started = time.perf_counter()
        rounds = send_until_done(url, stand_in)
        wall = time.perf_counter() - started
        stats = stand_in.call("stats")
        counts, _due = asyncio.run(outbox_state(url))
    finally:
        stand_in.stop()
        asyncio.run(drop_postgres(args.postgres, name))

    sends = stats["sends"]
    accepted = {int(chat): count for chat, count in stats["per_chat"].items()}
    reachable = [chat for chat in chats if chat not in blocked]
    lost = sum(max(BROADCASTS - accepted.get(chat, 0), 0) for chat in reachable)
    repeated = sum(max(accepted.get(chat, 0) - BROADCASTS, 0) for chat in reachable)
    too_many = [send for send in sends if send[2] == 429]
    print(
        f"sends received by the stand-in     {len(sends):>7,}  ({len(too_many)} answered 429, "
        f"{sum(1 for send in sends if send[2] == 403)} answered 403)"
    )
    print(f"outbox                             {counts}")
    print(f"rounds of the two processes        {rounds:>7}  ({wall:.1f} s)")
    print()
    print(f"messages sent to inactive chats    {after_403(sends, blocked):>7}  (target 0)")
    print(f"requests within a retry_after      {within_a_pause(sends):>7}  (target 0, both processes together)")
    print(f"lost                               {lost:>7}  (target 0)")
    print(f"sent twice                         {repeated:>7}  (target 0)")


if __name__ == "__main__":
    main()
