"""Progress charts as PNG pictures (matplotlib, its non-GUI Agg canvas, no pyplot state).

Text is drawn in DejaVu Sans, which ships inside matplotlib and has every Vietnamese
letter (precomposed, NFC); no emoji on a chart, which DejaVu does not have. Sizes are
chosen for a phone: about 1,200 pixels wide, 11-point labels and larger, one row per bar.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from domain.progress import BUCKETS, Row
from domain.text import nfc

FONT = "DejaVu Sans"
COLORS = {
    "done": "#2e7d32",
    "in_progress": "#1e88e5",
    "blocked": "#f9a825",
    "not_started": "#b0bec5",
    "overdue": "#c62828",
}
WIDTH_INCHES, DPI = 10.0, 120
_NAME_LENGTH = 42


@dataclass(frozen=True)
class ChartWords:
    """What the chart says, in the reader's language (from the catalogue)."""

    title: str
    agencies: str  # heading of the per-agency panel
    sections: str  # heading of the per-section panel
    buckets: dict[str, str]  # bucket -> its label
    tasks: str  # the x axis: "số nhiệm vụ"
    percent: str  # the x axis of shares: "% nhiệm vụ"


def _short(label: str) -> str:
    label = nfc(" ".join(label.split()))
    return label if len(label) <= _NAME_LENGTH else label[: _NAME_LENGTH - 1].rstrip() + "…"


def _panel(axes, rows: Sequence[Row], heading: str, words: ChartWords, shares: bool = False) -> None:
    labels = [_short(row.label) for row in rows]
    positions = list(range(len(rows)))
    left = [0.0] * len(rows)
    for n, bucket in enumerate(BUCKETS):
        values = [row.progress.shares()[n] if shares else row.progress.values()[n] for row in rows]
        axes.barh(positions, values, left=left, color=COLORS[bucket], label=words.buckets[bucket], height=0.7)
        for y, (start, value) in enumerate(zip(left, values, strict=True)):
            if value and (value >= (4 if shares else max(1, _widest(rows) * 0.04))):
                text = f"{value:.0f}%" if shares else str(int(value))
                color = "white" if bucket in ("done", "in_progress", "overdue") else "black"
                axes.text(start + value / 2, y, text, ha="center", va="center", fontsize=9, color=color)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(positions, labels, fontsize=11)
    axes.invert_yaxis()  # the first row on top
    axes.set_title(heading, fontsize=13, loc="left", fontweight="bold")
    axes.set_xlabel(words.percent if shares else words.tasks, fontsize=10)
    axes.grid(axis="x", alpha=0.3)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if shares:
        axes.set_xlim(0, 100)


def _widest(rows: Sequence[Row]) -> int:
    return max((row.progress.total for row in rows), default=1)


def progress_png(words: ChartWords, panels: Sequence[tuple[str, Sequence[Row], bool]]) -> bytes:
    """One picture: a panel per (heading, rows, shares) with a stacked bar per row, and one legend."""
    # matplotlib is imported by the first chart, not at start: a third of a second of
    # every start of the service, for a picture few ask for.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    panels = [panel for panel in panels if panel[1]]
    heights = [0.55 * len(rows) + 1.0 for _heading, rows, _shares in panels] or [1.0]
    with rcParams_context():
        figure = Figure(figsize=(WIDTH_INCHES, sum(heights) + 1.6), dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        figure.suptitle(words.title, fontsize=15, fontweight="bold")
        if panels:
            grid = figure.add_gridspec(len(panels), 1, height_ratios=heights)
            for n, (heading, rows, shares) in enumerate(panels):
                _panel(figure.add_subplot(grid[n]), rows, heading, words, shares)
            handles, labels = figure.axes[0].get_legend_handles_labels()
            figure.legend(handles, labels, loc="outside lower center", ncols=len(BUCKETS), fontsize=10, frameon=False)
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI, facecolor="white")
    return out.getvalue()


class rcParams_context:
    """DejaVu Sans for every piece of text of one figure, whatever the process's defaults."""

    def __enter__(self) -> None:
        from matplotlib import rcParams

        self._saved = {key: rcParams[key] for key in ("font.family", "font.sans-serif", "axes.unicode_minus")}
        rcParams["font.family"] = "sans-serif"
        rcParams["font.sans-serif"] = [FONT]
        rcParams["axes.unicode_minus"] = False

    def __exit__(self, *_exc: object) -> None:
        from matplotlib import rcParams

        rcParams.update(self._saved)
