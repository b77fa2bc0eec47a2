"""The shared display helpers: number formatting, tables and JSON-ready values."""

from __future__ import annotations

import datetime as dt
import enum
import math

import attrs
import numpy as np

from socialroi._display import (
    MISSING,
    compact,
    html_fields,
    html_sections,
    html_table,
    money,
    number,
    plain,
    points,
    text_sections,
    text_table,
    wrap_columns,
)


def test_number():
    assert number(None) == MISSING == "n/a"
    assert number(math.nan) == MISSING
    assert number(math.inf) == "inf"
    assert number(-math.inf) == "-inf"
    assert number(1234.5) == "1,234.50"
    assert number(0.0) == "0.00"
    # zero up to rounding is 0, with the column's digits: no float noise, no "-0.00"
    assert number(1.2e-23) == number(-1e-9) == "0.00"
    assert number(0.0001234, 4) == "0.0001"
    assert number(0.006) == "0.01"
    assert number(2.5, signed=True) == "+2.50"
    assert number(-2.5, signed=True) == "-2.50"
    assert number(-1e-12, signed=True) == "0.00"


def test_compact_and_money():
    assert compact(1200.0) == "1,200"
    assert compact(2.5) == "2.50"
    assert money(5.55555) == "5.5556"
    assert money(-1234.5, "EUR") == "-1,234.50 EUR"


def test_tables():
    lines = text_table(["a", "bb"], [["x", "1"], ["yy", "22"]], indent="  ")
    assert lines == ["  a   bb", "  --  --", "  x    1", "  yy  22"]
    page = html_table("<cap>", ["<h>"], [["<c>"]])
    assert "&lt;cap&gt;" in page and "&lt;h&gt;" in page and "&lt;c&gt;" in page


def test_wrap_columns_fits_the_width_and_repeats_the_labels():
    header = ["channel", "first", "second", "third"]
    rows = [["a", "1.00", "22.00", "333.00"], ["bb", "4.00", "5.00", "6.00"]]
    assert wrap_columns(header, rows, width=100) == text_table(header, rows)  # fits: one table
    lines = wrap_columns(header, rows, width=24, indent="  ", rule=False)
    assert lines == [
        "  channel  first  second",
        "  a         1.00   22.00",
        "  bb        4.00    5.00",
        "",
        "  channel   third",
        "  a        333.00",
        "  bb         6.00",
    ]
    assert max(map(len, lines)) <= 24
    # a column wider than the width still shows, alone in its block
    assert wrap_columns(["x", "y" * 30], [["a", "1"]], width=10, rule=False) == [
        "x  " + "y" * 30,
        "a" + " " * 31 + "1",
    ]
    # a table of labels only is one block
    assert wrap_columns(["channel"], [["a"]], width=10) == ["channel", "-------", "a"]


def test_label_columns_and_no_rule():
    lines = text_table(["a", "n", "note"], [["x", "1", "hi"], ["yy", "22", ""]], left={0, 2}, rule=False)
    assert lines == ["a    n  note", "x    1  hi", "yy  22"]
    page = html_table("", ["a", "n"], [["x", "1"]], left=2)
    assert "<caption" not in page
    assert page.count("text-align:left") == 4


def test_sections():
    sections = [("First", [["alpha", "1"]]), ("Second", [["b", "22"]])]
    assert text_sections(["KPI", "total"], sections, rule=False) == [
        "KPI      total",
        "First",
        "  alpha      1",
        "Second",
        "  b         22",
    ]
    assert text_sections(["KPI", "n"], [("S", [["a", "1"]])])[1] == "---  -"
    page = html_sections("<cap>", ["k", "v"], [("<s>", [["<c>", "1"]])])
    assert '<th colspan="2"' in page
    assert "&lt;cap&gt;" in page and "&lt;s&gt;" in page and "&lt;c&gt;" in page


def test_fields():
    page = html_fields("<cap>", [("<k>", "<v>")])
    assert "<thead>" not in page
    assert "&lt;cap&gt;" in page and "&lt;k&gt;</th>" in page and "&lt;v&gt;</td>" in page


class Colour(enum.Enum):
    RED = "red"


@attrs.frozen
class Point:
    x: float
    when: dt.date


@attrs.frozen
class Result:
    share: float

    def to_dict(self) -> dict[str, object]:
        return {"share": self.share, "percent": self.share * 100}


def test_plain():
    assert plain(np.array([1.0, np.nan])) == [1.0, None]
    assert plain(np.float64(2.5)) == 2.5
    assert plain(math.inf) is None
    assert plain(3) == 3
    assert plain(True) is True
    assert plain(None) is None
    assert plain(Colour.RED) == "red"
    assert plain({Colour.RED: (1, 2)}) == {"red": [1, 2]}
    assert plain(Point(x=1.0, when=dt.date(2026, 1, 2))) == {"x": 1.0, "when": "2026-01-02"}
    assert plain(frozenset({1})) == [1]
    assert plain([Result(share=0.5), Result(share=math.nan)]) == [
        {"share": 0.5, "percent": 50.0},
        {"share": None, "percent": None},
    ]
    assert plain(object)[:7] == "<class "


def test_percent_formats_ratios_with_number_marks_for_missing_values():
    from socialroi._display import percent

    assert percent(0.576) == "57.6 %"
    assert percent(-1.5, 0) == "-150 %"
    assert percent(12.3456) == "1,234.6 %"
    assert (percent(None), percent(float("nan")), percent(float("inf"))) == ("n/a", "n/a", "inf")
    assert percent(0.125, signed=True) == "+12.5 %"
    assert percent(-1e-15, signed=True) == "0.0 %"


def test_points_are_signed_percentage_points():
    assert points(0.044) == "+4.4 pp"
    assert points(-0.08) == "-8.0 pp"
    assert (points(None), points(math.nan)) == ("n/a", "n/a")


def test_compact_and_money_mark_missing_values_and_drop_float_noise():
    assert (compact(math.nan), money(math.nan)) == ("n/a", "n/a")
    assert compact(3 - 1e-12) == "3"
    assert money(-1e-9, "USD") == "0.0000 USD"


def test_level_shows_an_interval_probability_in_percent():
    from socialroi._display import level

    assert (level(0.9), level(0.975), level(0.5)) == ("90 %", "97.5 %", "50 %")
