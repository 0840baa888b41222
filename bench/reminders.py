"""Benchmark: planning a year of reminders for 100,000 tasks and 2,000 agencies.

Prints time and peak memory on SQLite and PostgreSQL, and shows that planning costs time
in proportion to tasks, not tasks times days: the same year for 25k, 50k and 100k tasks
(time per task should stay flat), and one month against one year for 100k tasks (twelve
times the days should cost far less than twelve times the time).

Each scenario runs in a process of its own, so that its peak memory (VmHWM, reset at its start) is its own.

--before REV runs, instead, the 100,000-task scenarios (first planning and again, on both
databases) with REV's code, checked out in a temporary git worktree, and with this tree's:
each has its databases prepared by its own import, and each pair runs back to back, so
that a busy machine weighs on both alike.

Usage: .venv/bin/python bench/reminders.py [--tasks 100000] [--agencies 2000] [--before REV]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import checkout, drop_postgres, fresh_postgres, peak_mib, reset_peak, roman  # noqa: E402
from seed.table import write_rows  # noqa: E402

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
    "Trước ngày 31/3 hằng năm",
    "6 tháng/lần",
    "Hàng tháng",
    "",
]
NOW = datetime(2026, 1, 1, 1, tzinfo=UTC)


def generate(path: Path, tasks: int, agencies: int, seed: int = 7) -> None:
    """A plan whose leads are spread over many agencies: a few dozen departments (so that
    "các sở, ban, ngành" means a realistic group) and many other units."""
    rng = random.Random(seed)
    names = [f"Sở Thử nghiệm {n}" for n in range(1, 41)] + [
        f"Trung tâm thử nghiệm số {n}" for n in range(1, agencies - 39)
    ]
    rows = [["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"]]
    for n in range(tasks):
        if n % 1000 == 0:
            rows.append([roman(n // 1000 + 1), f"Nhóm {n // 1000 + 1}"])
        lead = "Các sở, ban, ngành" if rng.random() < 0.01 else ", ".join(rng.sample(names, rng.choice([1, 1, 2])))
        rows.append([str(n % 1000 + 1), f"Nhiệm vụ số {n}", lead, rng.choice(names), rng.choice(TIMEFRAMES)])
    path.write_text(write_rows(rows), encoding="utf-8")


async def prepare(url: str, plan: Path) -> None:
    from base.clock import ManualClock
    from bot.runtime import open_runtime
    from bot.settings import load_settings
    from seed.importer import PlanFile, import_plan

    async with open_runtime(load_settings(_env_file=None, database_url=url), ManualClock(NOW)) as runtime:
        await import_plan(runtime.sessions, PlanFile(plan, "BENCH"), alias_table=runtime.alias_table, now=NOW)


async def run_scenario(url: str, first: date, last: date) -> dict[str, float]:
    from bot.settings import load_settings
    from db.engine import make_engine, session_factory
    from db.reminders import Window
    from domain.calendar import OfficeCalendar
    from domain.reminders import Planner
    from scheduler.planning import plan_reminders

    engine = make_engine(url)
    sessions = session_factory(engine)
    policy = load_settings(_env_file=None).policy
    start = time.perf_counter()
    async with sessions() as session:
        stored = await plan_reminders(session, Planner(OfficeCalendar()), policy, Window(first, last), NOW)
        await session.commit()
    seconds = time.perf_counter() - start
    await engine.dispose()
    assert stored is not None
    return {"seconds": seconds, "added": stored.added, "peak_mib": peak_mib()}


def child(url: str, first: date, last: date, root: Path = ROOT) -> dict[str, float]:
    """One scenario in a fresh process, with the code of ``root`` (this tree or REV's)."""
    script = root / "bench" / "reminders.py"
    command = [sys.executable, str(script), "--child", url, first.isoformat(), last.isoformat()]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"scenario failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def prepare_with(root: Path, url: str, plan: Path) -> None:
    """The plan imported into ``url`` by the code of ``root``: its own schema and import."""
    code = f"import asyncio, sys; sys.path.insert(0, {str(root)!r}); from bench.reminders import prepare; "
    code += f"from pathlib import Path; asyncio.run(prepare({url!r}, Path({str(plan)!r})))"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


def before_and_now(rev: str, plan: Path, tmp: Path, postgres: str, year: tuple[date, date]) -> list[tuple]:
    """The 100,000-task scenarios with REV's code and this tree's, each pair back to back."""
    rows: list[tuple] = []
    with checkout(rev) as old:
        trees = {"before": old, "now": ROOT}
        sqlite = {name: f"sqlite:///{tmp / f'pair-{name}.db'}" for name in trees}
        made = {name: asyncio.run(fresh_postgres(postgres, f"remindpair{name}")) for name in trees}
        try:
            for name, root in trees.items():
                prepare_with(root, sqlite[name], plan)
                prepare_with(root, made[name][0], plan)
            for label, urls in (("SQLite", sqlite), ("PostgreSQL", {n: u for n, (u, _) in made.items()})):
                for what in ("first planning", "planning again"):
                    pair = {name: child(urls[name], *year, root) for name, root in trees.items()}
                    rows.append((f"{label}, {what}", pair["before"], pair["now"]))
        finally:
            for _url, name in made.values():
                asyncio.run(drop_postgres(postgres, name))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=2_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--before", metavar="REV", help="the 100,000-task scenarios, REV's code against this tree's")
    parser.add_argument("--child", nargs=3)
    args = parser.parse_args()
    if args.child:
        reset_peak()
        url, first, last = args.child
        print(json.dumps(asyncio.run(run_scenario(url, date.fromisoformat(first), date.fromisoformat(last)))))
        return

    year, month = (date(2026, 1, 1), date(2026, 12, 31)), (date(2026, 1, 1), date(2026, 1, 31))
    if args.before:
        with tempfile.TemporaryDirectory() as tmp:
            plan = Path(tmp) / "plan.txt"
            generate(plan, args.tasks, args.agencies)
            pairs = before_and_now(args.before, plan, Path(tmp), args.postgres, year)
        print(f"\n{args.tasks:,} tasks, one year: {args.before} (before) and this tree (now), back to back")
        print(f"{'scenario':<28}{'before s':>10}{'now s':>9}{'before MiB':>12}{'now MiB':>9}{'reminders':>11}")
        for name, old, new in pairs:
            print(
                f"{name:<28}{old['seconds']:>10.2f}{new['seconds']:>9.2f}{old['peak_mib']:>12.0f}"
                f"{new['peak_mib']:>9.0f}{new['added']:>11,}"
            )
        return
    rows: list[tuple[str, int, str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        sizes = sorted({args.tasks // 4, args.tasks // 2, args.tasks})
        for tasks in sizes:
            plan, url = Path(tmp) / f"plan{tasks}.txt", f"sqlite:///{Path(tmp) / f'r{tasks}.db'}"
            generate(plan, tasks, args.agencies)
            asyncio.run(prepare(url, plan))
            rows.append(("SQLite, first planning", tasks, "1 year", child(url, *year)))
            if tasks == args.tasks:
                rows.append(("SQLite, planning again", tasks, "1 year", child(url, *year)))
                month_url = f"sqlite:///{Path(tmp) / 'month.db'}"
                asyncio.run(prepare(month_url, plan))
                rows.append(("SQLite, first planning", tasks, "1 month", child(month_url, *month)))
        pg, pg_name = asyncio.run(fresh_postgres(args.postgres, "remindbench"))
        try:
            asyncio.run(prepare(pg, Path(tmp) / f"plan{args.tasks}.txt"))
            rows.append(("PostgreSQL, first planning", args.tasks, "1 year", child(pg, *year)))
            rows.append(("PostgreSQL, planning again", args.tasks, "1 year", child(pg, *year)))
        finally:
            asyncio.run(drop_postgres(args.postgres, pg_name))

    print(f"{args.agencies:,} agencies; reminders planned for 2026\n")
    print(f"{'scenario':<28}{'tasks':>9}{'window':>9}{'seconds':>9}{'reminders':>11}{'µs/task':>9}{'peak MiB':>10}")
    for name, tasks, window, r in rows:
        print(
            f"{name:<28}{tasks:>9,}{window:>9}{r['seconds']:>9.2f}{r['added']:>11,}"
            f"{r['seconds'] / tasks * 1e6:>9.0f}{r['peak_mib']:>10.0f}"
        )
    full = {(name, window): r for name, tasks, window, r in rows if tasks == args.tasks}
    ratio = (
        full[("SQLite, first planning", "1 year")]["seconds"] / full[("SQLite, first planning", "1 month")]["seconds"]
    )
    print(f"\n12 times the days cost {ratio:.1f} times the time (tasks times days would be 12).")


if __name__ == "__main__":
    main()
