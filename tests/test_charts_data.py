"""Chart data (bot.charts.data) on the hand-written fixture: series, buckets, labels, markers."""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures_charts import AS_OF, make_chart_db
from hypothesis import given
from hypothesis import strategies as st

from bot.charts.data import (
    bucket_keys,
    bucket_label,
    build_chart,
    choose_bucket,
    data_as_of,
    describe_chart,
    describe_period,
)

D = dt.date


@pytest.fixture(scope="module")
def db():
    return make_chart_db()


# ----------------------------------------------------------------- bucket choice


@pytest.mark.parametrize(
    ("start", "end", "bucket"),
    [
        pytest.param(D(2023, 1, 1), D(2023, 12, 31), "month", id="one-year-month"),
        pytest.param(D(2023, 1, 1), D(2024, 6, 30), "month", id="18-months-month"),
        pytest.param(D(2023, 1, 1), D(2024, 7, 1), "quarter", id="19-months-quarter"),
        pytest.param(D(2022, 1, 1), D(2026, 12, 31), "quarter", id="5-years-quarter"),
        pytest.param(D(2022, 1, 1), D(2027, 1, 1), "year", id="61-months-year"),
        pytest.param(D(2023, 5, 5), D(2023, 5, 5), "month", id="one-day-month"),
    ],
)
def test_choose_bucket(start, end, bucket):
    assert choose_bucket(start, end) == bucket


def test_bucket_keys_are_continuous_and_labelled():
    keys = bucket_keys(D(2022, 11, 16), D(2023, 7, 2), "quarter")
    assert [bucket_label(k, "quarter") for k in keys] == ["Q4 2022", "Q1 2023", "Q2 2023", "Q3 2023"]
    months = bucket_keys(D(2022, 11, 30), D(2023, 2, 1), "month")
    assert [bucket_label(k, "month") for k in months] == ["Nov 2022", "Dec 2022", "Jan 2023", "Feb 2023"]
    years = bucket_keys(D(2020, 3, 11), D(2026, 1, 28), "year")
    assert [bucket_label(k, "year") for k in years] == [str(y) for y in range(2020, 2027)]


@given(
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)),
    days=st.integers(min_value=0, max_value=4000),
    bucket=st.sampled_from(["month", "quarter", "year"]),
)
def test_bucket_keys_property(start, days, bucket):
    end = start + dt.timedelta(days=days)
    keys = bucket_keys(start, end, bucket)
    assert keys == sorted(set(keys))  # strictly increasing, no duplicates
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    expected = {"month": months, "year": end.year - start.year + 1}
    if bucket in expected:
        assert len(keys) == expected[bucket]
    else:
        assert len(keys) == (end.year * 4 + (end.month - 1) // 3) - (start.year * 4 + (start.month - 1) // 3) + 1


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        pytest.param(D(2023, 1, 1), D(2023, 12, 31), "2023", id="year"),
        pytest.param(D(2022, 1, 1), D(2024, 12, 31), "2022–2024", id="years"),
        pytest.param(D(2024, 3, 1), D(2024, 3, 31), "March 2024", id="month"),
        pytest.param(D(2023, 3, 1), D(2023, 6, 30), "Mar–Jun 2023", id="months"),
        pytest.param(D(2023, 11, 1), D(2024, 2, 29), "Nov 2023 – Feb 2024", id="months-across-years"),
        pytest.param(D(2022, 1, 1), D(2026, 1, 28), "1 Jan 2022 – 28 Jan 2026", id="open-end"),
        pytest.param(D(2023, 5, 5), D(2023, 5, 5), "5 May 2023", id="day"),
    ],
)
def test_describe_period(start, end, text):
    assert describe_period(start, end) == text


def test_as_of_from_meta_then_latest_round():
    assert data_as_of(make_chart_db()) == AS_OF
    assert data_as_of(make_chart_db(as_of=None)) == D(2026, 1, 28)  # the latest round's date


# ----------------------------------------------------------------- company over time


def test_company_over_time_quarters_with_every_trap(db):
    chart = build_chart(db, kind="company_over_time", companies=["Amazon"], start=None, end=None)
    assert chart.kind == "company_over_time"
    assert chart.bucket == "quarter"  # 16 Nov 2022 – 28 Jan 2026: 39 months
    assert chart.start == D(2022, 11, 16) and chart.end == AS_OF
    assert chart.labels == [
        "Q4 2022", "Q1 2023", "Q2 2023", "Q3 2023", "Q4 2023", "Q1 2024", "Q2 2024",
        "Q3 2024", "Q4 2024", "Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025", "Q1 2026",
    ]  # fmt: skip
    [series] = chart.series
    assert series.name == "Amazon"
    # Q1 2023 = 8,000 (the incremental part of "18,000") + 9,000; the 2024 rumoured 5,000,
    # planned and retracted rounds add nothing; Q1 2026 = 16,000, not the announced 30,000.
    assert series.values == [10000, 17000, 0, 500, 0, 0, 0, 0, 0, 0, 0, 0, 14000, 16000]
    assert series.undisclosed == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert sum(series.values) == 57500
    assert chart.title == "Employees laid off at Amazon per quarter, 16 Nov 2022 – 28 Jan 2026"
    assert "1 round of undisclosed size" in chart.subtitle
    assert "2 planned or rumoured rounds not included" in chart.subtitle
    assert chart.footnote == "Source: layoffs.fyi and curated sources · data as of 28 Jan 2026"
    assert chart.x_label == "Quarter" and chart.y_label == "Employees laid off"


