"""Turning answers into replies: task lines, task cards, pages. Pure: values in, Reply out."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from base.events import Button, Reply
from base.markup import Html, bold, esc, italic, join, to_plain
from bot.core.catalogue import Texts
from db.statuses import HistoryEntry, StatusEntry
from domain.actions import ListPage, OpenTask, SearchPage, SetStatus
from domain.agencies import AgencyDirectory
from domain.funding import Source
from domain.periods import WHOLE, period_at
from domain.tasks import Status, TaskView
from domain.timeframes import Kind, Timeframe

PAGE_SIZE = 8
_CONTENT_WIDTH = 140  # characters of content in a list line: enough to recognise a task


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "?"


def describe_timeframe(texts: Texts, timeframe: Timeframe, today: date) -> Html:
    kind = timeframe.kind
    if kind is Kind.CONDITIONAL:
        return texts("tf.conditional", condition=timeframe.condition or timeframe.raw)
    if kind is Kind.ONCE:
        described = texts("tf.once", deadline=day(timeframe.deadline))
    elif kind is Kind.RANGE:
        described = texts("tf.range", raw=timeframe.raw, deadline=day(timeframe.deadline))
    elif kind in (Kind.ANNUAL, Kind.SEMIANNUAL, Kind.QUARTERLY, Kind.MONTHLY):
        described = texts(f"tf.{kind.value}", due=day(period_at(timeframe, today).due))
    elif kind is Kind.UNPARSED:
        return texts("tf.unparsed", raw=timeframe.raw)
    else:
        described = texts(f"tf.{kind.value}")
    if timeframe.condition:  # `Hằng năm, theo hướng dẫn của Bộ Y tế`: the date, and the condition
        return Html(f"{described} · {texts('tf.conditional', condition=timeframe.condition)}")
    return described


def agency_label(texts: Texts, directory: AgencyDirectory, name: str) -> Html:
    """An agency's name as a plan wrote it, with the body that carries it today."""
    succession = directory.succession(name)
    return texts("agency.now", old=name, new=directory.current(name)) if succession else esc(name)


def period_label(texts: Texts, period: str) -> Html:
    if period == WHOLE:
        return texts("period.all")
    if period.isdigit():
        return texts("period.year", year=period)
    return esc(period)


def status_label(texts: Texts, status: Status) -> Html:
    return texts(f"status.{status.value}")


