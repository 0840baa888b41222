"""What a button asks for: one frozen dataclass per action, and the one codec that writes
an action into the short text a chat platform carries back when the button is pressed.

Telegram allows 64 bytes of callback data (the strictest of the channels), so the text is
compact: a version, a tag naming the action, then its fields, ``"1T:1234"`` for "open task
1234". Zalo and the terminal, which have no buttons, keep the same texts behind their
numbered choices. Written by hand because it is small and must stay byte-exact; a general
serializer (JSON, pickle) would not fit in 64 bytes or would trust what it reads.

A text this version cannot read (an older version's button, another bot's, a forged one)
raises ``ActionError``, and only that means "this button has expired": a fault in the code
that handles a well-formed action is a fault, reported as one.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from domain.tasks import Status

# Bumped when an action's fields change meaning: buttons sent before then read as expired
# instead of doing something else.
VERSION = "1"
MAX_BYTES = 64  # Telegram's limit for callback data
LARGEST_ID = 2**31 - 1  # ids are 32-bit integers: PostgreSQL refuses to compare with larger
_SEP = ":"


class ActionError(ValueError):
    """A button text that is not one of this version's actions."""


class ActionTooLong(ValueError):
    """An action that does not fit in a button (a fault in the code that built it)."""


class Action:
    """Base of every button action; ``tag`` is set by ``@action``."""

    tag: ClassVar[str]


_BY_TAG: dict[str, type[Action]] = {}
_FIELDS: dict[type[Action], tuple[tuple[str, Any], ...]] = {}


A = TypeVar("A", bound=type[Action])


def action(tag: str) -> typing.Callable[[A], A]:
    """Register a frozen dataclass as the action written with ``tag``."""

    def register(cls: A) -> A:
        if tag in _BY_TAG or not tag.isalpha():
            raise TypeError(f"action tag {tag!r} is taken or not letters")
        if not dataclasses.is_dataclass(cls) or not cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
            raise TypeError(f"{cls.__name__} must be a frozen dataclass")
        hints = typing.get_type_hints(cls)
        fields = tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))
        cls.tag = tag
        _BY_TAG[tag], _FIELDS[cls] = cls, fields
        return cls

    return register


def encode(act: Action) -> str:
    """The button text of ``act``; ActionTooLong if Telegram would refuse it."""
    parts = [VERSION + type(act).tag]
    fields = _FIELDS[type(act)]
    for n, (name, kind) in enumerate(fields, start=1):
        value = getattr(act, name)
        text = ("1" if value else "0") if kind is bool else str(value.value if isinstance(value, StrEnum) else value)
        if _SEP in text and n < len(fields):  # only the last field may hold it: it takes the rest
            raise ActionTooLong(f"{type(act).__name__}.{name} holds the separator: {text!r}")
        parts.append(text)
    data = _SEP.join(parts)
    if len(data.encode()) > MAX_BYTES:
        raise ActionTooLong(f"{len(data.encode())} bytes > {MAX_BYTES}: {data!r}")
    return data


def decode(data: str) -> Action:
    """The action a button text stands for; ActionError for anything else."""
    if not data.startswith(VERSION):
        raise ActionError(f"not a button of this version: {data[:20]!r}")
    tag, *rest = data[len(VERSION) :].split(_SEP, 1)
    cls = _BY_TAG.get(tag)
    if cls is None:
        raise ActionError(f"no such action: {tag!r}")
    fields = _FIELDS[cls]
    texts = rest[0].split(_SEP, len(fields) - 1) if rest and fields else []
    if len(texts) != len(fields) or (not fields and rest):
        raise ActionError(f"{cls.__name__} takes {len(fields)} fields: {data!r}")
    return cls(**{name: _read(kind, text) for (name, kind), text in zip(fields, texts, strict=True)})


def _read(kind: Any, text: str) -> Any:
    if kind is int:
        if not text.isascii() or not text.isdigit() or int(text) > LARGEST_ID:  # no row has such an id
            raise ActionError(f"not an id: {text!r}")
        return int(text)
    if kind is bool:
        if text not in ("0", "1"):
            raise ActionError(f"not a yes or no: {text!r}")
        return text == "1"
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        try:
            return kind(text)
        except ValueError:
            raise ActionError(f"not a {kind.__name__}: {text!r}") from None
    return text


