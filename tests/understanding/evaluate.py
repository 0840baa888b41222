"""Reads questions.tsv and scores the recognizer on it; shared by the test and the bench."""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from pathlib import Path

from bot.core import intents as i
from bot.core.understanding import Recognizer
from domain.agencies import AgencyDirectory, Ambiguous, Found
from seed.aliases import load_alias_table

QUESTIONS = Path(__file__).with_name("questions.tsv")
COMPARED = (
    *("agency", "year", "offset", "days", "period", "count", "task_kind", "status", "mine", "code", "topic"),
    "hour",  # /remind_at's time of day
)


@dataclass(frozen=True)
class Question:
    text: str
    kind: str
    intent: str
    slots: dict[str, str]


def load() -> list[Question]:
    found = []
    for line in QUESTIONS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, kind, intent, *rest = line.split("\t")
        slots = dict(pair.split("=", 1) for pair in (rest[0] if rest else "").split(";") if pair)
        found.append(Question(text, kind, intent, slots))
    return found


def directory() -> AgencyDirectory:
    return AgencyDirectory(*load_alias_table())


def describe(intent: i.Intent, agencies: AgencyDirectory) -> tuple[str, dict[str, str]]:
    """The intent's name and its slots as the evaluation set writes them."""
    slots: dict[str, str] = {}
    match intent:
        case i.ListTasks():
            name = f"list.{intent.kind.value}"
            if intent.agency:
                slots["agency"] = _resolved(intent.agency, agencies)
            if intent.year:
                slots["year"] = str(intent.year)
            if intent.year_offset:
                slots["offset"] = str(intent.year_offset)
            if intent.days:
                slots["days"] = str(intent.days)
            if intent.period:
                slots["period"] = intent.period.label()
            if intent.count:
                slots["count"] = "1"
            if intent.task_kind:
                slots["task_kind"] = intent.task_kind
            if intent.status:
                slots["status"] = intent.status.value
            if intent.unfinished:
                slots["status"] = "unfinished"
            if intent.overdue:
                slots["status"] = "overdue"
            if intent.mine:
                slots["mine"] = "1"
            if intent.everyone:
                slots["whole"] = "1"
        case i.ShowTask():
            name, slots["code"] = "task", intent.code
        case i.SetStatus():
            name, slots["code"] = f"status.{intent.status.value}", intent.code or ""
        case i.Link():
            name = "link"
            if intent.argument:
                slots["agency"] = _resolved(intent.argument, agencies)
        case i.Summary() | i.Progress() | i.Export() | i.Funding():
            name = type(intent).__name__.lower()
            if intent.agency:
                slots["agency"] = _resolved(intent.agency, agencies)
            if intent.mine:
                slots["mine"] = "1"
            if isinstance(intent, i.Export) and intent.status:
                slots["status"] = intent.status
            if isinstance(intent, i.Summary) and intent.year:
                slots["year"] = str(intent.year)
        case i.Report():
            name = "report"
            if intent.agency:
                slots["agency"] = _resolved(intent.agency, agencies)
            if intent.mine:
                slots["mine"] = "1"
            if intent.argument:
                slots["year"] = intent.argument
        case i.BroadcastStart():
            name = "broadcaststart"
            if intent.status:
                slots["status"] = intent.status
        case i.Plans():
            name = "plans"
            if intent.year:
                slots["year"] = str(intent.year)
        case i.RemindAt():
            name, slots["hour"] = "remindat", intent.argument
        case i.Quiet() if intent.argument == "off":
            name = "resume"  # /quiet off: reminders come again
        case i.Help():
            name = "help"
            if intent.topic:
                slots["topic"] = intent.topic
        case _:
            name = type(intent).__name__.lower()
            name = {"unknown": "unknown", "weblogin": "web"}.get(name, name)
    return name, slots


def _resolved(name: str, agencies: AgencyDirectory) -> str:
    found = agencies.resolve(name)
    if isinstance(found, Ambiguous):
        return "?" + "|".join(found.candidates)
    return found.name if isinstance(found, Found) else f"?{name}"


def right(question: Question, got: tuple[str, dict[str, str]]) -> bool:
    name, slots = got
    if name != question.intent:
        return False
    # "mine" and "whole" (the whole plan, whoever asks) are only checked where the question says
    # them; every other slot must match exactly.
    said = [key for key in ("mine", "whole") if question.slots.get(key) is not None]
    return all(slots.get(key) == question.slots.get(key) for key in COMPARED if key != "mine") and all(
        slots.get(key) == question.slots[key] for key in said
    )


@dataclass
class Result:
    question: Question
    got: tuple[str, dict[str, str]]
    ok: bool
    seconds: float


def run(questions: list[Question] | None = None) -> list[Result]:
    agencies = directory()
    reader = Recognizer(agencies)
    results = []
    gc.collect()
    gc.disable()  # a collection triggered by earlier tests is not the recognizer's time
    try:
        results = _timed(reader, agencies, questions or load())
    finally:
        gc.enable()
    return results


def _timed(reader: Recognizer, agencies: AgencyDirectory, questions: list[Question]) -> list[Result]:
    results = []
    for question in questions:
        start = time.perf_counter()
        intent = reader._read(question.text).intent  # uncached: the time of a first reading
        seconds = time.perf_counter() - start
        got = describe(intent, agencies)
        results.append(Result(question, got, right(question, got), seconds))
    return results
