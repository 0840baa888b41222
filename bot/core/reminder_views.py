"""Reminder digests and reminder lists as replies. Pure: values in, Reply out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from base.events import Button, Reply
from base.markup import Html, bold, esc, italic, join
from bot.core.catalogue import Texts
from bot.core.views import day, shorten, task_code
from domain.actions import DigestStatus, Snooze
from domain.digest import DigestItem, fits_in_digest
from domain.reminders import ReminderKind
from domain.tasks import Status


def describe(texts: Texts, kind: ReminderKind, period: str, due: date, today: date) -> Html:
    """What a reminder is about, in a few words."""
    left = (due - today).days
    values = {"due": day(due), "days": abs(left), "year": due.year, "period": period}
    if left < 0 or kind is ReminderKind.OVERDUE:  # late, whatever it was planned as
        return texts("digest.overdue", **values)
    return texts(f"digest.{kind.value}", **values)


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
                    Button.of(f"✅ {code}", DigestStatus(item.task.id, Status.DONE, item.period)),
                    Button.of(f"🔄 {code}", DigestStatus(item.task.id, Status.IN_PROGRESS, item.period)),
                    Button.of(texts("digest.snooze", days=snooze_days), Snooze(item.reminder_id)),
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


class ChatDigestWriter:
    """The scheduler's DigestWriter: the day's digest and the coordinators' notices,
    written from the chat's catalogue in each chat's language."""

    def digest(
        self, language: str, items: Sequence[DigestItem], today: date, several_plans: bool, snooze_days: int
    ) -> Reply:
        return digest(Texts(language), items, today, several_plans, snooze_days)

    def notice(self, language: str, key: str, **values: object) -> str:
        return Texts(language)(key, **values)
