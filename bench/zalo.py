"""Benchmark: update-to-reply time through the Zalo stand-in, polling and webhook.

"nhiệm vụ của tôi đến hạn năm nay" asked by focal points of Sở Y tế on the bundled plan,
answered by `agencybot run` (Zalo only, SQLite) in a process of its own, compared in the
same run with a bare echo client on httpx (bench/zalo_echo.py) on the same stand-in.
Prints p50/p99 for each, and AgencyBot's median over the echo client's.

Each user's first question (which creates their chat) is left out, as are the first
seconds after start, when the service plans the reminders. Questions follow answers after
--think-ms (people do not answer within milliseconds; 0 measures back to back, where what a
bot does after answering, such as keeping the numbered choices, delays the next answer).

Usage: .venv/bin/python bench/zalo.py [--users 50] [--questions 400] [--think-ms 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from sqlalchemy import insert, select  # noqa: E402

from base.clock import ManualClock  # noqa: E402
from bench.chat import QUESTION, percentile  # noqa: E402
from bench.common import start_bot  # noqa: E402
from bot.runtime import open_runtime  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from db.models import Account, AgencyLink, ChatRoom  # noqa: E402
from db.queries import agency_id_by_name  # noqa: E402
from seed.importer import bundled_plan, import_plan  # noqa: E402
from standins.zalo import ZaloStandIn  # noqa: E402

USER_BASE = 8_100_000_000_000_000_000
SECRET = "bench-webhook-secret"
SETTLE_SECONDS = 15.0  # the reminder jobs run 5 and 10 s after start


async def populate(url: str, users: int) -> None:
    """The bundled plan, and focal points of Sở Y tế on Zalo, in bulk."""
    now = datetime.now(UTC)
    async with open_runtime(load_settings(_env_file=None, database_url=url), ManualClock(now)) as runtime:
        await import_plan(runtime.sessions, bundled_plan(), alias_table=runtime.alias_table, now=now)
        async with runtime.sessions() as session, session.begin():
            health = await agency_id_by_name(session, "Sở Y tế")
            ids = [str(USER_BASE + n) for n in range(users)]
            chat = {"channel": "zalo", "kind": "private", "active": True, "created_at": now}
            await session.execute(insert(ChatRoom), [{**chat, "external_id": i} for i in ids])
            chats = dict((await session.execute(select(ChatRoom.external_id, ChatRoom.id))).all())
            person = {"channel": "zalo", "role": "member", "created_at": now, "last_seen_at": now}
            await session.execute(
                insert(Account),
                [
                    {**person, "external_id": i, "display_name": f"Đầu mối {i[-3:]}", "private_chat_id": chats[i]}
                    for i in ids
                ],
            )
            accounts = dict((await session.execute(select(Account.external_id, Account.id))).all())
            await session.execute(
                insert(AgencyLink), [{"agency_id": health, "account_id": accounts[i], "created_at": now} for i in ids]
            )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def through_standin(database: str | None, webhook: bool, users: int, questions: int, think: float) -> list[float]:
    """Update-to-reply times for AgencyBot (database given) or the echo client."""
    async with ZaloStandIn() as zl:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
        env |= {"ZALO_BOT_TOKEN": zl.token, "ZALO_API_BASE_URL": zl.base_url, "LOG_LEVEL": "WARNING"}
        if webhook:
            port = free_port()
            env |= {
                "ZALO_WEBHOOK_URL": f"https://127.0.0.1:{port}/zalo",
                "ZALO_WEBHOOK_SECRET": SECRET,
                "ZALO_WEBHOOK_LISTEN": "127.0.0.1",
                "ZALO_WEBHOOK_PORT": str(port),
            }
        bot = await start_bot(ROOT / "bench" / "zalo_echo.py", database, env)
        try:
            started = time.monotonic()
            await zl.wait_until(lambda: zl.webhook if webhook else zl.is_polling, timeout=60, what="the bot")
            people = [str(USER_BASE + n) for n in range(users)]
            for chat in people:  # first questions: left out
                zl.push_text(chat, QUESTION)
                await zl.next_message(chat, timeout=30)
            await asyncio.sleep(max(0.0, SETTLE_SECONDS - (time.monotonic() - started)))
            rng = random.Random(7)
            for _ in range(questions):
                await asyncio.sleep(think)
                chat = rng.choice(people)
                zl.skip_unread(chat)
                zl.push_text(chat, QUESTION)
                await zl.next_message(chat, timeout=30)
        finally:
            bot.terminate()
            await bot.wait()
        return zl.reply_latencies()[users:]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50, help="focal points of Sở Y tế on Zalo")
    parser.add_argument("--questions", type=int, default=400, help="questions measured per run")
    parser.add_argument("--think-ms", type=float, default=20.0, help="from an answer to the next question")
    args = parser.parse_args()
    think = args.think_ms / 1000
    with tempfile.TemporaryDirectory() as tmp:
        database = f"sqlite:///{Path(tmp) / 'zalo.db'}"
        await populate(database, args.users)
        print(
            f"seed plan, {args.users} focal points on Zalo, {args.questions} questions per run, "
            f"{args.think_ms:g} ms from an answer to the next question: {QUESTION!r}\n"
        )
        print(f"{'update to reply, through the Zalo stand-in':<46}{'p50 ms':>9}{'p99 ms':>9}")
        for mode, webhook in (("polling", False), ("webhook", True)):
            echo = await through_standin(None, webhook, args.users, args.questions, think)
            agencybot = await through_standin(database, webhook, args.users, args.questions, think)
            for name, values in ((f"bare echo client, {mode}", echo), (f"AgencyBot, {mode}", agencybot)):
                print(f"{name:<46}{percentile(values, 50) * 1e3:>9.2f}{percentile(values, 99) * 1e3:>9.2f}")
            ratio = statistics.median(agencybot) / statistics.median(echo)
            print(f"{'':<4}AgencyBot median / echo median, {mode}: {ratio:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