def fit_text(text: str, budget: int) -> str:
    """``text`` cut to at most ``budget`` bytes of UTF-8, never inside a letter."""
    return text.encode()[:budget].decode(errors="ignore")


# -- the actions --------------------------------------------------------------------------
# Each handler checks again everything a command would: a button proves nothing about who
# pressed it, nor that what it names still exists.


@action("L")
@dataclass(frozen=True)
class ListPage(Action):
    """A page of a task list; ``kind`` is the list's code, ``param`` its year or days,
    ``filters`` what the question narrowed it to (a kind of task, a status, a period)."""

    kind: str
    param: int
    agency_id: int
    plan_id: int
    filters: str
    page: int


@action("A")
@dataclass(frozen=True)
class ListOfAgency(Action):
    """The agency chosen when a name in a list question could be several: the list asked
    for (``list`` written as ListPage's fields), about that agency, as a new message."""

    agency_id: int
    kind: str
    param: int
    plan_id: int
    filters: str

    def page(self) -> ListPage:
        return ListPage(self.kind, self.param, self.agency_id, self.plan_id, self.filters, 1)


@action("Q")
@dataclass(frozen=True)
class SearchPage(Action):
    page: int
    plan_id: int
    words: str  # folded search words, cut to fit


@action("T")
@dataclass(frozen=True)
class OpenTask(Action):
    task_id: int


@action("S")
@dataclass(frozen=True)
class SetStatus(Action):
    task_id: int
    status: Status
    period: str


@action("D")
@dataclass(frozen=True)
class DigestStatus(Action):
    """A status pressed under a reminder digest: the digest stays, with a note."""

    task_id: int
    status: Status
    period: str


@action("G")
@dataclass(frozen=True)
class ShowSummary(Action):
    """The summary, chosen when a question read as well as a list or the summary."""


@action("Ga")
@dataclass(frozen=True)
class AgencyView(Action):
    """The agency chosen when a name in a question for the summary, the charts or a file
    could be several: ``view`` is "summary", "progress" or "export" and its format."""

    agency_id: int
    plan_id: int
    view: str


@action("K")
@dataclass(frozen=True)
class RequestLink(Action):
    agency_id: int


@action("R")
@dataclass(frozen=True)
class DecideLink(Action):
    request_id: int
    approve: bool


@action("U")
@dataclass(frozen=True)
class Unlink(Action):
    agency_id: int


@action("I")
@dataclass(frozen=True)
class Invite(Action):
    agency_id: int


@action("W")
@dataclass(frozen=True)
class WhoIs(Action):
    agency_id: int


@action("Z")
@dataclass(frozen=True)
class Snooze(Action):
    reminder_id: int


@action("Ba")
@dataclass(frozen=True)
class BroadcastAudience(Action):
    kind: str


@action("Bp")
@dataclass(frozen=True)
class BroadcastPick(Action):
    agency_id: int


@action("Bg")
@dataclass(frozen=True)
class BroadcastSend(Action):
    pass


@action("Bx")
@dataclass(frozen=True)
class BroadcastCancel(Action):
    pass


@action("Y")
@dataclass(frozen=True)
class Acknowledge(Action):
    broadcast_id: int


@action("V")
@dataclass(frozen=True)
class Resend(Action):
    broadcast_id: int
    hours: int


@action("X")
@dataclass(frozen=True)
class ExportBroadcast(Action):
    broadcast_id: int


class UploadChoice(StrEnum):
    IMPORT = "y"
    FORCE = "f"  # import although the check found risks
    CANCEL = "n"


@action("P")
@dataclass(frozen=True)
class DecideUpload(Action):
    choice: UploadChoice
    upload_id: int


@action("Fm")
@dataclass(frozen=True)
class MergeAgencies(Action):
    source_id: int
    target_id: int


@action("Fx")
@dataclass(frozen=True)
class CancelFix(Action):
    pass
