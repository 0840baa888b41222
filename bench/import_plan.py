"""Benchmark: import a generated plan of 50,000 tasks; prints tasks per second, peak memory and CPU time.

Each scenario runs in a fresh process so that its peak memory (VmHWM, reset at its start) is its own:
  parse only      reading and parsing the table, no database (the baseline)
  first import    into an empty database, SQLite and PostgreSQL
  re-import       the same file again (must change nothing)
  edited import   1% of the tasks reworded

Usage: .venv/bin/python bench/import_plan.py [--tasks 50000] [--postgres URL] [--before REV]

--before REV runs the same scenarios, on the same generated files, in REV checked out in
a temporary git worktree too, and prints both side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import checkout, drop_postgres, fresh_postgres, peak_mib, reset_peak, roman, server_cpu_seconds
from domain.agencies import AgencyDirectory
from seed.aliases import load_alias_table
from seed.table import write_rows

HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời gian", "Kinh phí"]
TIMEFRAMES = [
    "Hàng năm",
    "Thường xuyên",
    "2018 - 2025",
    "Giai đoạn 2021-2025",
    "Năm 2026",
    "Quý II/2026",
    "Tháng 6/2027",
    "Trước ngày 30/6/2026",
    "Trước ngày 15/12 hằng năm",
    "Hàng quý",
    "6 tháng/lần",
    "Thường xuyên, hàng năm",
    "",
    "Khi có yêu cầu",
]
FUNDING = ["Ngân sách", "Ngân sách và xã hội hóa", "", "Ngân sách và huy động các nguồn khác"]


def generate(tasks: int, path: Path, seed: int = 20) -> None:
    path.write_text(write_rows(generate_rows(tasks, seed)), encoding="utf-8")


def generate_rows(tasks: int, seed: int = 20) -> list[list[str]]:
    """A plan shaped like real ones: sections of 500 tasks, agencies from the alias table
    written in their various spellings, 1 in 200 cells naming an agency nobody listed."""
    rng = random.Random(seed)
    entries = load_alias_table().entries
    spellings = [alias for e in entries for alias in (e.name, *e.aliases)]
    rows: list[list[str]] = [HEADER]
    per_section = 500
    for n in range(tasks):
        if n % per_section == 0:
            rows.append([roman(n // per_section + 1), f"Nhóm nhiệm vụ {n // per_section + 1}"])
        lead = ", ".join(rng.sample(spellings, rng.choice([1, 1, 1, 2, 3])))
        if rng.random() < 0.005:
            lead += f", Trung tâm số {rng.randint(1, 300)}"
        rows.append(
            [
                f"{n % per_section + 1}.",
                f"Triển khai nội dung số {n} của kế hoạch về chăm sóc sức khỏe Nhân dân giai đoạn mới",
                lead,
                ", ".join(rng.sample(spellings, rng.choice([0, 1, 2]))),
                f"Báo cáo {n}",
                rng.choice(TIMEFRAMES),
                rng.choice(FUNDING),
            ]
        )
    return rows


def edit(path: Path, out: Path, share: float = 0.01) -> None:
    rng = random.Random(7)
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith("\tTriển khai nội dung số") and rng.random() < share:
            lines[i] = line + " (sửa đổi)"
    out.write_text("\n".join(lines), encoding="utf-8")


# -- scenarios, each in its own process ----------------------------------------------


async def run_scenario(name: str, plan: Path, url: str | None) -> dict[str, float]:
    from db.engine import make_engine, session_factory
    from db.migrate import upgrade
    from seed.importer import PlanFile, import_plan
    from seed.plan_reader import read_plan
    from seed.table import decode, read_rows

    alias_table = load_alias_table()
    now = datetime.now(UTC)
    if name == "parse":
        start, cpu = time.perf_counter(), time.process_time()
        parsed = read_plan(read_rows(decode(plan.read_bytes(), str(plan))), AgencyDirectory(*alias_table), str(plan))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        return {"seconds": seconds, "tasks": len(parsed.tasks), "peak_mib": peak_mib(), "cpu": cpu, "server_cpu": 0.0}
    engine = make_engine(url)
    await upgrade(engine)
    sessions = session_factory(engine)
    start, cpu, server = time.perf_counter(), time.process_time(), server_cpu_seconds()
    report = await import_plan(sessions, PlanFile(plan, "BENCH"), alias_table=alias_table, now=now)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    # read before the connections close: a server process that ended is not counted
    server = server_cpu_seconds() - server if url and url.startswith("postgresql") else 0.0
    await engine.dispose()
    outcome = report.outcome
    return {
        "seconds": seconds,
        "tasks": len(report.parsed.tasks),
        "added": len(outcome.added),
        "updated": len(outcome.updated),
        "peak_mib": peak_mib(),
        "cpu": cpu,
        "server_cpu": server,
    }


def child(name: str, plan: Path, url: str | None, script: Path = Path(__file__)) -> dict[str, float] | None:
    """One scenario in a fresh process of ``script`` (this file, or its copy in an older
    revision); None when it failed, its error shown."""
    command = [sys.executable, str(script), "--child", name, "--plan", str(plan)] + (["--url", url] if url else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"scenario {name} failed ({script}):\n{done.stderr.strip().splitlines()[-1]}", file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_all(plan: Path, edited: Path, tmp: Path, scripts: dict[str, Path], postgres: str) -> list[tuple[str, dict]]:
    """Every scenario, for each revision (its own databases), alternating revisions so that
    a busy machine weighs on both alike: rows of (scenario, {revision: result or None})."""

    def each(name: str, path: Path, urls: dict[str, str | None]) -> dict[str, dict[str, float] | None]:
        return {rev: child(name, path, urls[rev], script) for rev, script in scripts.items()}

    results = [("parse only (baseline)", each("parse", plan, dict.fromkeys(scripts)))]
    sqlite = {rev: f"sqlite:///{tmp / f'bench-{n}.db'}" for n, rev in enumerate(scripts)}
    results += [
        ("SQLite first import", each("import", plan, sqlite)),
        ("SQLite re-import", each("import", plan, sqlite)),
        ("SQLite edited import", each("import", edited, sqlite)),
    ]
    made = {rev: asyncio.run(fresh_postgres(postgres, f"importbench{n}")) for n, rev in enumerate(scripts)}
    pg = {rev: url for rev, (url, _name) in made.items()}
    try:
        results += [
            ("PostgreSQL first import", each("import", plan, pg)),
            ("PostgreSQL re-import", each("import", plan, pg)),
            ("PostgreSQL edited import", each("import", edited, pg)),
        ]
    finally:
        for _url, name in made.values():
            asyncio.run(drop_postgres(postgres, name))
    return results


def _cells(r: dict[str, float] | None) -> str:
    if r is None:
        return f"{'failed':>10}{'':>10}{'':>8}{'':>9}{'':>9}"
    cpu = r.get("cpu", 0.0) + r.get("server_cpu", 0.0)
    return (
        f"{r['tasks'] / r['seconds']:>10,.0f}{r['peak_mib']:>10.0f}{r.get('added', 0):>8,}{r.get('updated', 0):>9,}"
        f"{cpu:>9.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=50_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--before", metavar="REV", help="also run REV (a git revision) and show both")
    parser.add_argument("--child")
    parser.add_argument("--plan", type=Path)
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.child:
        reset_peak()
        print(json.dumps(asyncio.run(run_scenario(args.child, args.plan, args.url))))
        return

    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        plan, edited = Path(tmp) / "plan.txt", Path(tmp) / "plan-edited.txt"
        generate(args.tasks, plan)
        edit(plan, edited)
        print(f"plan: {args.tasks:,} tasks, {plan.stat().st_size / 2**20:.1f} MiB of text\n")
        scripts = {"now": Path(__file__)}
        if args.before:
            scripts = {args.before: stack.enter_context(checkout(args.before)) / "bench" / "import_plan.py", **scripts}
        results = run_all(plan, edited, Path(tmp), scripts, args.postgres)

    columns = f"{'tasks/s':>10}{'peak MiB':>10}{'added':>8}{'updated':>9}{'CPU s':>9}"
    print(f"{'':<26}" + "".join(f"{rev[:46]:>46}" for rev in scripts))
    print(f"{'scenario':<26}" + columns * len(scripts))
    for name, by_rev in results:
        print(f"{name:<26}" + "".join(_cells(by_rev[rev]) for rev in scripts))
    print(
        "\nCPU s: the import's own CPU time and, on PostgreSQL, the server's. Spread perfectly over"
        f" this machine's {os.cpu_count()} cores, a run cannot take less than CPU s / {os.cpu_count()}."
    )


if __name__ == "__main__":
    main()
