"""What goes in one chat's reminder digest, and how much one message can hold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.reminders import ReminderKind
from domain.tasks import TaskView

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


def fits_in_digest(items: Sequence[DigestItem]) -> tuple[list[DigestItem], list[DigestItem]]:
    """What one digest can hold, and what waits for the next one: a task with buttons
    takes a row of them, and a message has room for MAX_BUTTON_ROWS."""
    with_buttons = [i for i in items if i.own and i.kind is not ReminderKind.HEADS_UP]
    later = {id(i) for i in with_buttons[MAX_BUTTON_ROWS:]}
    return [i for i in items if id(i) not in later], with_buttons[MAX_BUTTON_ROWS:]