def test_company_name_matches_case_insensitively(db):
    chart = build_chart(db, kind="company_over_time", companies=["amazon"], start=D(2023, 1, 1), end=D(2023, 12, 31))
    assert chart.series[0].name == "Amazon"
    assert chart.bucket == "month"
    assert chart.labels[0] == "Jan 2023" and chart.labels[-1] == "Dec 2023" and len(chart.labels) == 12
    assert chart.series[0].values == [8000, 0, 9000, 0, 0, 0, 500, 0, 0, 0, 0, 0]
    assert chart.series[0].undisclosed == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert chart.title == "Employees laid off at Amazon per month, 2023"


def test_period_is_inclusive_at_both_ends(db):
    chart = build_chart(
        db, kind="company_over_time", companies=["Amazon"], start=D(2022, 11, 16), end=D(2023, 1, 4), bucket="month"
    )
    assert chart.labels == ["Nov 2022", "Dec 2022", "Jan 2023"]
    assert chart.series[0].values == [10000, 0, 8000]
    just_inside = build_chart(
        db, kind="company_over_time", companies=["Amazon"], start=D(2022, 11, 17), end=D(2023, 1, 3), bucket="month"
    )
    assert just_inside.series[0].values == [0, 0, 0]


def test_part_of_rows_are_never_summed(db):
    chart = build_chart(db, kind="company_over_time", companies=["Intel"], start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert chart.series[0].values == [0, 0, 0, 22000, 0, 0, 0, 0, 0, 0, 0, 0]
    assert chart.series[0].undisclosed == [0] * 12


def test_division_counts_only_its_own_rounds(db):
    chart = build_chart(
        db, kind="company_over_time", companies=["Amazon"], division="AWS", start=D(2023, 1, 1), end=D(2023, 12, 31)
    )
    # The 9,000 round shared by AWS, Twitch, Advertising and PXT is never AWS's count: undisclosed.
    assert chart.series[0].values == [0, 0, 0, 0, 0, 0, 500, 0, 0, 0, 0, 0]
    assert chart.series[0].undisclosed == [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert chart.series[0].name == "Amazon (AWS)"
    assert "AWS only" in chart.subtitle


def test_bucket_given_overrides_choice(db):
    chart = build_chart(db, kind="company_over_time", companies=["Amazon"], start=D(2022, 1, 1), end=D(2026, 12, 31),
                        bucket="year")  # fmt: skip
    assert chart.labels == ["2022", "2023", "2024", "2025", "2026"]
    assert chart.series[0].values == [10000, 17500, 0, 14000, 16000]
    assert chart.series[0].undisclosed == [0, 1, 0, 0, 0]
    assert chart.x_label == "Year"


def test_empty_period_is_a_chart_of_zeros(db):
    chart = build_chart(db, kind="company_over_time", companies=["Stripe"], start=D(2024, 1, 1), end=D(2024, 3, 31))
    assert chart.labels == ["Jan 2024", "Feb 2024", "Mar 2024"]
    assert chart.series[0].values == [0, 0, 0]
    assert chart.series[0].undisclosed == [0, 0, 0]
    assert "undisclosed" not in chart.subtitle


# ----------------------------------------------------------------- all over time


def test_all_over_time_by_month(db):
    chart = build_chart(db, kind="all_over_time", companies=[], start=D(2023, 1, 1), end=D(2023, 12, 31))
    assert chart.bucket == "month"
    [series] = chart.series
    assert series.name == "All companies"
    # Jan: Amazon 8,000 + Google 12,000 + Stripe 1,100; Mar: Amazon 9,000 + Meta 10,000 (+ Zalando undisclosed).
    assert series.values == [21100, 0, 19000, 0, 0, 0, 500, 0, 0, 0, 0, 0]
    assert series.undisclosed == [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert chart.title == "Employees laid off per month, all companies, 2023"


def test_all_over_time_open_period_uses_first_round_and_as_of(db):
    chart = build_chart(db, kind="all_over_time", companies=[], start=D(2022, 1, 1), end=None, bucket="quarter")
    assert chart.labels[0] == "Q1 2022" and chart.labels[-1] == "Q1 2026"
    assert len(chart.labels) == 17
    assert sum(chart.series[0].values) == 10000 + 8000 + 9000 + 500 + 14000 + 16000 + 11000 + 10000 + 3600 + 1500 \
        + 12000 + 22000 + 1100  # fmt: skip
    assert sum(chart.series[0].undisclosed) == 3
    assert chart.title == "Employees laid off per quarter, all companies, 1 Jan 2022 – 28 Jan 2026"
    whole = build_chart(db, kind="all_over_time", companies=[])
    assert whole.start == D(2022, 11, 9) and whole.end == AS_OF
    assert whole.bucket == "quarter"


def test_all_over_time_filtered_by_industry(db):
    chart = build_chart(db, kind="all_over_time", companies=[], start=D(2023, 1, 1), end=D(2023, 12, 31),
                        industry="retail")  # fmt: skip
    assert chart.series[0].values == [8000, 0, 9000, 0, 0, 0, 500, 0, 0, 0, 0, 0]
    assert chart.series[0].undisclosed == [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]  # Zalando + Amazon Apr
    assert "industry retail" in chart.title


# ----------------------------------------------------------------- top companies


def test_top_companies_ranked_with_undisclosed(db):
    chart = build_chart(db, kind="top_companies", companies=[], start=D(2023, 1, 1), end=D(2023, 12, 31), limit=10)
    assert chart.kind == "top_companies" and chart.bucket is None
    # Zalando has only an undisclosed round: no bar to rank.
    assert chart.labels == ["Amazon", "Google", "Meta", "Stripe"]
    [series] = chart.series
    assert series.values == [17500, 12000, 10000, 1100]
    assert series.undisclosed == [1, 0, 0, 0]
    assert chart.title == "Top 4 companies by employees laid off, 2023"
    assert chart.x_label == "Employees laid off"


def test_top_companies_limit_and_ties(db):
    chart = build_chart(db, kind="top_companies", companies=[], start=None, end=None, limit=2)
    assert chart.labels == ["Amazon", "Meta"]
    assert chart.series[0].values == [57500, 26100]
    assert chart.title == "Top 2 companies by employees laid off, 9 Nov 2022 – 28 Jan 2026"


def test_top_companies_by_country(db):
    chart = build_chart(db, kind="top_companies", companies=[], start=D(2023, 1, 1), end=D(2023, 12, 31),
                        country="Germany")  # fmt: skip
    assert chart.labels == [] and chart.series[0].values == []
    chart = build_chart(db, kind="top_companies", companies=[], start=D(2025, 1, 1), end=D(2025, 12, 31),
                        country="united states")  # fmt: skip
    assert chart.labels == ["Intel", "Amazon", "Meta"]
    assert chart.series[0].values == [22000, 14000, 3600]


# ----------------------------------------------------------------- compare


def test_compare_by_year(db):
    chart = build_chart(db, kind="compare", companies=["Meta", "Google"], start=D(2022, 1, 1), end=D(2024, 12, 31),
                        bucket="year")  # fmt: skip
    assert chart.labels == ["2022", "2023", "2024"]
    assert [s.name for s in chart.series] == ["Meta", "Google"]
    assert chart.series[0].values == [11000, 10000, 0]
    assert chart.series[1].values == [0, 12000, 0]
    assert chart.series[1].undisclosed == [0, 0, 1]
    assert chart.title == "Meta vs Google: employees laid off per year, 2022–2024"


def test_compare_three_companies_picks_bucket(db):
    chart = build_chart(db, kind="compare", companies=["Amazon", "Meta", "Intel"], start=D(2025, 1, 1),
                        end=D(2025, 12, 31))  # fmt: skip
    assert chart.bucket == "month"
    assert chart.title == "Amazon, Meta and Intel: employees laid off per month, 2025"
    assert [sum(s.values) for s in chart.series] == [14000, 3600, 22000]


# ----------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"kind": "pie", "companies": []}, id="unknown-kind"),
        pytest.param({"kind": "all_over_time", "companies": [], "bucket": "week"}, id="unknown-bucket"),
        pytest.param({"kind": "company_over_time", "companies": []}, id="no-company"),
        pytest.param({"kind": "company_over_time", "companies": ["Meta", "Google"]}, id="two-companies"),
        pytest.param({"kind": "compare", "companies": []}, id="compare-nobody"),
    ],
)
def test_bad_requests_raise_value_error(db, kwargs):
    with pytest.raises(ValueError):
        build_chart(db, **kwargs)


def test_as_of_argument_wins(db):
    chart = build_chart(db, kind="all_over_time", companies=[], start=D(2023, 1, 1), as_of=D(2023, 6, 30))
    assert chart.end == D(2023, 6, 30)
    assert chart.footnote.endswith("data as of 30 Jun 2023")
    assert chart.labels[-1] == "Jun 2023"


def test_describe_chart_is_alt_text(db):
    chart = build_chart(db, kind="company_over_time", companies=["Amazon"], start=D(2023, 1, 1), end=D(2023, 12, 31))
    assert describe_chart(chart) == (
        "Employees laid off at Amazon per month, 2023. Largest: Mar 2023: 9,000; Jan 2023: 8,000; Jul 2023: 500."
        " Plus 1 round of undisclosed size."
        " Source: layoffs.fyi and curated sources · data as of 28 Jan 2026."
    )
    compare = build_chart(db, kind="compare", companies=["Meta", "Google"], start=D(2023, 1, 1), end=D(2023, 12, 31),
                          bucket="year")  # fmt: skip
    assert describe_chart(compare).startswith("Meta vs Google: employees laid off per year, 2023. Largest: Google 2023: 12,000; Meta 2023: 10,000.")
    empty = build_chart(db, kind="top_companies", companies=[], country="Germany")
    assert "No layoffs counted in this period." in describe_chart(empty)


@given(
    start=st.dates(min_value=D(2022, 1, 1), max_value=D(2026, 1, 28)),
    days=st.integers(min_value=0, max_value=1600),
    bucket=st.sampled_from([None, "month", "quarter", "year"]),
)
def test_buckets_add_up_to_the_period_total(start, days, bucket):
    """Whatever the period and bucket, the bars sum to the counting rule applied row by row."""
    from fixtures_charts import _EVENTS

    end = start + dt.timedelta(days=days)
    chart = build_chart(_PROPERTY_DB, kind="all_over_time", companies=[], start=start, end=end, bucket=bucket)
    counted = [
        count
        for _id, _company, date, count, status, _division, _announced, _includes, part_of in _EVENTS
        if status in ("confirmed", "reported") and part_of is None and start <= D.fromisoformat(date) <= end
    ]
    assert sum(chart.series[0].values) == sum(c for c in counted if c is not None)
    assert sum(chart.series[0].undisclosed) == sum(1 for c in counted if c is None)
    assert len(chart.labels) == len(chart.series[0].values) == len(chart.series[0].undisclosed)
    assert chart.start == start and chart.end == min(end, AS_OF)


_PROPERTY_DB = make_chart_db()


def test_period_past_the_as_of_date_is_cut_there(db):
    chart = build_chart(db, kind="all_over_time", companies=[], start=D(2026, 1, 1), end=D(2026, 12, 31))
    assert chart.end == AS_OF
    assert chart.labels == ["Jan 2026"]
    assert chart.series[0].values == [17500]
    assert chart.title == "Employees laid off per month, all companies, 1 Jan 2026 – 28 Jan 2026"
    future = build_chart(db, kind="all_over_time", companies=[], start=D(2027, 1, 1), end=D(2027, 12, 31))
    assert future.start == D(2027, 1, 1) and future.end == D(2027, 12, 31)  # asked for, shown empty
    assert future.series[0].values == [0] * 12


@given(
    kind=st.sampled_from(["company_over_time", "all_over_time", "top_companies", "compare"]),
    companies=st.lists(st.sampled_from(["Amazon", "meta", "GOOGLE", "Intel", "Nobody Inc", "Zalando"]), max_size=4),
    start=st.none() | st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 1, 1)),
    end=st.none() | st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 1, 1)),
    bucket=st.sampled_from([None, "month", "quarter", "year"]),
    limit=st.integers(min_value=-3, max_value=50),
    industry=st.sampled_from([None, "Retail", "nope"]),
    division=st.sampled_from([None, "AWS", "Twitch"]),
)
def test_any_request_gives_a_consistent_chart_or_value_error(kind, companies, start, end, bucket, limit, industry,
                                                              division):  # fmt: skip
    try:
        chart = build_chart(_PROPERTY_DB, kind=kind, companies=companies, start=start, end=end, bucket=bucket,
                            limit=limit, industry=industry, division=division)  # fmt: skip
    except ValueError:
        distinct = {c.casefold() for c in companies}
        assert (kind == "company_over_time" and len(distinct) != 1) or (kind == "compare" and not distinct)
        return
    for series in chart.series:
        assert len(series.values) == len(series.undisclosed) == len(chart.labels)
        assert all(v >= 0 for v in series.values) and all(u >= 0 for u in series.undisclosed)
    assert chart.start is not None and chart.end is not None and chart.start <= chart.end
    assert chart.footnote.startswith("Source: layoffs.fyi and curated sources · data as of ")
    if kind == "top_companies":
        assert len(chart.labels) <= max(1, limit)
        assert chart.series[0].values == sorted(chart.series[0].values, reverse=True)
