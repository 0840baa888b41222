"""The clock is a parameter: tests and the CLI's --today pass their own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def fixed_clock(moment: datetime) -> Clock:
    if moment.tzinfo is None:
        raise ValueError("a clock gives aware datetimes")
    return lambda: moment


def local_today(clock: Clock, zone: ZoneInfo) -> date:
    return clock().astimezone(zone).date()


class ManualClock:
    """A clock that moves only when told to: for tests and for replaying a date."""

    def __init__(self, moment: datetime):
        if moment.tzinfo is None:
            raise ValueError("a clock gives aware datetimes")
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, delta: timedelta) -> None:
        self.moment += delta
