"""Charts drawn on the server as SVG: no script, no library, readable without JavaScript.
Pure: numbers and labels in, markup out (every label escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

# The status colours of the whole dashboard (the stylesheet uses the same).
COLOURS = {
    "done": "#2e7d32",
    "in_progress": "#1565c0",
    "blocked": "#c62828",
    "open": "#b0bec5",
    "overdue": "#e65100",
}


def _pieces(parts: Sequence[tuple[str, int]], total: int, width: float) -> list[tuple[str, int, float, float]]:
    """(status, count, x, width) of each non-empty part, laid end to end."""
    found, x = [], 0.0
    for status, count in parts:
        if count <= 0 or total <= 0:
            continue
        piece = width * count / total
        found.append((status, count, x, piece))
        x += piece
    return found


def progress_bar(
    parts: Sequence[tuple[str, int]], labels: dict[str, str], width: int = 240, height: int = 14
) -> Markup:
    """One horizontal bar, its parts in proportion (done, in progress, blocked, not reported);
    the title of each part says what it is, for a pointer or a screen reader."""
    total = sum(count for _, count in parts)
    summary = ", ".join(f"{labels[status]}: {count}" for status, count in parts)
    rects = [f'<rect class="bar-empty" x="0" y="0" width="{width}" height="{height}" rx="3"/>']
    for status, count, x, piece in _pieces(parts, total, width):
        rects.append(
            f'<rect class="bar-{status}" x="{x:.1f}" y="0" width="{piece:.1f}" height="{height}" '
            f'fill="{COLOURS[status]}"><title>{escape(labels[status])}: {count}</title></rect>'
        )
    return Markup(
        f'<svg class="bar" role="img" aria-label="{escape(summary)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">{"".join(rects)}</svg>'
    )


def status_chart(parts: Sequence[tuple[str, int]], labels: dict[str, str], title: str, width: int = 420) -> Markup:
    """Horizontal bars, one per status, with the count at the end: the overview's chart."""
    row, gap, label_width = 26, 8, 130
    biggest = max((count for _, count in parts), default=0) or 1
    height = len(parts) * (row + gap)
    room = width - label_width - 60
    bars = []
    for n, (status, count) in enumerate(parts):
        y = n * (row + gap)
        length = room * count / biggest
        bars.append(
            f'<text x="0" y="{y + row * 0.7:.1f}" class="chart-label">{escape(labels[status])}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{row}" rx="3" fill="{COLOURS[status]}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + row * 0.7:.1f}" class="chart-value">{count}</text>'
        )
    return Markup(
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f"{''.join(bars)}</svg>"
    )
