"""The training section of a report: facts, accuracy against its target, and the loss
curve as a summary line, a unicode sparkline and an SVG plot with every coordinate
computed here (the templates only place them)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from grader.reports.display import clean, count, finite, num

MAX_PLOT_POINTS = 500
_TRAINING_KEYS = ("losses", "accuracy", "target", "device", "train_seconds", "seed", "formula")


@dataclass
class Tick:
    pos: str
    label: str


@dataclass
class PlotView:
    """An SVG line plot with every coordinate already computed (viewBox units)."""

    title: str
    description: str
    points: str  # "x,y x,y ..." for <polyline>
    count: int
    width: int = 640
    height: int = 320
    left: int = 72
    right: int = 624
    top: int = 20
    bottom: int = 264
    x_label: str = "Epoch"  # train() returns one mean loss per epoch (the contract)
    y_label: str = "Loss"
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)

    @property
    def anchors(self) -> dict[str, int]:
        """Where the tick labels and axis labels go."""
        middle_x, middle_y = (self.left + self.right) // 2, (self.top + self.bottom) // 2
        return {"y_tick_x": self.left - 6, "x_tick_y": self.bottom + 18,
                "tick_end": self.bottom + 5, "x_label_x": middle_x,
                "x_label_y": self.height - 8, "y_label_x": 16, "y_label_y": middle_y}


@dataclass
class TrainingView:
    facts: list[tuple[str, str]]
    accuracy: str = ""
    target: str = ""
    verdict: str = ""  # "reached" / "below the target"
    tone: str = "info"
    loss_summary: str = ""
    sparkline: str = ""
    plot: PlotView | None = None


def training_view(training: dict[str, Any]) -> TrainingView:
    """The display-ready training section of a result's `training` record."""
    view = TrainingView(facts=[])
    if "accuracy" in training:
        view.accuracy, view.target = _ratios(training.get("accuracy"), training.get("target"))
        if finite(training.get("accuracy")) and finite(training.get("target")):
            reached = training["accuracy"] >= training["target"]
            view.verdict = "reached" if reached else "below the target"
            view.tone = "good" if reached else "bad"
    if "device" in training:
        view.facts.append(("Device", clean(training["device"])))
    if "train_seconds" in training:
        view.facts.append(("Training time", f"{num(training['train_seconds'], '.1f')} s"))
    for key in ("seed", "formula"):
        if key in training:
            view.facts.append((key.capitalize(), clean(training[key])))
    view.facts += [(clean(key).replace("_", " ").capitalize(), _scalar(value))
                   for key, value in sorted(training.items())
                   if key not in _TRAINING_KEYS and isinstance(value, (str, int, float))]
    losses = training.get("losses")
    if isinstance(losses, list):
        view.loss_summary, view.sparkline, view.plot = _loss_views(losses)
    return view


def _loss_views(losses: list[Any]) -> tuple[str, str, PlotView | None]:
    """(one-line summary, unicode sparkline, SVG plot) of a loss curve."""
    kept = [(step, float(v)) for step, v in enumerate(losses, 1) if finite(v)]
    skipped = len(losses) - len(kept)
    if not kept:
        return f"no finite loss values among {len(losses)} recorded", "", None
    (first_step, first), (last_step, last) = kept[0], kept[-1]
    low_step, low = min(kept, key=lambda pair: pair[1])
    summary = (f"{num(first, '.4g')} at epoch {first_step} -> {num(last, '.4g')} at "
               f"epoch {last_step} (lowest {num(low, '.4g')} at epoch {low_step})")
    if skipped:
        summary += f"; {count(skipped, 'non-finite value')} not drawn"
    plot = _loss_plot(kept, summary) if len(kept) >= 2 else None
    return summary, _sparkline([v for _, v in kept]), plot


def _loss_plot(kept: list[tuple[int, float]], summary: str) -> PlotView:
    stride = max(1, math.ceil(len(kept) / MAX_PLOT_POINTS))
    shown = kept[::stride] if kept[::stride][-1] == kept[-1] \
        else kept[::stride] + [kept[-1]]
    plot = PlotView("Training loss per epoch", "", "", len(shown))
    x_ticks, (x_lo, x_hi) = _nice_ticks(kept[0][0], kept[-1][0], integer=True)
    y_ticks, (y_lo, y_hi) = _nice_ticks(min(v for _, v in kept), max(v for _, v in kept))

    def x(step: float) -> float:
        return plot.left + (step - x_lo) / (x_hi - x_lo) * (plot.right - plot.left)

    def y(value: float) -> float:
        return plot.bottom - (value - y_lo) / (y_hi - y_lo) * (plot.bottom - plot.top)

    plot.points = " ".join(f"{x(step):.1f},{y(value):.1f}" for step, value in shown)
    plot.x_ticks = [Tick(f"{x(t):.1f}", num(t, ".6g")) for t in x_ticks]
    plot.y_ticks = [Tick(f"{y(t):.1f}", num(t, ".4g")) for t in y_ticks]
    drawn = f"{len(shown)} of {len(kept)} points drawn" if stride > 1 else \
        f"{len(shown)} points"
    plot.description = f"Line plot of the training loss ({drawn}): {summary}."
    return plot


def _nice_ticks(lo: float, hi: float, count: int = 5,
                integer: bool = False) -> tuple[list[float], tuple[float, float]]:
    """Round tick values covering [lo, hi], and the axis range they span."""
    if hi <= lo:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if integer:
        step = max(1, round(step))
    first, last = math.floor(lo / step) * step, math.ceil(hi / step) * step
    ticks = [first + i * step for i in range(round((last - first) / step) + 1)]
    return ticks, (first, last)


def _sparkline(values: list[float], width: int = 40) -> str:
    blocks = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
    stride = max(1, math.ceil(len(values) / width))
    sampled = values[::stride]
    lo, hi = min(sampled), max(sampled)
    span = (hi - lo) or 1.0
    return "".join(blocks[min(7, int((v - lo) / span * 8))] for v in sampled)


def _scalar(value: Any) -> str:
    return num(value, ".4g") if isinstance(value, float) else num(value)


def _ratios(accuracy: Any, target: Any) -> tuple[str, str]:
    """Accuracy and target as percentages when both are fractions in [0, 1]."""
    values = [v for v in (accuracy, target) if finite(v)]
    as_percent = bool(values) and all(0 <= v <= 1 for v in values)

    def show(value: Any) -> str:
        if not finite(value):
            return num(value)
        return f"{value * 100:.1f} %" if as_percent else num(value, ".4g")

    return show(accuracy), (show(target) if target is not None else "")
