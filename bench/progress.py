"""Charts and the year's report for a big plan: 100,000 tasks led by 2,000 agencies.

Everything in memory, as the bot holds it (the plan index, the status book): the per-agency
and per-section progress (domain/progress.py), the PNG chart (top agencies, the rest grouped),
and the Word report rendered from its values (bot/reports/docx_report.py). Prints the time
and the peak memory (VmHWM, Linux) of each step.

    .venv/bin/python bench/progress.py [--tasks 100000] [--agencies 2000] [--report-tasks N]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from base.markup import to_plain
from bench.common import peak_mib, reset_peak, roman
from bot.core.catalogue import Texts
from bot.reports.charts import ChartWords, progress_png
from bot.reports.docx_report import LateLine, ReportData, TaskLine, render_report
from domain import progress as prog
from domain.agencies import AgencyDirectory
from domain.plan_index import Link, PlanIndex, StatusBook
from domain.tasks import Status, TaskView
from domain.timeframes import parse_timeframe

TODAY = date(2026, 11, 24)
TIMEFRAMES = ["Hàng năm", "2018 - 2025", "Năm 2026", "Thường xuyên", "Trước ngày 30/6/2026", "Quý IV/2027"]


def words(key: str, **values: object) -> str:
    """The report's words as the chat writes them (plain text: the document is not HTML)."""
    return to_plain(Texts("vi")(key, **values))


def build(tasks: int, agencies: int) -> tuple[PlanIndex, StatusBook]:
    rng = random.Random(16)
    names = {n: f"Sở Thử nghiệm số {n} tỉnh Đồng Nai" for n in range(1, agencies + 1)}
    frames = {raw: parse_timeframe(raw) for raw in TIMEFRAMES}
    sections = 20
    views, links = [], []
    for n in range(tasks):
        section = roman(n % sections + 1)
        code = f"{section}.{n // sections + 1}"
        raw = TIMEFRAMES[n % len(TIMEFRAMES)]
        views.append(
            TaskView(n + 1, "BIG", code, section, f"Mục {section}: chăm sóc sức khỏe nhân dân", str(n // sections + 1),
                     f"Nhiệm vụ {code}: nâng cao chất lượng khám, chữa bệnh tuyến cơ sở", (), (), frames[raw], "", ())
        )  # fmt: skip
        lead = rng.randint(1, agencies)
        links.append(Link(n + 1, lead, "lead"))
        links.append(Link(n + 1, rng.randint(1, agencies), "coordinator"))
    views.sort(key=lambda t: (t.section, int(t.number)))
    index = PlanIndex(views, links, {}, AgencyDirectory([]), names, {"BIG": "Kế hoạch thử nghiệm"}, {"BIG": 1})
    book = StatusBook()
    change = 0
    for link in links:
        if link.role == "lead" and rng.random() < 0.5:
            change += 1
            status = rng.choice([Status.DONE, Status.IN_PROGRESS, Status.BLOCKED])
            book.apply(change, link.task_id, link.agency_id, "all", status)
    return index, book


def step(label: str, work):
    reset_peak()
    started = time.perf_counter()
    result = work()
    print(f"{label:<48} {time.perf_counter() - started:8.2f} s   peak {peak_mib():7.0f} MiB")
    return result


def report_data(index: PlanIndex, book: StatusBook, limit: int) -> ReportData:
    buckets = prog.buckets(index, None, TODAY, book)
    sections: dict[str, list[TaskLine]] = {}
    late = []
    for task_id in index.order[:limit]:
        task = index.tasks[task_id]
        leads = sorted(index.leads_of(task_id))
        said = tuple(f"{index.agency_names[a]}: {book.combined(task_id, 'all', (a,)).value}" for a in leads)
        sections.setdefault(f"{task.section}. {task.section_title}", []).append(
            TaskLine(task.number, task.content, index.agency_names[leads[0]], task.timeframe.raw, said, ())
        )
        if buckets.get(task_id) in ("overdue", "blocked"):
            late.append(LateLine(task.code, task.content, index.agency_names[leads[0]], buckets[task_id], ()))
    total = prog.Progress(**{b: list(buckets.values()).count(b) for b in prog.BUCKETS})
    return ReportData("BIG", "Kế hoạch thử nghiệm", 2026, TODAY, "SỞ Y TẾ", limit, total, list(sections.items()),
                      late, 0)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=2_000)
    parser.add_argument("--report-tasks", type=int, default=None, help="tasks in the report (default: all)")
    args = parser.parse_args()
    print(f"{args.tasks:,} tasks, {args.agencies:,} lead agencies")
    index, book = step("build the plan index and statuses (setup)", lambda: build(args.tasks, args.agencies))
    agencies = step("progress per agency (domain/progress.by_agency)", lambda: prog.by_agency(index, book, TODAY))
    sections = step("progress per section", lambda: prog.by_section(index, book, TODAY))
    labels = {b: b for b in prog.BUCKETS}
    chart_words = ChartWords("Tiến độ năm 2026 · toàn bộ kế hoạch", "Theo cơ quan", "Theo mục", labels, "Số", "%")
    shown = prog.top(agencies, 15, f"{len(agencies) - 14} cơ quan khác")
    png = step(
        "PNG chart (top 15 agencies + others, 20 sections)",
        lambda: progress_png(chart_words, [("Theo cơ quan", shown, False), ("Theo mục", sections, False)]),
    )
    print(f"  chart: {len(png):,} bytes, {len(agencies):,} agencies drawn as {len(shown)} bars")
    limit = args.report_tasks or args.tasks
    data = step(f"report values ({limit:,} tasks)", lambda: report_data(index, book, limit))
    docx = step("Word report (python-docx)", lambda: render_report(data, words))
    print(f"  report: {len(docx) / 2**20:,.1f} MiB ({'within' if len(docx) < 50 * 2**20 else 'OVER'} the 50 MB limit)")


if __name__ == "__main__":
    main()
