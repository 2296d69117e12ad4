"""Personal watchlists in the core: parsing, limits, the shared matcher and the watch DMs."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import fixtures_core
from bot import admin
from bot.admin import watchlists as wl
from bot.admin.matcher import Criteria, RoundFacts, matches

P = "slack"
ADMIN = admin.Actor(P, "UADMIN")
NOW = dt.datetime(2026, 2, 16, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def db():
    database = fixtures_core.build_fixture_db()
    admin.grant(database, P, "UADMIN", by="test")
    return database


def _add(db, company: str, count: int | None, *, day: str = "2026-02-10", status: str = "reported",
         **kw: str) -> int:
    result = admin.add_round(db, ADMIN, company=company, date=day, count=None if count is None else str(count),
                             status=status, source=f"https://news.example/{company.lower()}-{day}-{count}", **kw)
    return result.event["id"]


@pytest.mark.parametrize("words, label", [
    pytest.param("Amazon", "Amazon", id="company"),
    pytest.param("fintech layoffs over 500", "Finance layoffs over 500", id="industry-and-size"),
    pytest.param("WA", "layoffs in WA (Washington)", id="state-code"),
    pytest.param("washington", "layoffs in WA (Washington)", id="state-name"),
    pytest.param("India", "layoffs in India", id="country"),
    pytest.param("Amazon 1,000+", "Amazon over 1,000", id="company-with-size"),
    pytest.param("retail layoffs in WA at least 200", "Retail layoffs in WA (Washington) over 200", id="all-three"),
])
def test_parse_watch_labels(db, words: str, label: str) -> None:
    assert wl.parse_watch(db, words)[1] == label


@pytest.mark.parametrize("criteria, facts, expected", [
    pytest.param(Criteria(company_id=1), RoundFacts(1, None, "Retail", None, "United States"), True, id="company"),
    pytest.param(Criteria(company_id=2), RoundFacts(1, 900, "Retail", None, "United States"), False, id="other-company"),
    pytest.param(Criteria(industry="Finance", min_count=500), RoundFacts(7, 500, "Finance", None, "US"), True, id="at-min"),
    pytest.param(Criteria(industry="Finance", min_count=500), RoundFacts(7, 499, "Finance", None, "US"), False, id="below"),
    pytest.param(Criteria(min_count=1), RoundFacts(7, None, "Finance", None, "US"), False, id="undisclosed-not-over"),
    pytest.param(Criteria(location="WA"), RoundFacts(1, 1, None, "Seattle", "United States"), True, id="city-of-state"),
    pytest.param(Criteria(location="WA"), RoundFacts(1, 1, None, "Olympia, WA", "United States"), True, id="code"),
    pytest.param(Criteria(location="WA"), RoundFacts(1, 1, None, "Austin", "United States"), False, id="other-state"),
    pytest.param(Criteria(location="India"), RoundFacts(8, 1, None, "Bengaluru", "India"), True, id="country"),
    pytest.param(Criteria(), RoundFacts(8, None, None, None, None), True, id="all"),
])
def test_matcher(criteria: Criteria, facts: RoundFacts, expected: bool) -> None:
    assert matches(criteria, facts) is expected


def test_commands_add_list_remove(db) -> None:
    assert "Watching Amazon" in wl.watch_command(db, P, "U1", "watch Amazon").text
    assert "already watch" in wl.watch_command(db, P, "U1", "watch amazon").text
    wl.watch_command(db, P, "U1", "watch fintech layoffs over 500")
    shown = wl.watch_command(db, P, "U1", "my watchlist")
    assert shown.lines == ["1. Amazon", "2. Finance layoffs over 500"]
    assert wl.watch_command(db, P, "U2", "my watchlist").text.startswith("Your watchlist is empty")  # per user
    assert "Amazon" in wl.watch_command(db, P, "U1", "unwatch Amazon").text
    assert wl.watch_command(db, P, "U1", "unwatch Amazon").ok is False
    assert "Finance" in wl.watch_command(db, P, "U1", "unwatch 1").text
    assert wl.list_watches(db, P, "U1") == []
    assert wl.watch_command(db, P, "U1", "how many has Amazon cut?") is None  # a question, not a command


def test_unknown_company_is_said_not_guessed(db) -> None:
    reply = wl.watch_command(db, P, "U1", "watch Amazonn")
    assert reply is not None and not reply.ok and "Amazon" in reply.text  # the suggestion
    assert wl.list_watches(db, P, "U1") == []


def test_watchlist_size_limit(db, monkeypatch) -> None:
    monkeypatch.setattr(wl, "MAX_WATCHES", 2)
    wl.watch_command(db, P, "U1", "watch Amazon")
    wl.watch_command(db, P, "U1", "watch Meta")
    full = wl.watch_command(db, P, "U1", "watch Google")
    assert not full.ok and "full" in full.text
    assert "Stopped watching: Amazon; Meta." == wl.watch_command(db, P, "U1", "unwatch all").text


def test_one_dm_per_matching_round_once(db) -> None:
    wl.watch_command(db, P, "U1", "watch Amazon")
    wl.watch_command(db, P, "U2", "watch fintech layoffs over 500")
    assert wl.pending_watch_alerts(db, P, now=NOW) == []  # the first call sets the cursor
    amazon = _add(db, "Amazon", 1234)
    _add(db, "PayPal", 300)  # Finance but under 500: nobody
    paypal = _add(db, "PayPal", 800, day="2026-02-11")
    _add(db, "Meta", 5000)  # nobody watches Meta
    dms = wl.pending_watch_alerts(db, P, now=NOW)
    assert sorted((d.channel, d.rounds[0].id) for d in dms) == [("U1", amazon), ("U2", paypal)]
    assert all(d.kind == "watch" and d.platform == P for d in dms)
    assert "1,234" in next(d.text for d in dms if d.channel == "U1")
    assert wl.pending_watch_alerts(db, P, now=NOW) == []  # a second poll: nothing again
    admin.confirm_round(db, ADMIN, amazon, count="1234", source="https://news.example/amazon-confirmed")
    (confirmed,) = wl.pending_watch_alerts(db, P, now=NOW)
    assert confirmed.channel == "U1" and "newly confirmed" in confirmed.headline
    assert wl.pending_watch_alerts(db, "discord", now=NOW) == []  # other platform: own cursor, no watchers


def test_hourly_dm_limit(db, monkeypatch) -> None:
    monkeypatch.setattr(wl, "MAX_DMS_PER_HOUR", 2)
    wl.watch_command(db, P, "U1", "watch Amazon")
    wl.pending_watch_alerts(db, P, now=NOW)
    for day in ("2026-02-01", "2026-02-02", "2026-02-03"):
        _add(db, "Amazon", 100, day=day)
    assert len(wl.pending_watch_alerts(db, P, now=NOW)) == 2  # the third is dropped, not queued
    assert wl.pending_watch_alerts(db, P, now=NOW + dt.timedelta(hours=2)) == []
    _add(db, "Amazon", 100, day="2026-02-04")
    assert len(wl.pending_watch_alerts(db, P, now=NOW + dt.timedelta(hours=2))) == 1  # a new hour, a new budget


def test_watch_a_state_gets_the_rounds_located_there(db) -> None:
    wl.watch_command(db, P, "U1", "watch WA")
    wl.pending_watch_alerts(db, P, now=NOW)
    seattle = _add(db, "Amazon", 500, location="Seattle", country="United States")
    _add(db, "Meta", 600, location="Austin", country="United States")
    (dm,) = wl.pending_watch_alerts(db, P, now=NOW)
    assert dm.rounds[0].id == seattle


def test_an_import_gives_one_dm_listing_its_matching_rounds(db) -> None:
    csv = (
        "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added\n"
        "Amazon,Seattle,700,1/20/2026,,Retail,https://example.com/a1,Post-IPO,,United States,1/21/2026\n"
        "Amazon,Seattle,300,1/25/2026,,Retail,https://example.com/a2,Post-IPO,,United States,1/26/2026\n"
        "Meta,Menlo Park,900,1/26/2026,,Consumer,https://example.com/m1,Post-IPO,,United States,1/27/2026\n"
    ).encode()
    wl.watch_command(db, P, "U1", "watch Amazon")
    wl.pending_watch_alerts(db, P, now=NOW)
    preview = admin.stage_import(db, ADMIN, "rounds.csv", csv)
    admin.confirm_import(db, ADMIN, preview.token)
    (dm,) = wl.pending_watch_alerts(db, P, now=NOW)
    assert sorted(r.count for r in dm.rounds) == [300, 700] and "2 new layoff rounds" in dm.headline


@given(company=st.one_of(st.none(), st.integers(1, 5)), round_company=st.integers(1, 5),
       minimum=st.one_of(st.none(), st.integers(0, 2000)), count=st.one_of(st.none(), st.integers(0, 2000)))
def test_matcher_properties(company: int | None, round_company: int, minimum: int | None, count: int | None) -> None:
    """A subscription's company rule (None = all) and the minimum-size rule, each on its own and together."""
    facts = RoundFacts(round_company, count, "Retail", "Seattle", "United States")
    by_company = company is None or company == round_company
    by_size = minimum is None or (count is not None and count >= minimum)
    assert matches(Criteria(company_id=company), facts) is by_company
    assert matches(Criteria(min_count=minimum), facts) is by_size
    assert matches(Criteria(company_id=company, min_count=minimum), facts) is (by_company and by_size)
