"""Scores the recognizer on a question set in the blind format (id, kind, lang, question,
intent, slots; see /work/eval_questions/README.md): our intents mapped to its names and
slots, the stated slots compared (extra ones are not held against us), loosely where the
format says so (periods, notes, a choice that offers the right reading)."""

from __future__ import annotations

import csv
import re
import time
from dataclasses import dataclass
from pathlib import Path

from bot.core import intents as i
from bot.core.understanding import Recognizer
from domain.agencies import AgencyDirectory, Ambiguous, Found
from domain.asked import AskedPeriod, Unit
from domain.tasks import Status, code_forms
from domain.text import fold

_DAYS = {"d": 1, "w": 7, "m": 30, "q": 91, "y": 365}


@dataclass(frozen=True)
class Row:
    id: str
    kind: str
    lang: str
    text: str
    intent: str
    slots: dict[str, str]


def load(path: Path) -> list[Row]:
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            slots = dict(p.split("=", 1) for p in (record["slots"] or "").split(";") if "=" in p)
            rows.append(Row(record["id"], record["kind"], record["lang"], record["question"], record["intent"], slots))
    return rows


# -- our intents as the blind format names them ------------------------------------------------


def _period_labels(period: AskedPeriod | None, days: int | None) -> set[str]:
    """Every blind label a period may be written as ("tuần này" is both this_week and 1w)."""
    if days:
        labels = {f"{days}d"}
        if days % 7 == 0:
            labels.add(f"{days // 7}w")
        if days % 30 == 0:
            labels.add(f"{days // 30}m")
        return labels
    if period is None:
        return set()
    unit = period.unit.value
    if period.unit is Unit.YEAR and not period.calendar and period.amount == 0:
        return {"end_of_year"}
    if period.index:
        return {f"{unit}_{period.index}", f"{unit[0]}#{period.index}"}
    if period.calendar:
        labels = {f"{'this' if period.offset == 0 else 'next'}_{unit}"} if period.offset in (0, 1) else set()
        if period.offset == 0:
            labels.add(f"1{unit[0]}")
        return labels
    labels = {f"{period.amount}{unit[0]}"}
    if period.unit is Unit.MONTH:
        labels.add(f"{period.amount * 30}d")
    if period.unit is Unit.WEEK:
        labels.add(f"{period.amount * 7}d")
    return labels


