"""An agency's deadlines and reminder dates as an iCalendar file (icalendar), to import or
subscribe to in any calendar app."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from base.markup import to_plain
from bot.core.catalogue import Texts
from bot.export.data import CalendarEvent

_SUMMARY_WIDTH = 80


def _summary(texts: Texts, event: CalendarEvent) -> str:
    task = event.task
    content = " ".join(task.content.split())
    if len(content) > _SUMMARY_WIDTH:
        content = content[: _SUMMARY_WIDTH - 1] + "…"
    key = "export.ics.due" if event.kind == "due" else "export.ics.reminder"
    return to_plain(texts(key, code=f"{task.plan} {task.code}", content=content, due=event.due.strftime("%d/%m/%Y")))


def to_ics(texts: Texts, name: str, events: Sequence[CalendarEvent], zone: str, now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//AgencyBot//Plan deadlines//VI")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone)
    # Subscribed calendars fetch the file again this often.
    calendar.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")
    for found in events:
        task = found.task
        event = Event()
        event.add("uid", found.uid)
        event.add("dtstamp", now)
        event.add("dtstart", found.day)  # a date: an all-day event
        event.add("dtend", found.day + timedelta(days=1))
        event.add("summary", _summary(texts, found))
        leads = "; ".join(task.leads)
        event.add("description", f"{task.content}\n\n{to_plain(texts('task.leads'))}: {leads}\n{task.timeframe.raw}")
        event.add("categories", [task.plan, found.kind])
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        calendar.add_component(event)
    return calendar.to_ical()
