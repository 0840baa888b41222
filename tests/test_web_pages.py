"""What the dashboard's pages show, without a browser: every number is the chat's."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime

import pytest

from bot.core.catalogue import Texts
from bot.core.intents import WebLogin, parse
from bot.web import charts, pages
from db.engine import make_engine, session_factory
from db.migrate import upgrade
from db.snapshot import load_index
from domain.periods import period_at
from domain.plan_index import PlanIndex, StatusBook
from domain.tasks import Status
from domain.timeframes import Kind
from seed.importer import bundled_plan, import_plan

TODAY = date(2026, 11, 24)
TEXTS = Texts("vi")


@pytest.fixture(scope="module")
async def index(tmp_path_factory, alias_table) -> PlanIndex:
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'plan.db'}"
    engine = make_engine(url)
    await upgrade(engine)
    sessions = session_factory(engine)
    await import_plan(sessions, bundled_plan(), alias_table=alias_table, now=datetime(2026, 11, 24, tzinfo=UTC))
    async with sessions() as session:
        found = await load_index(session, alias_table[1])
    await engine.dispose()
    return found


@pytest.fixture(scope="module")
def statuses(index: PlanIndex) -> StatusBook:
    """Statuses given by lead agencies and by others, in the current and in past periods."""
    book, rng, change = StatusBook(), random.Random(7), 0
    for task_id in index.order:
        task = index.tasks[task_id]
        for agency in sorted(index.agencies_of_task(task_id)):
            if rng.random() < 0.3:
                change += 1
                period = period_at(task.timeframe, TODAY).key
                book.apply(change, task_id, agency, rng.choice([period, "2025"]), rng.choice(list(Status)))
    return book


def _scopes(index: PlanIndex) -> list[tuple[int, ...] | None]:
    names = ["Sở Y tế", "Sở Giáo dục và Đào tạo", "Bảo hiểm xã hội tỉnh"]
    return [None, *((index.agency_ids[n],) for n in names), tuple(index.agency_ids[n] for n in names[:2])]


def test_sections_add_up_to_the_counts_of_the_summary(index: PlanIndex, statuses: StatusBook):
    for scope in _scopes(index):
        counts = index.counts(scope, TODAY, statuses)
        rows = pages.section_counts(index, statuses, TODAY, scope)
        for name in counts.__dataclass_fields__:
            assert sum(getattr(r.counts, name) for r in rows) == getattr(counts, name), (scope, name)
        view = pages.overview(index, statuses, TEXTS, TODAY, scope, None, {})
        assert view.counts == counts
        assert view.overdue_total == counts.overdue
        deadlines = [index.tasks[r.id].timeframe.deadline for r in view.overdue]
        assert deadlines == sorted(deadlines)  # the longest overdue first
    assert [r.numeral for r in pages.section_counts(index, statuses, TODAY, None)] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"
    ]  # fmt: skip


def test_the_agencies_table_is_the_summary_by_agency(index: PlanIndex, statuses: StatusBook):
    rows = pages.agency_rows(index, statuses, TODAY, None, None, {})
    assert [(r.name, r.counts) for r in rows] == index.by_agency(statuses, TODAY)
    for row in rows:
        assert row.counts == index.counts((row.id,), TODAY, statuses)
    for sort, column in (("blocked", "blocked"), ("open", "open"), ("overdue", "overdue"), ("due", "due")):
        ordered = pages.agency_rows(index, statuses, TODAY, None, None, {}, sort)
        values = [getattr(r.counts, column) for r in ordered]
        assert values == sorted(values, reverse=True), sort
    health = index.agency_ids["Sở Y tế"]
    mine = pages.agency_rows(index, statuses, TODAY, (health,), None, {health: 3})
    assert [(r.id, r.followers) for r in mine] == [(health, 3)]


def test_an_agency_page_lists_its_own_tasks_once_overdue_first(index: PlanIndex, statuses: StatusBook):
    health = index.agency_ids["Sở Y tế"]
    view = pages.agency_page(index, statuses, TEXTS, TODAY, health, {}, {}, [])
    shown = [item.row.id for _, items in view.sections for item in items]
    assert sorted(shown) == sorted(index.scope_tasks((health,)))
    assert len(shown) == len(set(shown))
    assert view.sections[0][0] == "overdue"
    assert [i.row.id for i in view.sections[0][1]] == index.overdue((health,), TODAY, statuses)
    assert [i.row.id for i in view.coordinating] == list(index.scope_tasks((health,), "coordinator"))
    assert view.counts == index.counts((health,), TODAY, statuses)
    for _, items in view.sections:
        for item in items:
            assert item.row.status == index.status(item.row.id, TODAY, statuses, (health,))


def test_a_task_page_gives_every_lead_a_row_and_the_task_its_own_status(index: PlanIndex, statuses: StatusBook):
    task_id = next(i for i in index.order if len(index.leads_of(i)) > 1)
    view = pages.task_page(index, statuses, TEXTS, TODAY, task_id, [], [])
    assert {a.agency_id for a in view.agencies if a.role == "lead"} == set(index.leads_of(task_id))
    assert view.status == index.status(task_id, TODAY, statuses, None)
    assert view.periods[0][0] == period_at(index.tasks[task_id].timeframe, TODAY).key


def test_the_quality_page_lists_what_the_plan_left_unclear(index: PlanIndex):
    found = pages.quality(index)
    kinds = Counter(task.timeframe.kind for task in index.tasks.values())
    assert len(found.unparsed) == kinds[Kind.BLANK] + kinds[Kind.UNPARSED] > 0
    for row in found.successions:
        succession = index.directory.succession(row.old)
        assert succession is not None and succession.partial and succession.new == row.new
        assert row.tasks == len(index.named_tasks(row.old_id)) > 0
    assert found.successions, "the bundled plan names a body whose duties were split"


def test_a_focal_point_sees_only_tasks_naming_its_agencies(index: PlanIndex):
    health = index.agency_ids["Sở Y tế"]
    named = set(index.scope_tasks((health,), None))
    assert all(pages.may_see_task(index, (health,), i) == (i in named) for i in index.order)
    assert all(pages.may_see_task(index, None, i) for i in index.order)


def test_charts_are_svg_with_every_label_escaped():
    labels = {"done": "<b>Xong</b>", "open": "Chưa & chờ"}
    bar = charts.progress_bar([("done", 3), ("open", 1)], labels)
    assert bar.startswith("<svg") and "<b>" not in bar and "&lt;b&gt;Xong&lt;/b&gt;: 3" in bar
    assert 'width="180.0"' in bar  # three quarters of 240
    chart = charts.status_chart([("done", 2), ("open", 0)], labels, "Tiến độ <2026>")
    assert "Tiến độ &lt;2026&gt;" in chart and "Chưa &amp; chờ" in chart
    assert charts.progress_bar([("done", 0)], labels).count("<rect") == 1  # only the empty track


def test_web_is_a_command_of_its_own():
    assert parse("/web") == WebLogin()
    assert parse("/dashboard") == WebLogin()
    assert parse("/web@agency_bot") == WebLogin()


def test_the_most_overdue_agencies_have_their_own_summary_counts(index: PlanIndex, statuses: StatusBook):
    worst = pages.worst_agencies(index, statuses, TODAY, None, {})
    overdue = {name: counts.overdue for name, counts in index.by_agency(statuses, TODAY)}
    assert [(r.name, r.counts.overdue) for r in worst] == sorted(
        ((name, n) for name, n in overdue.items() if n), key=lambda pair: (-pair[1], pair[0])
    )[: pages.WORST_SHOWN]
    for agency_id in index.agency_names:
        owns = set(index.scope_tasks((agency_id,)))
        assert all((agency_id in index.owners_of(t)) == (t in owns) for t in index.order)
