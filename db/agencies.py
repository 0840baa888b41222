"""Agencies in the database: syncing the alias table, building the directory, merging."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.models import Agency, AgencyAlias, AgencyGroupMember, AgencyMerge, AgencySuccession, TaskAgency
from db.versions import Data, bump
from domain.agencies import AgencyDirectory, AgencyEntry, AgencyKind, Succession, apply_merges


@dataclass
class SyncResult:
    added: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    merged: list[tuple[str, str]] = field(default_factory=list)  # (unverified name, into)
    touched: bool = False  # anything written at all (aliases, kinds, memberships...)
    # The directory as the database holds it once synced (no rules by kind): the import
    # reads its plan with it, not building it again.
    directory: AgencyDirectory | None = field(default=None, compare=False, repr=False)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.renamed or self.merged)


async def _all_agencies(session: AsyncSession) -> list[Agency]:
    result = await session.scalars(select(Agency).options(selectinload(Agency.aliases)).order_by(Agency.id))
    return list(result)


async def load_directory(
    session: AsyncSession,
    abbreviations: Mapping[str, Sequence[str]],
    rules: Sequence[Succession] = (),
    *,
    lazy: bool = False,
) -> AgencyDirectory:
    """The directory as the database holds it, aliases added in plans and by admins included;
    ``rules``: the alias table's successions by kind, for names a plan meets first; ``lazy``:
    see AgencyDirectory."""
    agencies = await _all_agencies(session)
    names = {a.id: a.name for a in agencies}
    explicit: dict[int, list[str]] = {}
    for group_id, member_id in await session.execute(
        select(AgencyGroupMember.group_id, AgencyGroupMember.member_id).where(AgencyGroupMember.explicit)
    ):
        explicit.setdefault(group_id, []).append(names[member_id])
    entries = [
        AgencyEntry(
            name=a.name,
            kind=AgencyKind(a.kind),
            short=a.short_name,
            aliases=tuple(alias.alias for alias in a.aliases),
            is_group=a.is_group,
            members=tuple(explicit.get(a.id, ())),
            member_kinds=tuple(AgencyKind(k) for k in a.member_kinds),
            verified=a.verified,
            optional=a.optional,
        )
        for a in agencies
    ]
    successions = [
        Succession(names[old], names[new], since, partial, note)
        for old, new, since, partial, note in await session.execute(
            select(
                AgencySuccession.predecessor_id,
                AgencySuccession.successor_id,
                AgencySuccession.since,
                AgencySuccession.partial,
                AgencySuccession.note,
            )
        )
    ]
    return AgencyDirectory(entries, abbreviations, [*successions, *(r for r in rules if r.kind is not None)], lazy=lazy)


async def _merged_names(session: AsyncSession) -> dict[str, str]:
    """Agencies of the alias table merged from the chat: name -> the name merged into."""
    rows = await session.execute(
        select(AgencyMerge.source_name, Agency.name).join(Agency, Agency.id == AgencyMerge.target_id)
    )
    return dict(rows.all())


def _key(directory: AgencyDirectory, text: str) -> str:
    return " ".join(directory.alias_key(text))


async def merge_agency(session: AsyncSession, source: Agency, target: Agency) -> None:
    """Move everything attached to ``source`` onto ``target``, then delete ``source``.

    A task that already names ``target`` in the same role keeps one link.
    """
    taken = set(
        await session.execute(select(TaskAgency.task_id, TaskAgency.role).where(TaskAgency.agency_id == target.id))
    )
    links = list(await session.execute(select(TaskAgency).where(TaskAgency.agency_id == source.id)))
    for (link,) in links:
        if (link.task_id, link.role) in taken:
            await session.delete(link)
        else:
            link.agency_id = target.id
    await session.flush()
    for alias in list(source.aliases):
        target.aliases.append(alias)  # through the relationship, so deleting source keeps it
    await session.flush()
    await session.execute(delete(AgencyGroupMember).where(AgencyGroupMember.member_id == source.id))
    await session.execute(delete(AgencyGroupMember).where(AgencyGroupMember.group_id == source.id))
    await session.delete(source)
    await session.flush()


async def sync_alias_table(
    session: AsyncSession,
    entries: Sequence[AgencyEntry],
    abbreviations: Mapping[str, Sequence[str]],
    now: datetime,
    successions: Sequence[Succession] = (),
) -> SyncResult:
    """Make the database agree with the alias file, keeping ids (and so links) stable.

    An entry is found by its name or, after a rename, by one of its aliases. A name
    first met in a plan that the file now lists as an alias is merged into its agency.
    Writes nothing when the two already agree.
    """
    result = SyncResult()
    entries = apply_merges(entries, await _merged_names(session))
    directory = AgencyDirectory(entries, abbreviations, successions)
    agencies = await _all_agencies(session)
    by_alias_key = {alias.alias_key: agency for agency in agencies for alias in agency.aliases}
    by_name = {agency.name: agency for agency in agencies}

    for entry in entries:
        wanted = {_key(directory, text): text for text in entry.spellings if text}
        wanted.pop("", None)
        row = by_name.get(entry.name) or next(
            (by_alias_key[k] for k in wanted if k in by_alias_key and by_alias_key[k].verified), None
        )
        if row is None:
            row = Agency(name=entry.name, kind=entry.kind.value, created_at=now, verified=True, member_kinds=[])
            session.add(row)
            result.added.append(entry.name)
        elif row.name != entry.name:
            result.renamed.append((row.name, entry.name))
            by_name.pop(row.name, None)
            row.name = entry.name
        by_name[entry.name] = row
        result.touched |= _set_if_changed(
            row,
            kind=entry.kind.value,
            short_name=entry.short,
            is_group=entry.is_group,
            member_kinds=[k.value for k in entry.member_kinds],
            verified=True,
            optional=entry.optional,
        )
        for alias_key, text in wanted.items():
            owner = by_alias_key.get(alias_key)
            if owner is row:
                continue
            if owner is not None and not owner.verified:
                result.merged.append((owner.name, entry.name))
                await session.flush()
                await merge_agency(session, owner, row)
                by_name.pop(owner.name, None)
                by_alias_key = {k: (row if a is owner else a) for k, a in by_alias_key.items()}
                continue
            if owner is not None:  # another entry of the file owns it: the file was checked
                continue
            alias = AgencyAlias(alias=text, alias_key=alias_key, origin="file")
            row.aliases.append(alias)
            by_alias_key[alias_key] = row
            result.touched = True
        for alias in list(row.aliases):
            if alias.origin == "file" and alias.alias_key not in wanted:
                row.aliases.remove(alias)
                by_alias_key.pop(alias.alias_key, None)
                result.touched = True
    await session.flush()
    result.touched |= await _set_successions(session, directory)
    result.touched |= await _set_explicit_members(session, [e for e in entries if e.is_group])
    result.directory = await load_directory(session, abbreviations, lazy=True)
    result.touched |= await refresh_memberships(session, abbreviations, result.directory)
    result.touched |= result.changed
    if result.touched:
        await bump(session, Data.PLANS)
    return result


async def _set_explicit_members(session: AsyncSession, groups: Sequence[AgencyEntry]) -> bool:
    """Record the members the file names, so the directory built from the database
    knows them; the members by kind are derived again by refresh_memberships."""
    ids = await agency_ids(session)
    wanted = {(ids[g.name], ids[m]) for g in groups for m in g.members if m in ids}
    group_ids = [ids[g.name] for g in groups]
    current = {
        (g, m): explicit
        for g, m, explicit in await session.execute(
            select(AgencyGroupMember.group_id, AgencyGroupMember.member_id, AgencyGroupMember.explicit).where(
                AgencyGroupMember.group_id.in_(group_ids)
            )
        )
    }
    for (group_id, member_id), explicit in current.items():
        if explicit != ((group_id, member_id) in wanted):
            await session.execute(
                update(AgencyGroupMember)
                .where(AgencyGroupMember.group_id == group_id, AgencyGroupMember.member_id == member_id)
                .values(explicit=not explicit)
            )
    new = [{"group_id": g, "member_id": m, "explicit": True} for g, m in wanted if (g, m) not in current]
    if new:
        await session.execute(insert(AgencyGroupMember), new)
    return bool(new) or any(explicit != ((g, m) in wanted) for (g, m), explicit in current.items())


async def _set_successions(session: AsyncSession, directory: AgencyDirectory) -> bool:
    """Store the successions the table names, as the directory reads them (both ends
    known); the memberships that make an old body's tasks its successor's follow."""
    ids = await agency_ids(session)
    wanted = {
        ids[old]: (ids[s.new], s.since, s.partial, s.note)
        for old in ids
        if (s := directory.succession(old)) is not None and s.new in ids
    }
    current = {row.predecessor_id: row for row in await session.scalars(select(AgencySuccession))}
    unverified = set(await session.scalars(select(Agency.id).where(~Agency.verified)))
    changed = False
    for old_id, row in current.items():
        # A name first met in a plan got its successor by a rule (ensure_successions).
        if old_id not in wanted and old_id not in unverified:
            await session.delete(row)
            changed = True
    for old_id, (new_id, since, partial, note) in wanted.items():
        row = current.get(old_id)
        if row is None:
            session.add(
                AgencySuccession(predecessor_id=old_id, successor_id=new_id, since=since, partial=partial, note=note)
            )
            changed = True
        else:
            changed |= _set_if_changed(row, successor_id=new_id, since=since, partial=partial, note=note)
    if changed:
        await session.flush()
    return changed


async def ensure_successions(session: AsyncSession, names: Iterable[str], directory: AgencyDirectory) -> bool:
    """Give agencies first met in a plan the successor the table's rules give their kind
    ("UBND huyện Xuân Lộc": the communes and wards since 1/7/2025)."""
    ids = await agency_ids(session)
    have = set(await session.scalars(select(AgencySuccession.predecessor_id)))
    added = False
    for name in names:
        succession = directory.succession(name)
        if succession is None or name not in ids or ids[name] in have or succession.new not in ids:
            continue
        session.add(
            AgencySuccession(
                predecessor_id=ids[name],
                successor_id=ids[succession.new],
                since=succession.since,
                partial=succession.partial,
                note=succession.note,
            )
        )
        have.add(ids[name])
        added = True
    if added:
        await session.flush()
    return added


def _set_if_changed(row: Agency | AgencySuccession, **values: object) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


async def add_plan_agencies(
    session: AsyncSession, found: Mapping[str, str], directory: AgencyDirectory, now: datetime
) -> dict[str, int]:
    """Create agencies first met in a plan (name -> text as written), unverified, so
    that their tasks still belong to someone until an admin names them in the file; and
    the bodies that took their duties when the table knows them only by that rule (another
    province's newspaper: that province's merged media body)."""
    ids = await agency_ids(session)
    found = dict(found)
    for name in list(found):
        succession = directory.succession(name)
        while succession is not None and succession.new not in directory and succession.new not in found:
            found[succession.new] = succession.new
            succession = directory.succession(succession.new)
    created: dict[str, int] = {}  # alias key -> the agency created here that has it
    for name, written in found.items():
        if name in ids:
            continue
        keys = {_key(directory, name): name}
        if directory.lookup(written) in (None, name):  # "Đài PT-TH" in a plan of Thanh Hóa: the table's own too
            keys[_key(directory, written)] = written
        same = next((created[k] for k in keys if k in created), None)
        if same is not None:  # "..., Tỉnh đoàn" and "..., Tỉnh Đoàn": one body, as read back from the database
            ids[name] = same
            continue
        agency = Agency(name=name, kind=directory.kind_of(name).value, created_at=now, verified=False, member_kinds=[])
        agency.aliases = [AgencyAlias(alias=text, alias_key=k, origin="plan") for k, text in keys.items() if k]
        session.add(agency)
        await session.flush()
        ids[name] = agency.id
        created.update(dict.fromkeys(keys, agency.id))
    return ids


async def agency_ids(session: AsyncSession) -> dict[str, int]:
    return {name: id_ for id_, name in await session.execute(select(Agency.id, Agency.name))}


async def refresh_memberships(
    session: AsyncSession, abbreviations: Mapping[str, Sequence[str]], directory: AgencyDirectory | None = None
) -> bool:
    """Store every group's members, transitively, so queries need no recursion. ``directory``:
    the database's as load_directory gives it without rules, when the caller has it."""
    if directory is None:
        # members and successions only: the names' aliases are not read here
        directory = await load_directory(session, abbreviations, lazy=True)
    ids = await agency_ids(session)
    wanted: set[tuple[int, int, bool]] = set()
    for name, agency_id in ids.items():
        entry = directory.get(name)
        if entry is None or not directory.members(name):
            continue
        explicit = set(entry.members)
        for member in directory.closure(name):
            wanted.add((agency_id, ids[member], member in explicit))
    current = set(
        await session.execute(
            select(AgencyGroupMember.group_id, AgencyGroupMember.member_id, AgencyGroupMember.explicit)
        )
    )
    for group_id, member_id, _explicit in current - wanted:
        await session.execute(
            delete(AgencyGroupMember).where(
                AgencyGroupMember.group_id == group_id, AgencyGroupMember.member_id == member_id
            )
        )
    # A pair whose `explicit` flag changed is deleted above and inserted again here.
    new = [{"group_id": g, "member_id": m, "explicit": e} for g, m, e in wanted - current]
    if new:
        await session.execute(insert(AgencyGroupMember), new)
    return bool(new) or bool(current - wanted)
