"""What every answer needs about the event being handled."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.catalogue import Texts
from bot.core.events import Incoming
from db.people import Throttle
from domain.agencies import AgencyDirectory
from domain.people import Actor


@dataclass(frozen=True)
class CoreSettings:
    zone: ZoneInfo
    admins: frozenset[tuple[str, str]] = frozenset()  # (channel, user id) of administrators
    invite_ttl: timedelta = timedelta(days=7)
    throttle: Throttle = field(default_factory=Throttle)


@dataclass
class Context:
    session: AsyncSession
    actor: Actor
    texts: Texts
    event: Incoming
    now: datetime
    settings: CoreSettings
    directory: AgencyDirectory
    plans: list[str]

    @property
    def today(self) -> date:
        return self.now.astimezone(self.settings.zone).date()

    @property
    def several_plans(self) -> bool:
        return len(self.plans) > 1
