"""The README chart questions through the engine: the chart each one gets, exactly, on the
chart fixture database (and drawn when matplotlib is there)."""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures_charts import AS_OF, make_chart_db

from bot.engine import Engine

D = dt.date


@pytest.fixture(scope="module")
def engine():
    return Engine(make_chart_db(), today=AS_OF)


@pytest.mark.parametrize(
    ("question", "kind", "bucket", "labels", "values"),
    [
        pytest.param(
            "chart Amazon layoffs", "company_over_time", "quarter",
            ("Q4 2022", "Q1 2026", 14), [[10000, 17000, 0, 500, 0, 0, 0, 0, 0, 0, 0, 0, 14000, 16000]],
            id="company-over-time",
        ),
        pytest.param(
            "plot layoffs by month in 2023", "all_over_time", "month",
            ("Jan 2023", "Dec 2023", 12), [[21100, 0, 19000, 0, 0, 0, 500, 0, 0, 0, 0, 0]],
            id="all-by-month",
        ),
        pytest.param(
            "chart the top 10 companies in 2025", "top_companies", None,
            ("Intel", "Meta", 3), [[22000, 14000, 3600]],
            id="top-companies",
        ),
        pytest.param(
            "compare Meta and Google by year chart", "compare", "year",
            ("2022", "2026", 5), [[11000, 10000, 0, 3600, 1500], [0, 12000, 0, 0, 0]],
            id="compare-by-year",
        ),
        pytest.param(
            "layoffs per quarter since 2022 graph", "all_over_time", "quarter",
            ("Q1 2022", "Q1 2026", 17), [[0, 0, 0, 21000, 40100, 0, 500, 0, 0, 0, 0, 0, 3600, 22000, 0, 14000, 17500]],
            id="all-by-quarter",
        ),
    ],
)  # fmt: skip
def test_readme_chart_questions(engine, question, kind, bucket, labels, values):
    chart = engine.answer(question).chart
    assert chart is not None, question
    assert chart.kind == kind and chart.bucket == bucket
    first, last, n = labels
    assert (chart.labels[0], chart.labels[-1], len(chart.labels)) == (first, last, n)
    assert [s.values for s in chart.series] == values
    assert chart.footnote == "Source: layoffs.fyi and curated sources · data as of 28 Jan 2026"


def test_top_of_an_empty_year_says_so(engine):
    chart = engine.answer("chart the top 10 companies in 2024").chart
    assert chart is not None and chart.labels == []
    assert chart.title == "Top companies by employees laid off, 2024"


def test_plain_question_has_no_chart(engine):
    assert engine.answer("how many has Amazon cut?").chart is None


def test_engine_chart_renders():
    pytest.importorskip("matplotlib")
    from bot.charts import render_png

    chart = Engine(make_chart_db(), today=AS_OF).answer("compare Meta and Google by year chart").chart
    assert render_png(chart)[:8] == b"\x89PNG\r\n\x1a\n"
