"""What one process keeps in memory between events: the plan index, statuses, and who
people are.

Freshness: after this process writes anything, the next event asks the database (one
small query) what changed and reloads only that. Changes made by other processes are
seen within ``freshness`` seconds (default 1 s): within that window a read-only
question is answered without touching the database at all. A running service looks
every half window in the background (keep_fresh), so that events find the copy fresh
instead of one event a second reading the versions, and whatever changed, first.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Awaitable, Callable, Collection, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.people import People, Seen, Who, identify, load_people
from db.snapshot import Shared, apply_status_changes, load_index, load_own_tasks, load_shared, load_statuses
from db.versions import Versions, current
from domain.people import Actor
from domain.periods import DEFAULT_ANNUAL_DUE
from domain.plan_index import PlanIndex, StatusBook
from domain.timeframes import MonthDay

log = logging.getLogger(__name__)

# A cached person is looked up again after this long anyway, so that "last seen" and
# display names stay roughly current without a write on every message.
_ACTOR_TTL = 3600.0
_PAGES = 20_000


@dataclass
class OwnTasks:
    """Stands for the read model in answers about an asker's own agencies while every task
    loads: their tasks only (see ReadModel.own_tasks), and no page kept."""

    shared: Shared
    index: PlanIndex
    statuses: StatusBook
    pages: dict[Hashable, object] = field(default_factory=dict)

    def page(self, _key: Hashable, make: Callable[[], object]) -> object:
        return make()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the plans load: every task made would count
    towards the next collection, and each full one would walk everything loaded so far
    (at 100,000 tasks, half the load's time went there). The load makes objects that live
    on, not garbage: reference counting frees what it drops."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class ReadModel:
    def __init__(
        self,
        abbreviations: Mapping[str, Sequence[str]],
        freshness: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        report_due: MonthDay = DEFAULT_ANNUAL_DUE,
    ):
        self._abbreviations = abbreviations
        self._report_due = report_due  # of annual tasks, unless the plan or /policy says otherwise
        self._freshness = freshness
        self._monotonic = monotonic
        self._checked_at = float("-inf")
        self._versions: Versions | None = None
        self._index: PlanIndex | None = None
        self.statuses = StatusBook()
        # While every task loads (at start, after a plan changed), what is read first: the
        # agencies and plans, for the answers that need only an agency's own tasks.
        self._shared: Shared | None = None
        self._shared_read = asyncio.Event()
        self._loading_since = 0.0
        self._actors: dict[tuple[str, str, str], tuple[Actor, float]] = {}
        # Every account and chat, so that the first event of someone known reads nothing;
        # None until loaded, and while the people's data moves on (then: the database).
        self._people: People | None = None
        self._people_read = 0  # times the people were read again: an actor older than that is not kept
        # One refresh at a time: the chat and the dashboard share this copy, and a second
        # event arriving while the plans load waits for them instead of loading them again.
        self._refreshing = asyncio.Lock()
        self._writes = 0  # written() calls: one during a refresh means check again next time
        # Rendered list pages, by everything they depend on (the plans and statuses versions
        # included), so that a question asked again costs a dictionary lookup.
        self.pages: dict[Hashable, object] = {}

    @property
    def index(self) -> PlanIndex:
        assert self._index is not None, "refresh() first"
        return self._index

    @property
    def loading(self) -> bool:
        """Every task is being read (at start, or after a plan changed): an event need not
        wait for it if an agency's own tasks answer it (own_tasks)."""
        return self._index is None and self._refreshing.locked()

    def loading_for(self) -> float:
        """Seconds since the load in progress began."""
        return self._monotonic() - self._loading_since if self.loading else 0.0

    async def settled(self, timeout: float) -> bool:
        """Wait for the load in progress to end, ``timeout`` seconds at most: whether it did."""
        if not self._refreshing.locked():
            return True
        try:
            await asyncio.wait_for(self._refreshing.acquire(), max(timeout, 0.001))
        except TimeoutError:
            return False
        self._refreshing.release()
        return True

    async def agencies_and_plans(self, timeout: float) -> OwnTasks | None:
        """While every task loads: the agencies and plans, which it reads first (None if not
        read within ``timeout`` seconds), and no task. Enough to understand a question."""
        try:
            await asyncio.wait_for(self._shared_read.wait(), max(timeout, 0.001))
        except TimeoutError:
            return None
        shared = self._shared
        if shared is None:  # read, then a new load began
            return None
        index = PlanIndex(
            [], [], shared.groups_of, shared.directory, shared.names, shared.titles, shared.plan_ids, shared.live
        )
        return OwnTasks(shared, index, StatusBook())

    async def own_tasks(self, session: AsyncSession, known: OwnTasks, agency_ids: Sequence[int]) -> OwnTasks:
        """The agencies' own tasks (led or coordinated, themselves, through a group or a
        body they succeeded) with all their links and statuses, read now: the answers about
        those tasks alone are the same as from every task."""
        index, statuses = await load_own_tasks(session, known.shared, agency_ids, self._report_due)
        return OwnTasks(known.shared, index, statuses)

    @property
    def versions(self) -> Versions | None:
        """The data versions the copy was last brought to (None before the first refresh)."""
        return self._versions

    def written(self) -> None:
        """This process changed something: check the versions on the next event."""
        self._checked_at = float("-inf")
        self._writes += 1

    async def refresh(self, session: AsyncSession | Callable[[], AsyncSession]) -> None:
        """Bring the copy up to date; ``session`` may be a function that opens one, called
        only when the versions have to be read."""
        if self._monotonic() - self._checked_at < self._freshness:
            return
        async with self._refreshing:
            if self._monotonic() - self._checked_at < self._freshness:  # done while this one waited
                return
            await self._refresh(session() if callable(session) else session)

    async def keep_fresh(
        self,
        sessions: Callable[[], AsyncSession],
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        """Until cancelled: every half freshness window, what other processes changed is
        looked for (and loaded) in the background, with a session of its own. An event
        still checks for itself when the copy is older than the window (this fell behind,
        or this process wrote)."""
        while True:
            await sleep(self._freshness / 2)
            if self._index is None or self._refreshing.locked():
                continue  # loading (the events that need it wait for it)
            if self._monotonic() - self._checked_at < self._freshness / 2:
                continue  # an event has just looked
            try:
                async with self._refreshing, sessions() as session:
                    await self._refresh(session)
            except Exception:  # the next event checks for itself, and says so if it cannot
                log.exception("could not look for changes in the background")

    async def _refresh(self, session: AsyncSession) -> None:
        writes = self._writes
        versions = await current(session)
        checked = self._monotonic()
        seen = self._versions
        if self._index is None or seen is None or versions.plans != seen.plans:
            had = self._index is not None
            self._index, self.statuses = None, StatusBook()
            self._loading_since = self._monotonic()
            self.pages.clear()
            self._shared = None
            self._shared_read.clear()
            if had:  # the copy before was set aside from the collector: free it now (its caches hold cycles)
                gc.unfreeze()
                gc.collect()
            with _collector_paused():
                self._shared = await load_shared(session, self._abbreviations)
                self._shared_read.set()
                index = await load_index(session, self._abbreviations, self._report_due, self._shared)
                self.statuses = await load_statuses(session)
                self._index = index
            # Hundreds of thousands of long-lived objects: keep the cyclic collector from
            # walking them again and again (each full pass would stall an answer).
            gc.freeze()
        elif versions.statuses > self.statuses.last_change:
            await apply_status_changes(session, self.statuses)
            self.pages.clear()
        if seen is None or versions.people != seen.people or versions.plans != seen.plans:
            # Agency links, roles, languages, reachable chats (and the agencies' names)
            # as they are now: every account and chat read again, in one go.
            self._actors.clear()
            self._people_read += 1
            self._people = None
            self._people = await load_people(session)
        self._versions = versions
        # Fresh only now that everything is loaded: until then, other events wait on the lock
        # rather than read a copy half loaded.
        if writes == self._writes:
            self._checked_at = checked

    def page(self, key: Hashable, make: Callable[[], object]) -> object:
        """A rendered page from the cache, or made now and kept (a bounded number)."""
        found = self.pages.get(key)
        if found is None:
            if len(self.pages) >= _PAGES:
                self.pages.clear()
            found = self.pages[key] = make()
        return found

    def forget(self) -> None:
        """Drop everything: the next event loads it all again."""
        self._versions, self._index = None, None
        self._actors.clear()
        self._people_read += 1
        self._people = None
        self.pages.clear()
        self.written()

    async def actor(
        self,
        session: AsyncSession,
        who: Who,
        admins: Collection[tuple[str, str]],
        now: datetime,
        later: list[Seen] | None = None,
    ) -> tuple[Actor, int | None]:
        """Who is talking, and when it is new to this cache, a token to remember() it with
        once the event's unit of work has committed; ``later``: see identify. Someone known
        since the people were last read needs no database (People.actor); anyone else, or
        any change to make on their account or chat, does."""
        cached = self._actors.get((who.channel, who.user_id, who.chat_id))
        if cached is not None and self._monotonic() - cached[1] < _ACTOR_TTL:
            return cached[0], None
        read = self._people_read
        if self._people is not None and later is not None:
            known = self._people.actor(who, admins, now, later)
            if known is not None:
                return known, read
        return await identify(session(), who, admins, now, later), read

    def remember(self, actor: Actor, token: int) -> None:
        """Keep ``actor`` (from actor()) unless the people were read again meanwhile: what
        was looked up before a change (by another process) must not outlive it."""
        if token != self._people_read:
            return
        self._actors[(actor.channel, actor.external_id, actor.chat_external_id)] = (actor, self._monotonic())