def _period_fits(gold: str, labels: set[str]) -> bool:
    if gold in labels:
        return True
    number = re.fullmatch(r"(\d+)([dwmqy])", gold)
    if number is None:
        return False
    want = int(number[1]) * _DAYS[number[2]]
    for label in labels:
        found = re.fullmatch(r"(\d+)([dwmqy])", label)
        if found and abs(int(found[1]) * _DAYS[found[2]] - want) <= max(2, want // 15):
            return True
    return False


def _agency(name: str | None, agencies: AgencyDirectory) -> set[str]:
    if not name:
        return set()
    found = agencies.resolve(name)
    if isinstance(found, Found):
        return {agencies.current(found.name)}
    if isinstance(found, Ambiguous):  # the bot asks which: right when the right one is offered
        return {agencies.current(c) for c in found.candidates}
    return {f"?{name}"}


@dataclass(frozen=True)
class Mapped:
    intent: str
    slots: dict[str, set[str]]  # each slot's acceptable values


def mapped(intent: i.Intent, agencies: AgencyDirectory) -> list[Mapped]:
    """The readings ``intent`` stands for (a choice stands for each of its options)."""
    if isinstance(intent, i.Clarify):
        return [m for option in intent.options for m in mapped(option, agencies)]
    slots: dict[str, set[str]] = {}
    match intent:
        case i.ListTasks():
            name = "coordinating" if intent.kind is i.ListKind.COORDINATING else "tasks"
            if intent.agency:
                slots["agency"] = _agency(intent.agency, agencies)
            elif intent.mine or intent.kind in (i.ListKind.MINE, i.ListKind.COORDINATING):
                slots["agency"] = {"SELF"}
            status = {
                i.ListKind.OVERDUE: "overdue",
                i.ListKind.DUE: "due",
                i.ListKind.UPCOMING: "upcoming",
            }.get(intent.kind)
            if intent.overdue:
                status = "overdue"
            # what a window of the tasks an agency helps with holds is what falls due in it
            if status is None and intent.kind is i.ListKind.COORDINATING and (intent.period or intent.days):
                status = "due"
            said = set()
            if intent.status is not None:  # "done this year": the year's tasks in that state
                said.add("not_started" if intent.status is Status.OPEN else intent.status.value)
            if status or said:
                slots["status"] = {status, *said} - {None}
            if intent.year:
                slots["year"] = {str(intent.year)}
            elif intent.period is not None and intent.period.year:  # "due in June 2027"
                slots["year"] = {str(intent.period.year)}
            labels = _period_labels(intent.period, intent.days)
            if intent.kind is i.ListKind.DUE and not intent.year:
                labels.add("this_year" if intent.year_offset == 0 else "next_year")
            if labels:
                slots["period"] = labels
            if intent.kind is i.ListKind.ONGOING:
                slots["kind"] = {"ongoing"}
            elif intent.task_kind:
                slots["kind"] = {intent.task_kind.replace("_", "")}
            if intent.count:
                slots["count"] = {"yes"}
        case i.ShowTask():
            name, slots["code"] = "task_detail", {intent.code}
        case i.SetStatus():
            name = {"done": "mark_done", "in_progress": "mark_progress", "blocked": "mark_blocked"}[intent.status.value]
            slots["code"] = {intent.code or ""}
            slots["note"] = {intent.note}
            slots["agency"] = {"SELF"}  # a status is recorded for the asker's own agencies
        case i.Summary() | i.Progress() | i.Export():
            name = type(intent).__name__.lower()
            if isinstance(intent, i.Export):
                slots["format"] = {intent.argument or "xlsx"}
                if intent.status:
                    slots["status"] = {"not_started" if intent.status == "open" else intent.status}
            if intent.agency:
                slots["agency"] = _agency(intent.agency, agencies)
            elif intent.mine:
                slots["agency"] = {"SELF"}
            if isinstance(intent, i.Summary):  # the summary of a year: this one unless another is said
                if intent.year:
                    slots["year"] = {str(intent.year)}
                else:
                    slots["period"] = {"this_year"}
        case i.Report():
            name = "report"
            if intent.agency:
                slots["agency"] = _agency(intent.agency, agencies)
            elif intent.mine:
                slots["agency"] = {"SELF"}
            if intent.argument:
                slots["year"] = {intent.argument}
            else:  # the report of this year
                slots["period"] = {"this_year"}
        case i.Help() | i.Start() | i.Thanks():  # thanks alone: courtesy, answered in short
            name = "help"
        case i.Language():
            name = "language"
            if intent.code:
                slots["lang"] = {intent.code}
        case i.Connect():  # one person's chats linked together
            name = "link"
        case i.Link():
            name = "link"
            if intent.argument:
                slots["agency"] = _agency(intent.argument, agencies)
        case i.BroadcastStart() | i.BroadcastList() | i.BroadcastStatus() | i.Received():
            name = "broadcast"
            if isinstance(intent, i.BroadcastStart) and intent.status:  # to the agencies in that state
                slots["status"] = {intent.status}
        case i.Reminders() | i.Quiet() | i.RemindAt() | i.RemindersOn() | i.Notify():
            name = "reminders_settings"
        case i.Plans():
            name, slots["count"] = "plans", {"yes"}  # the list says how many
            if intent.year:
                slots["year"] = {str(intent.year)}
        case i.Agencies():
            name, slots["count"] = "agencies", {"yes"}
        case i.Search():
            # what the search finds answers "which task is about X, who leads it"
            return [Mapped("unknown", slots), Mapped("task_detail", {})]
        case i.Unknown():
            name = "unknown"
        case _:
            name = type(intent).__name__.lower()  # Agencies -> agencies, Me -> me
    return [Mapped(name, slots)]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold(text)))


def _fits(row: Row, got: Mapped) -> bool:
    if got.intent != row.intent:
        return False
    for key, want in row.slots.items():
        have = got.slots.get(key)
        if key == "note":
            note = next(iter(have or {""}))
            gold, said = _words(want), _words(note)
            if not said or len(gold & said) < max(1, len(gold) // 2):
                return False
            continue
        if key == "period":
            if not _period_fits(want, have or set()):
                return False
            continue
        # "due in the next 30 days" and "coming up in 30 days" are one list
        timed = want in ("due", "upcoming") and "period" in row.slots
        if key == "status" and timed and have and have & {"due", "upcoming"}:
            continue
        # "2.3" typed is the plan's II.3: the codes the lookup would try (code_forms)
        if key == "code" and have and want.upper() in {f.upper() for h in have for f in code_forms(h)}:
            continue
        if have is None or want not in have:
            return False
    return True


@dataclass
class Scored:
    row: Row
    got: i.Intent
    ok: bool
    seconds: float


def score(path: Path, agencies: AgencyDirectory) -> list[Scored]:
    reader = Recognizer(agencies)
    results = []
    for row in load(path):
        start = time.perf_counter()
        intent = reader.parse(row.text)
        seconds = time.perf_counter() - start
        ok = any(_fits(row, m) for m in mapped(intent, agencies))
        results.append(Scored(row, intent, ok, seconds))
    return results
