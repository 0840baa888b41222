"""Benchmark: the dashboard's overview and agency pages on a large installation, served by
`agencybot run` with the bot answering in the same process.

Builds a PostgreSQL database of 100,000 tasks, 2,000 agencies and 20,000 linked users (as
bench/chat.py does), starts `agencybot run` against the Telegram stand-in, logs in as an
administrator through the link the bot sends for /web, then prints:
  - the first render of each page (nothing cached: after start, or after a status changed);
  - p50/p99 of each page over many requests (client-side, and the server's own render time
    from the Server-Timing header) and requests per second, while focal points ask the bot
    questions through the stand-in at the same time;
  - the same while a status changes every few seconds (each change empties the caches).
Target: overview p99 <= 100 ms.

Usage: .venv/bin/python bench/web.py [--tasks 100000] [--agencies 2000] [--requests 400]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import aiohttp  # noqa: E402
from sqlalchemy import select  # noqa: E402

from bench.chat import QUESTION, USER_BASE, generate_plan, percentile, populate  # noqa: E402
from bench.common import drop_postgres, fresh_postgres  # noqa: E402
from bot.runtime import open_runtime  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from db.models import Account, Agency, AgencyLink, Task, TaskAgency  # noqa: E402
from standins.telegram import TelegramStandIn  # noqa: E402

ADMIN = 1000
LINK = re.compile(r"/login/([A-Za-z0-9_-]+)")
TIMING = re.compile(r"app;dur=([0-9.]+)")


async def start_service(url: str, tg: TelegramStandIn) -> tuple[asyncio.subprocess.Process, str]:
    """`agencybot run` as in production, on a free port; the dashboard's address it prints."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "TELEGRAM_BOT_TOKEN": tg.token,
        "TELEGRAM_API_BASE_URL": tg.base_url,
        "ADMIN_TELEGRAM_IDS": str(ADMIN),
        "TELEGRAM_RATE_PER_SECOND": "0",
        "TELEGRAM_CHAT_INTERVAL_SECONDS": "0",
        "TELEGRAM_GROUP_PER_MINUTE": "0",
        "WEB_PORT": "0",
        "LOG_LEVEL": "INFO",  # to see when the reminders are planned
    }
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "agencybot"), "run", env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    line = (await asyncio.wait_for(process.stdout.readline(), 300)).decode()
    found = re.search(r"Dashboard: (\S+)", line)
    assert found, line
    return process, found[1]


PLANNED = asyncio.Event()


async def watch_log(process: asyncio.subprocess.Process) -> None:
    """The service's log: the line saying the reminders were planned."""
    assert process.stderr is not None
    async for raw in process.stderr:
        if b"reminders planned:" in raw:
            PLANNED.set()
        elif b" WARNING " in raw or b" ERROR " in raw:
            print("  service:", raw.decode().strip().split(": ", 1)[-1][:150])


async def settle(tg: TelegramStandIn) -> float:
    """Wait until the service is idle: right after start it plans the reminders of every task
    (minutes at 100,000 tasks, in the same process, holding up answers and pages alike), then
    queues the day's digests. Seconds waited."""
    started, quick = time.perf_counter(), 0
    await asyncio.wait_for(PLANNED.wait(), 1800)
    for n in range(1000):
        chat = USER_BASE + n
        asked = time.perf_counter()
        tg.push_text(chat, QUESTION, first_name="Người")
        await tg.next_message(chat, timeout=600)
        quick = quick + 1 if time.perf_counter() - asked < 0.2 else 0
        if quick == 10:
            break
        await asyncio.sleep(0.5)
    return time.perf_counter() - started


async def log_in(tg: TelegramStandIn, http: aiohttp.ClientSession, base: str) -> None:
    tg.push_text(ADMIN, "/web", first_name="Quản trị")
    answer = await tg.next_message(ADMIN, timeout=60)
    token = LINK.search(answer.plain_text or "")
    assert token, answer.plain_text
    async with http.post(f"{base}/login", data={"token": token[1]}, allow_redirects=False) as response:
        assert response.status == 303, await response.text()


async def fetch(http: aiohttp.ClientSession, url: str) -> tuple[float, float, int]:
    """(seconds as the client saw it, the server's own milliseconds, bytes)."""
    started = time.perf_counter()
    async with http.get(url) as response:
        body = await response.read()
        assert response.status == 200, (url, response.status)
        server = float(TIMING.search(response.headers["Server-Timing"])[1])
    return time.perf_counter() - started, server, len(body)


async def load(
    http: aiohttp.ClientSession, urls: list[str], concurrency: int
) -> tuple[list[float], list[float], float]:
    """Every URL once, ``concurrency`` at a time: client times, server times, wall seconds."""
    queue = list(urls)
    client, server = [], []

    async def worker() -> None:
        while queue:
            took, own, _ = await fetch(http, queue.pop())
            client.append(took)
            server.append(own)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return client, server, time.perf_counter() - started


async def chatting(tg: TelegramStandIn, users: int, stop: asyncio.Event, per_second: float) -> list[float]:
    """Focal points asking the bot "due this year" while the pages are loaded."""
    rng = random.Random(3)
    before = len(tg.reply_latencies())
    while not stop.is_set():
        chat = USER_BASE + rng.randrange(users)
        tg.push_text(chat, QUESTION, first_name="Người")
        await asyncio.sleep(1 / per_second)
    await asyncio.sleep(1)
    return tg.reply_latencies()[before:]


