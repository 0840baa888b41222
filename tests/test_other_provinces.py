"""Plans of other provinces and fields, written in the administrative language of their time
(.txt, .docx, .xlsx), read right: every task's leads as the bodies of today, its kind and the
first day its lead must deliver. Each file comes with the reading a careful civil servant
gives it (tests/data/plans/*.expected.json); the importer was not tuned to them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from domain.periods import periods_between
from domain.text import key
from domain.timeframes import Timeframe
from seed.formats import read_table
from seed.plan_reader import read_plan

PLANS = Path(__file__).parent / "data" / "plans"
FROM = date(2026, 1, 1)  # "due" is the first day to deliver from then on


def first_due(timeframe: Timeframe) -> str | None:
    if timeframe.is_time_bound:
        return timeframe.deadline.isoformat() if timeframe.deadline else None
    periods = periods_between(timeframe, FROM, date(2030, 12, 31))
    return periods[0].due.isoformat() if periods and periods[0].due else None


@pytest.mark.parametrize("expected", sorted(PLANS.glob("*.expected.json")), ids=lambda p: p.name.split(".")[0])
def test_a_plan_of_another_province_is_read_right(directory, expected: Path):
    plan_file = next(p for p in PLANS.glob(expected.name.replace(".expected.json", ".*")) if p.suffix != ".json")
    plan = read_plan(read_table(plan_file.read_bytes(), plan_file.name), directory, plan_file.name)
    tasks = {task.code: task for task in plan.tasks}

    def today(name: str) -> str:
        return key(directory.current(directory.lookup(name) or name))

    wrong = []
    reading = json.loads(expected.read_text(encoding="utf-8"))["tasks"]
    assert sorted(tasks) == sorted(e["code"] for e in reading)
    for want in reading:
        task = tasks[want["code"]]
        got = (
            list(dict.fromkeys(today(a.name) for a in task.leads)),
            task.timeframe.kind.value,
            first_due(task.timeframe),
        )
        if got != (list(dict.fromkeys(map(today, want["leads"]))), want["kind"], want["due"]):
            wrong.append((want["code"], task.lead_text, task.timeframe.raw, got))
    assert wrong == []
