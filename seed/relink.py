"""Re-reading every task's agency cells after the alias table changed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.agencies import add_plan_agencies, ensure_successions, load_directory, refresh_memberships
from db.models import Agency, AgencySuccession, Section, Task, TaskAgency
from db.plans import Link, replace_links, task_links
from db.versions import Data, bump
from domain.agencies import AgencyDirectory


@dataclass(frozen=True)
class RelinkResult:
    changed: int  # tasks whose agencies changed
    unknown: int  # names still not in the alias table


async def relink_tasks(
    session: AsyncSession, abbreviations: Mapping[str, Sequence[str]], now: datetime
) -> RelinkResult:
    """Link every task to the agencies its cells name under the current alias table,
    then drop agencies first met in a plan that no task names any more."""
    directory = await load_directory(session, abbreviations)
    tasks = list(await session.execute(select(Task.id, Task.plan_id, Task.lead_text, Task.coordinators_text)))
    provinces = await _plan_provinces(session, directory, tasks)
    split = {
        task_id: directory.split_task(lead, coordinators, provinces.get(plan_id))
        for task_id, plan_id, lead, coordinators in tasks
    }
    unknown = {a.name: a.text for leads, coords in split.values() for a in (*leads, *coords) if not a.known}
    ids = await add_plan_agencies(session, unknown, directory, now)
    await ensure_successions(session, ids, directory)

    current: dict[int, list[Link]] = {}
    for task_id, agency_id, role, position in await session.execute(
        select(TaskAgency.task_id, TaskAgency.agency_id, TaskAgency.role, TaskAgency.position)
    ):
        current.setdefault(task_id, []).append((agency_id, role, position))
    changed: dict[int, list[Link]] = {}
    for task_id, (leads, coordinators) in split.items():
        links = task_links(leads, coordinators, ids)
        if sorted(links) != sorted(current.get(task_id, [])):
            changed[task_id] = links
    if changed:
        await replace_links(session, changed)

    linked = select(TaskAgency.agency_id).distinct()
    successors = select(AgencySuccession.successor_id).distinct()  # kept while a body they succeeded is
    orphans = select(Agency).where(~Agency.verified, Agency.id.not_in(linked), Agency.id.not_in(successors))
    for orphan in await session.scalars(orphans):
        await session.delete(orphan)
    await session.flush()
    await refresh_memberships(session, abbreviations)
    await bump(session, Data.PLANS)  # an explicit reload: always worth reloading caches
    return RelinkResult(changed=len(changed), unknown=len(unknown))


async def _plan_provinces(session: AsyncSession, directory: AgencyDirectory, tasks: Sequence[Row]) -> dict[int, str]:
    """Each plan's province when it is another than the alias table's, told as the import
    told it (seed/plan_reader.py): from its section titles and agency cells, and the names
    of the bodies its tasks are linked to, which keep the province the import read in its
    title lines ("Đài Phát thanh - Truyền hình Thanh Hóa")."""
    texts: dict[int, dict[str, None]] = defaultdict(dict)
    for _task_id, plan_id, lead, coordinators in tasks:
        texts[plan_id].update({lead: None, coordinators: None})
    for plan_id, title in await session.execute(select(Section.plan_id, Section.title)):
        texts[plan_id][title] = None
    linked = select(Task.plan_id, Agency.name).join(TaskAgency, TaskAgency.task_id == Task.id)
    for plan_id, name in await session.execute(linked.join(Agency, Agency.id == TaskAgency.agency_id).distinct()):
        texts[plan_id][name] = None
    found = {plan_id: directory.province_of(list(plan_texts)) for plan_id, plan_texts in texts.items()}
    return {plan_id: province for plan_id, province in found.items() if province}
