"""Benchmark: the same generated plan read from .txt, .docx and .xlsx; rows read per second
and peak memory for each, text as the baseline.

Each format is read in a fresh process so that its peak memory is its own: the high-water
mark of its resident memory (VmHWM; ru_maxrss would carry the parent's over execve), reset
just before reading, less what the process held then. "read" is the format's reader alone (file to
rows); "read + parse" adds column recognition, agency resolution and timeframe parsing,
which every format shares.

Usage: .venv/bin/python bench/import_formats.py [--tasks 20000]
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import peak_mib, reset_peak
from bench.import_plan import generate_rows
from seed.table import write_rows


def write_docx(rows: list[list[str]], path: Path) -> None:
    """Section titles merged across the columns, as Word plans have them. Rows are reached
    through `table.rows` once: `table.cell(r, c)` walks the whole table on every call."""
    from docx import Document

    document = Document()
    document.add_paragraph("KẾ HOẠCH (bảng nhiệm vụ kèm theo)")
    width = len(rows[0])
    table = document.add_table(rows=len(rows), cols=width)
    for row, values in zip(table.rows, rows, strict=True):
        cells = row.cells
        if len(values) == 2:
            cells[0].text = values[0]
            cells[1].merge(cells[width - 1]).text = values[1]
            continue
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    document.save(path)


def write_xlsx(rows: list[list[str]], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    width = len(rows[0])
    for values in rows:
        sheet.append([int(v) if v.isdigit() else (v or None) for v in values])
        if len(values) == 2:
            sheet.merge_cells(start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=width)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


def measure(path: Path) -> dict[str, float]:
    """In the child process: read, then parse, the file."""
    from domain.agencies import AgencyDirectory
    from seed.aliases import load_alias_table
    from seed.formats import read_table
    from seed.plan_reader import read_plan

    directory = AgencyDirectory(*load_alias_table())
    data = path.read_bytes()
    before = reset_peak()
    start = time.perf_counter()
    rows = read_table(data, str(path))
    read = time.perf_counter() - start
    peak_read = peak_mib() - before
    parsed = read_plan(rows, directory, str(path))
    total = time.perf_counter() - start
    return {
        "rows": len(rows),
        "tasks": len(parsed.tasks),
        "read": read,
        "total": total,
        "peak_read": peak_read,
        "peak": peak_mib() - before,
    }


def child(path: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"reading {path.name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--child", type=Path)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return

    rows = generate_rows(args.tasks)
    with tempfile.TemporaryDirectory() as tmp:
        paths = {kind: Path(tmp) / f"plan.{kind}" for kind in ("txt", "docx", "xlsx")}
        started = time.perf_counter()
        paths["txt"].write_text(write_rows(rows), encoding="utf-8")
        write_docx(rows, paths["docx"])
        write_xlsx(rows, paths["xlsx"])
        print(f"plan: {args.tasks:,} tasks, {len(rows):,} rows; files written in {time.perf_counter() - started:.0f} s")
        results = {kind: child(path) for kind, path in paths.items()}
        sizes = {kind: path.stat().st_size / 2**20 for kind, path in paths.items()}

    baseline = results["txt"]
    print(
        f"\n{'format':<7}{'file MiB':>9}{'rows':>8}{'read s':>8}{'rows/s':>10}{'x text':>8}"
        f"{'read+parse s':>13}{'rows/s':>9}{'peak MiB read':>14}{'peak MiB all':>13}"
    )
    for kind, r in results.items():
        assert r["tasks"] == baseline["tasks"], f"{kind} gave {r['tasks']} tasks, text {baseline['tasks']}"
        print(
            f"{kind:<7}{sizes[kind]:>9.1f}{r['rows']:>8,.0f}{r['read']:>8.2f}{r['rows'] / r['read']:>10,.0f}"
            f"{r['read'] / baseline['read']:>8.1f}{r['total']:>13.2f}{r['rows'] / r['total']:>9,.0f}"
            f"{r['peak_read']:>14.0f}{r['peak']:>13.0f}"
        )


if __name__ == "__main__":
    main()
