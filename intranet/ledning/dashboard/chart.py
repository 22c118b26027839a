"""A line chart of percentages drawn on the server as SVG: the geometry only (the template
draws it), so the chart needs no script and carries its own text alternative; the table
behind it holds the same figures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import dateformat

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 32, 16, 40


@dataclass
class Point:
    day: datetime.date
    percent: int | None
    x: float
    y: float | None
    label: str  # the month, short, under the axis ("dec 26")
    long_label: str  # the month in the text alternative ("december 2026")


@dataclass
class LineChart:
    width: int
    height: int
    points: list[Point]
    goal: int
    goal_y: float
    gridlines: list[tuple[int, float]] = field(default_factory=list)
    left: int = LEFT
    right: int = WIDTH - RIGHT
    bottom: int = HEIGHT - BOTTOM

    @property
    def path(self) -> str:
        """The line through the months that have a value ("M x y L x y …"); a month without
        content breaks it."""
        parts: list[str] = []
        pen_down = False
        for point in self.points:
            if point.y is None:
                pen_down = False
                continue
            parts.append(f"{'L' if pen_down else 'M'}{point.x:.1f} {point.y:.1f}")
            pen_down = True
        return " ".join(parts)

    @property
    def plotted(self) -> list[Point]:
        return [point for point in self.points if point.y is not None]


def _y(percent: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (100 - percent) / 100


def line_chart(values: list[tuple[datetime.date, int | None]], goal: int) -> LineChart:
    """The chart of (day, percent or None) in order, with a goal line."""
    span = WIDTH - LEFT - RIGHT
    step = span / max(len(values) - 1, 1)
    points = [
        Point(
            day,
            percent,
            LEFT + index * step,
            _y(percent) if percent is not None else None,
            dateformat.format(day, "b y"),
            dateformat.format(day, "F Y"),
        )
        for index, (day, percent) in enumerate(values)
    ]
    return LineChart(
        WIDTH,
        HEIGHT,
        points,
        goal,
        _y(goal),
        gridlines=[(percent, _y(percent)) for percent in (0, 25, 50, 75, 100)],
    )
