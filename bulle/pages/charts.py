"""Static SVG charts of the statistics' tables, drawn at build time: no script, no other site.

Written with ElementTree, so every label is escaped. Colours come from the
site's style sheet (light and dark), and each series of a stacked bar also
has its own hatching, shown again in the legend: colour never carries the
meaning alone. Each chart is followed on the page by its table.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bulle.statistics import Table

WIDTH = 320  # viewBox units: drawn about 1:1 on a 375 px phone, a little larger elsewhere
ROW = 38  # one horizontal bar: its label above, the bar below
BAR = 14
LABEL_SIZE = 13
SERIES = 6  # colours and hatchings, then they repeat
# Hatchings: none, diagonal, dots, horizontal, crossed, vertical.
_PATTERNS = (None, "M0,8 L8,0", "circle", "M0,4 L8,4", "M0,0 L8,8 M0,8 L8,0", "M4,0 L4,8")


def render_chart(table: Table, label: str, number=None) -> str:
    """The chart of `table` as an inline <svg>; `label` is its accessible name, `number`
    writes a value as the page does (« 4,5 » in French)."""
    number = number or _plain
    svg = _columns(table, number) if table.chart == "columns" else _bars(table, number)
    svg.set("role", "img")
    svg.set("aria-label", label)  # no <title>: the page's own would share its name
    return ET.tostring(svg, encoding="unicode", short_empty_elements=True)


def _svg(height: float, table: Table) -> ET.Element:
    return ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "class": f"bulle-chart bulle-chart--{table.chart}",
        "viewBox": f"0 0 {WIDTH} {round(height)}", "focusable": "false"})


def _bars(table: Table, number) -> ET.Element:
    stacked = table.stacked
    legend_height = _legend_height(table) if stacked else 0
    height = legend_height + ROW * len(table.rows) + 4
    svg = _svg(height, table)
    if stacked:
        _patterns(svg, table)
        _legend(svg, table)
    maximum = max((sum(v or 0 for v in row.values) for row in table.rows), default=0) or 1
    scale = (WIDTH - 48) / maximum  # room for the total after the bar
    for index, row in enumerate(table.rows):
        top = legend_height + index * ROW
        _text(svg, 0, top + LABEL_SIZE + 2, row.label, "bulle-chart__label")
        x = 0.0
        values = row.values if stacked else row.values[:1]
        for series, value in enumerate(values):
            if not value:
                continue
            width = value * scale
            _segment(svg, table, series if stacked else 0, x, top + 20, width, BAR)
            x += width
        total = sum(v or 0 for v in values)
        _text(svg, x + 6, top + 20 + BAR - 2, number(total), "bulle-chart__value")
    return svg


def _columns(table: Table, number) -> ET.Element:
    """A time series (one value per month): columns, a tick per year, the peak marked."""
    chart_top, chart_height = 18, 150
    height = chart_top + chart_height + 24
    svg = _svg(height, table)
    values = [row.values[0] or 0 for row in table.rows]
    peak = max(values, default=0) or 1
    step = WIDTH / max(len(values), 1)
    base = chart_top + chart_height
    ET.SubElement(svg, "line", {"x1": "0", "x2": str(WIDTH), "y1": str(chart_top),
                                "y2": str(chart_top), "class": "bulle-chart__grid"})
    _text(svg, WIDTH, chart_top - 4, number(peak), "bulle-chart__value", anchor="end")
    for index, (row, value) in enumerate(zip(table.rows, values)):
        x = index * step
        if value:
            h = value / peak * chart_height
            _segment(svg, table, 0, x + step * 0.1, base - h, step * 0.8, h)
        if row.key.endswith("-01") or index == 0:
            ET.SubElement(svg, "line", {"x1": _n(x), "x2": _n(x), "y1": str(base),
                                        "y2": str(base + 4), "class": "bulle-chart__axis"})
            _text(svg, x, base + 17, row.key[:4], "bulle-chart__tick")
    ET.SubElement(svg, "line", {"x1": "0", "x2": str(WIDTH), "y1": str(base), "y2": str(base),
                                "class": "bulle-chart__axis"})
    return svg


def _legend_height(table: Table) -> int:
    return 22 * ((len(table.columns) + 1) // 2) + 8


def _legend(svg: ET.Element, table: Table) -> None:
    for series, label in enumerate(table.columns):
        x = (series % 2) * (WIDTH / 2)
        y = 22 * (series // 2)
        _segment(svg, table, series, x, y + 3, 16, 14)
        _text(svg, x + 22, y + 15, label, "bulle-chart__legend")


def _patterns(svg: ET.Element, table: Table) -> None:
    defs = ET.SubElement(svg, "defs")
    for series in range(min(len(table.columns), SERIES)):
        shape = _PATTERNS[series]
        if shape is None:
            continue
        pattern = ET.SubElement(defs, "pattern", {
            "id": f"chart-{table.id}-p{series}", "width": "8", "height": "8",
            "patternUnits": "userSpaceOnUse"})
        if shape == "circle":
            ET.SubElement(pattern, "circle", {"cx": "4", "cy": "4", "r": "1.6",
                                              "class": "bulle-chart__hatch-dot"})
        else:
            ET.SubElement(pattern, "path", {"d": shape, "class": "bulle-chart__hatch"})


def _segment(svg: ET.Element, table: Table, series: int, x: float, y: float, width: float,
             height: float) -> None:
    box = {"x": _n(x), "y": _n(y), "width": _n(width), "height": _n(height)}
    group = ET.SubElement(svg, "g")
    ET.SubElement(group, "rect", {**box, "class": f"bulle-chart__s{series % SERIES}"})
    if table.stacked and _PATTERNS[series % SERIES]:
        ET.SubElement(group, "rect", {**box, "fill": f"url(#chart-{table.id}-p{series % SERIES})",
                                      "class": "bulle-chart__pattern"})


def _text(svg: ET.Element, x: float, y: float, text: str, css: str,
          anchor: str = "start") -> None:
    element = ET.SubElement(svg, "text", {"x": _n(x), "y": _n(y), "class": css})
    if anchor != "start":
        element.set("text-anchor", anchor)
    element.text = text


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _plain(value: float) -> str:
    return _n(value) if isinstance(value, float) else str(value)

