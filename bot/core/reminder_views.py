"""Reminder digests and reminder lists as replies. Pure: values in, Reply out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.core.catalogue import Texts
from bot.core.events import Button, Reply
from bot.core.markup import Html, bold, esc, italic, join
from bot.core.views import day, shorten, task_code
from domain.reminders import ReminderKind
from domain.tasks import Status, TaskView

MAX_BUTTON_ROWS = 30  # Telegram allows 100 buttons a message: three a task


@dataclass(frozen=True)
class DigestItem:
    reminder_id: int
    task: TaskView
    agency: str  # the agency reminded
    kind: ReminderKind
    period: str
    due: date
    own: bool  # False: an overdue task of another agency, escalated to this coordinator


def describe(texts: Texts, kind: ReminderKind, period: str, due: date, today: date) -> Html:
    """What a reminder is about, in a few words."""
    left = (due - today).days
    values = {"due": day(due), "days": abs(left), "year": due.year, "period": period}
    if left < 0 or kind is ReminderKind.OVERDUE:  # late, whatever it was planned as
        return texts("digest.overdue", **values)
    return texts(f"digest.{kind.value}", **values)


def fits_in_digest(items: Sequence[DigestItem]) -> tuple[list[DigestItem], list[DigestItem]]:
    """What one digest can hold, and what waits for the next one: a task with buttons
    takes a row of them, and a message has room for MAX_BUTTON_ROWS."""
    with_buttons = [i for i in items if i.own and i.kind is not ReminderKind.HEADS_UP]
    later = {id(i) for i in with_buttons[MAX_BUTTON_ROWS:]}
    return [i for i in items if id(i) not in later], with_buttons[MAX_BUTTON_ROWS:]


def digest(texts: Texts, items: Sequence[DigestItem], today: date, several_plans: bool, snooze_days: int) -> Reply:
    """One chat's reminders of the day: its agencies' tasks with buttons, tasks it only
    coordinates, and, for coordinators, what is overdue elsewhere. What does not fit
    (fits_in_digest) is only counted here: it goes in the next digest."""
    lines: list[Html] = [bold(texts("digest.title", day=day(today)))]
    buttons: list[tuple[Button, ...]] = []
    shown, later = fits_in_digest(items)
    own = [i for i in shown if i.own and i.kind is not ReminderKind.HEADS_UP]
    coordinating = [i for i in items if i.own and i.kind is ReminderKind.HEADS_UP]
    escalated = [i for i in items if not i.own]
    for agency in dict.fromkeys(i.agency for i in own):
        lines.append(Html(f"\n{bold(agency)}"))
        for item in (i for i in own if i.agency == agency):
            code = task_code(item.task, several_plans)
            what = describe(texts, item.kind, item.period, item.due, today)
            lines.append(Html(f"• {bold(code)} · {what}\n  {esc(shorten(item.task.content, 120))}"))
            buttons.append(
                (
                    # D: like S: on a task card, but the digest stays as it is (only a toast)
                    Button(f"✅ {code}", f"D:{item.task.id}:{Status.DONE.value}:{item.period}"),
                    Button(f"🔄 {code}", f"D:{item.task.id}:{Status.IN_PROGRESS.value}:{item.period}"),
                    Button(texts("digest.snooze", days=snooze_days), f"Z:{item.reminder_id}"),
                )
            )
    if coordinating:
        lines.append(Html(f"\n{italic(texts('digest.coordinating'))}"))
        for item in coordinating:
            code = task_code(item.task, several_plans)
            lines.append(Html(f"• {bold(code)} · {describe(texts, item.kind, item.period, item.due, today)}"))
    if escalated:
        lines.append(Html(f"\n{italic(texts('digest.escalations'))}"))
        for item in escalated:
            code = task_code(item.task, several_plans)
            line = texts("digest.escalation", agency=item.agency, days=(today - item.due).days, due=day(item.due))
            lines.append(Html(f"• {bold(code)} · {line}"))
    if later:
        lines.append(Html(f"\n{texts('digest.more', count=len(later))}"))
    if buttons:
        lines.append(Html(f"\n{italic(texts('digest.footer', snooze=snooze_days))}"))
    return Reply(join(lines), tuple(buttons))