async def changing(tg: TelegramStandIn, pairs: list[tuple[int, str]], stop: asyncio.Event, every: float) -> int:
    """A focal point marking a task done every ``every`` seconds: the caches are emptied."""
    changed = 0
    while not stop.is_set():
        await asyncio.sleep(every)
        chat, code = pairs[changed % len(pairs)]
        tg.push_text(chat, f"/doing {code}", first_name="Người")
        changed += 1
    return changed


def line(label: str, client: list[float], server: list[float], wall: float) -> str:
    return (
        f"{label:<44}{percentile(client, 50) * 1e3:>9.1f}{percentile(client, 99) * 1e3:>9.1f}"
        f"{percentile(server, 50):>9.1f}{percentile(server, 99):>9.1f}{len(client) / wall:>9.0f}"
    )


async def focal_points(url: str, count: int) -> tuple[list[int], list[tuple[int, str]]]:
    """Agencies to open, and (chat, task code) pairs of focal points who may mark progress."""
    settings = load_settings(_env_file=None, database_url=url)
    async with open_runtime(settings) as runtime, runtime.sessions() as session:
        agencies = list(await session.scalars(select(Agency.id).where(~Agency.is_group)))
        rows = await session.execute(
            select(Account.external_id, Task.code)
            .join(AgencyLink, AgencyLink.account_id == Account.id)
            .join(TaskAgency, (TaskAgency.agency_id == AgencyLink.agency_id) & (TaskAgency.role == "lead"))
            .join(Task, Task.id == TaskAgency.task_id)
            .limit(count)
        )
        pairs = [(int(external), code) for external, code in rows]
    return agencies, pairs


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=2_000)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=400, help="requests of each page")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--chat-per-second", type=float, default=10.0)
    parser.add_argument("--change-every", type=float, default=5.0, help="seconds between status changes")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan.txt"
        generate_plan(plan, args.tasks, args.agencies)
        url, name = await fresh_postgres(args.postgres, "webbench")
        try:
            started = time.perf_counter()
            await populate(url, plan, args.users)
            agencies, pairs = await focal_points(url, 200)
            print(
                f"database: {args.tasks:,} tasks, {args.agencies:,} agencies, {args.users:,} users on PostgreSQL "
                f"(built in {time.perf_counter() - started:.0f} s)"
            )
            async with TelegramStandIn() as tg:
                started = time.perf_counter()
                process, base = await start_service(url, tg)
                log = asyncio.create_task(watch_log(process))
                try:
                    await tg.wait_until(lambda: tg.is_polling, timeout=300, what="polling")
                    print(
                        f"agencybot run: bot polling and dashboard at {base} in {time.perf_counter() - started:.1f} s"
                    )
                    waited = await settle(tg)
                    print(f"then busy planning the reminders of every task, idle again after {waited:.0f} s\n")
                    jar = aiohttp.CookieJar(unsafe=True)
                    connector = aiohttp.TCPConnector(limit=args.concurrency)
                    async with aiohttp.ClientSession(cookie_jar=jar, connector=connector) as http:
                        await log_in(tg, http, base)
                        rng = random.Random(9)
                        agency_urls = [f"{base}/agencies/{rng.choice(agencies)}" for _ in range(args.requests)]
                        print(f"{'first render (nothing cached)':<44}{'client ms':>9}{'server ms':>10}{'bytes':>10}")
                        for label, page in (
                            ("overview", f"{base}/"),
                            ("agencies table (2,000 rows)", f"{base}/agencies"),
                            ("an agency", agency_urls[0]),
                        ):
                            took, own, size = await fetch(http, page)
                            print(f"{label:<44}{took * 1e3:>9.1f}{own:>10.1f}{size:>10,}")
                        print(
                            f"\n{'under load, bot answering in the same process':<44}"
                            f"{'p50 ms':>9}{'p99 ms':>9}{'srv p50':>9}{'srv p99':>9}{'req/s':>9}"
                        )
                        for phase, change_every in (
                            ("", 0.0),
                            (f", a status change every {args.change_every:g} s", args.change_every),
                        ):
                            stop = asyncio.Event()
                            chat = asyncio.create_task(chatting(tg, args.users, stop, args.chat_per_second))
                            change = (
                                asyncio.create_task(changing(tg, pairs, stop, change_every)) if change_every else None
                            )
                            overview = await load(http, [f"{base}/"] * args.requests, args.concurrency)
                            agency = await load(http, agency_urls, args.concurrency)
                            stop.set()
                            replies = await chat
                            changed = await change if change else 0
                            print(line(f"overview{phase}", *overview))
                            print(line(f"an agency (random of {len(agencies):,}){phase}", *agency))
                            print(
                                f"{'  bot replies meanwhile (' + str(len(replies)) + ')':<44}"
                                f"{percentile(replies, 50) * 1e3:>9.1f}{percentile(replies, 99) * 1e3:>9.1f}"
                                + (f"   ({changed} status changes)" if changed else "")
                            )
                        verdict = percentile(overview[0], 99) * 1e3
                        print(f"\noverview p99 with status changes: {verdict:.1f} ms (target <= 100)")
                finally:
                    process.terminate()
                    await process.wait()
                    log.cancel()
        finally:
            await drop_postgres(args.postgres, name)


if __name__ == "__main__":
    asyncio.run(main())