def shorten(text: str, width: int = _CONTENT_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def task_code(task: TaskView, several_plans: bool) -> str:
    return f"{task.plan} {task.code}" if several_plans else task.code


@dataclass(frozen=True)
class ListItem:
    task: TaskView
    status: Status
    due: date | None = None  # for "coming up": the date of the coming period


def task_line(texts: Texts, item: ListItem, today: date, several_plans: bool) -> Html:
    task = item.task
    when = texts("tf.once", deadline=day(item.due)) if item.due else describe_timeframe(texts, task.timeframe, today)
    head = Html(f"{bold(task_code(task, several_plans))} · {when} · {status_label(texts, item.status)}")
    return Html(f"{head}\n{esc(shorten(task.content))}")


@dataclass(frozen=True)
class Section:
    heading: Html | None
    items: Sequence[ListItem]


def list_page(
    texts: Texts,
    title: Html,
    sections: Sequence[Section],
    *,
    page: int,
    total: int,
    action: ListPage | SearchPage,  # the page buttons' action; each button sets its page
    today: date,
    several_plans: bool,
    notes: Sequence[Html] = (),
    replace: bool = False,
    more: tuple[Button, ...] = (),  # a row of buttons after the pages: another list
    first: Html | None = None,  # a line before the title: the number asked for
    empty: Html | None = None,  # what to say when nothing is listed, in words
) -> Reply:
    pages = max(1, -(-total // PAGE_SIZE))
    lines: list[Html] = [*([first] if first else []), bold(title)]
    shown: list[ListItem] = []
    # Another agency's list can hold plans the asker does not follow: codes must stay apart.
    several_plans = several_plans or len({i.task.plan for s in sections for i in s.items}) > 1
    for section in sections:
        if not section.items:
            continue
        if section.heading:
            lines.append(Html(f"\n{italic(section.heading)}"))
        for item in section.items:
            lines.append(task_line(texts, item, today, several_plans))
            shown.append(item)
    if not shown:
        lines.append(empty if empty and page == 1 else texts("list.empty"))
    lines.extend(Html(f"\n{note}") for note in notes)
    if total:
        lines.append(Html(f"\n{texts('list.count', count=total, page=page, pages=pages)}"))
    buttons: list[tuple[Button, ...]] = []
    task_buttons = [Button.of(task_code(i.task, several_plans), OpenTask(i.task.id)) for i in shown]
    buttons += [tuple(task_buttons[n : n + 4]) for n in range(0, len(task_buttons), 4)]
    paging = []
    if page > 1:
        paging.append(Button.of(texts("page.prev"), dataclasses.replace(action, page=page - 1)))
    if page < pages:
        paging.append(Button.of(texts("page.next"), dataclasses.replace(action, page=page + 1)))
    if paging:
        buttons.append(tuple(paging))
    if more:
        buttons.append(more)
    return Reply(join(lines), tuple(buttons), replace=replace)


def page_slices(page: int, sizes: Sequence[int]) -> list[tuple[int, int]]:
    """(offset, limit) in each of several consecutive lists for one page of them all."""
    start = (page - 1) * PAGE_SIZE
    end = start + PAGE_SIZE
    slices = []
    before = 0
    for size in sizes:
        lo, hi = max(start - before, 0), min(end - before, size)
        slices.append((lo, max(hi - lo, 0)))
        before += size
    return slices


_SOURCES = {source.value for source in Source}


def _funding(texts: Texts, task: TaskView) -> str:
    """In Vietnamese the cell as written; in English its sources named."""
    if texts.language == "vi" or not task.funding_sources:
        return task.funding_raw
    return ", ".join(
        to_plain(texts(f"funding.{source}")) if source in _SOURCES else source for source in task.funding_sources
    )


def task_card(
    texts: Texts,
    task: TaskView,
    *,
    today: date,
    zone: ZoneInfo,
    statuses: Sequence[StatusEntry],
    history: Sequence[HistoryEntry],
    can_update: bool,
    several_plans: bool,
    replace: bool = False,
    toast: str | None = None,
    leads: Collection[str] = (),  # the agencies whose statuses make the task's own
    label: Callable[[str], Html] = esc,  # an agency's name as shown: "Sở TT&TT (nay: Sở KH&CN)"
) -> Reply:
    period = period_at(task.timeframe, today)
    none = texts("task.none")
    lines: list[Html] = [
        bold(texts("task.title", code=task_code(task, several_plans))),
    ]
    if task.section:
        lines.append(italic(texts("task.section", numeral=task.section, title=shorten(task.section_title or "", 160))))
    lines.append(esc(task.content))
    lines.append(Html(f"{bold(texts('task.leads'))}: {join([label(n) for n in task.leads], '; ') or none}"))
    lines.append(
        Html(f"{bold(texts('task.coordinators'))}: {join([label(n) for n in task.coordinators], '; ') or none}")
    )
    lines.append(Html(f"{bold(texts('task.timeframe'))}: {describe_timeframe(texts, task.timeframe, today)}"))
    lines.append(Html(f"{bold(texts('task.funding'))}: {esc(_funding(texts, task)) or none}"))
    for header, value in task.extra.items():
        lines.append(Html(f"{bold(header)}: {esc(value)}"))
    lines.append(Html(f"{bold(texts('task.status', period=period_label(texts, period.key)))}:"))
    if statuses:
        for entry in sorted(statuses, key=lambda e: e.agency not in leads):
            role = texts("task.role.lead" if entry.agency in leads else "task.role.coordinator")
            note = f" — {esc(entry.note)}" if entry.note else ""
            lines.append(Html(f"• {esc(entry.agency)} ({role}): {status_label(texts, entry.status)}{note}"))
        if leads and not any(entry.agency in leads for entry in statuses):
            lines.append(italic(texts("task.lead_not_reported")))  # a coordinator's part is not the task's
    else:
        lines.append(Html(f"• {status_label(texts, Status.OPEN)}"))
    if history:
        lines.append(bold(texts("task.history")))
        for change in history:
            lines.append(
                Html(
                    "• "
                    + texts(
                        "task.history_line",
                        when=change.changed_at.astimezone(zone).strftime("%d/%m/%Y %H:%M"),
                        agency=change.agency,
                        status=status_label(texts, change.status),
                        note=Html(f" — {esc(change.note)}") if change.note else Html(""),
                        who=change.by or "?",
                    )
                )
            )
    buttons: tuple[tuple[Button, ...], ...] = ()
    if can_update:
        buttons = (
            tuple(
                Button.of(texts(f"status.button.{status.value}"), SetStatus(task.id, status, period.key))
                for status in (Status.DONE, Status.IN_PROGRESS, Status.BLOCKED)
            ),
        )
    return Reply(join(lines), buttons, replace=replace, toast=toast)


def stamp(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d/%m/%Y %H:%M")
