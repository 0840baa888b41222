"""Loading every task for the read model: read as the rows come (bench/scale.py, a million
tasks), it gives what a filtered query gives, and keeps equal values once."""

from __future__ import annotations

from chatbot import START

from base.clock import ManualClock
from bot.runtime import open_runtime
from bot.settings import load_settings
from db.queries import TaskFilter, find_tasks
from db.snapshot import load_index
from domain.timeframes import Kind
from seed.importer import bundled_plan, import_plan


async def test_every_task_read_as_it_comes_is_what_a_filtered_query_gives(database_url: str):
    settings = load_settings(_env_file=None, database_url=database_url)
    async with open_runtime(settings, ManualClock(START)) as runtime:
        await import_plan(runtime.sessions, bundled_plan(), alias_table=runtime.alias_table, now=START)
        async with runtime.sessions() as session:
            everything = await find_tasks(session)
            by_ids = await find_tasks(session, TaskFilter(ids=tuple(task.id for task in everything)))
            one_by_one = [(await find_tasks(session, TaskFilter(ids=(task.id,))))[0] for task in everything[:5]]
            index = await load_index(session, runtime.alias_table[1])
    assert len(everything) == 65 and everything == by_ids and everything[:5] == one_by_one
    assert all(task.leads for task in everything)
    assert any(len(task.leads) > 1 for task in everything) and any(task.coordinators for task in everything)

    # Equal values are one object: a million tasks hold a few thousand names and timeframes.
    def distinct(values: list[object]) -> tuple[int, int]:
        return len({id(value) for value in values}), len(set(values))

    for values in (
        [task.plan for task in everything],
        [task.leads for task in everything],
        [task.timeframe for task in everything],
        [task.funding_sources for task in everything],
        [task.section_title for task in everything],
    ):
        objects, equal = distinct(values)
        assert objects == equal, (objects, equal)
    # The report day of annual tasks (load_index) keeps them shared too.
    annual = [task.timeframe for task in index.tasks.values() if task.timeframe.kind is Kind.ANNUAL]
    assert annual and all(timeframe.recurring_due is not None for timeframe in annual)
    assert distinct(annual)[0] == distinct(annual)[1]
