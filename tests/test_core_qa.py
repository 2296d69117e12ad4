"""Regressions found by asking the console bot like real users (QA pass on the shipped data),
reproduced on the fixture database.  Expected figures are computed by hand from
tests/fixtures_core.py (today 2026-02-15, data as of 2026-02-01)."""

from __future__ import annotations

import pytest
from fixtures_core import TODAY, build_fixture_db

from bot.engine import Engine
from bot.nlu.companies import CompanyIndex
from bot.nlu.text import clean


@pytest.fixture(scope="module")
def db():
    db = build_fixture_db()
    # A company whose name without punctuation is a question word: "D-ID" -> "did".
    db["companies"].insert({"id": 99, "name": "D-ID", "industry": "AI", "country": "Israel"})
    db["aliases"].insert({"alias": "d-id", "display": "D-ID", "company_id": 99, "division": None, "ambiguous": 0})
    # An alias made of a company and an industry word; a company named after an industry.
    db["aliases"].insert({"alias": "microsoft gaming", "display": "Microsoft Gaming", "company_id": 4,
                          "division": "Gaming", "ambiguous": 0})
    db["companies"].insert({"id": 98, "name": "Crypto.com", "industry": "Crypto", "country": "Singapore"})
    db["companies"].insert({"id": 97, "name": "Foodsby", "industry": "Food", "country": "United States"})
    # A shutdown: 100% of D-ID (made up for the test), 2024-05-01.
    db["events"].insert({"id": 99, "company_id": 99, "date": "2024-05-01", "count": 120, "percentage": 100.0,
                         "percentage_basis": "company", "status": "confirmed", "source": "https://example.com/d-id",
                         "unsourced": 0, "industry": "AI", "country": "Israel", "date_added": "2024-05-01",
                         "origin": "curated"})
    return db


@pytest.fixture(scope="module")
def engine(db) -> Engine:
    return Engine(db, today=TODAY)


@pytest.mark.parametrize(
    ("text", "companies"),
    [
        ("what % did amazon cut", ["Amazon"]),
        ("what % did Amazon cut?", ["Amazon"]),
        ("how many - did meta cut", ["Meta"]),
        ("D-ID layoffs", ["D-ID"]),
    ],
    ids=["percent-did", "percent-did-caps", "dash-did", "the-real-d-id"],
)
def test_a_question_word_is_never_a_company_without_its_punctuation(db, text: str, companies: list[str]) -> None:
    display, normalized = clean(text)
    assert CompanyIndex(db).resolve(normalized, display).companies == companies


def test_percent_question_with_did_is_a_percent_answer(engine: Engine) -> None:
    reply = engine.answer("what % did amazon cut")
    assert reply.intent == "percent"
    assert reply.understood.companies == ["Amazon"]
    # Amazon's newest round with a percentage: 2026-01-28, 10% of corporate staff (16,000).
    assert "10% of corporate staff" in reply.headline


def test_a_division_share_names_its_division(engine: Engine) -> None:
    # Microsoft rounds with a percentage, newest first: 2025-07-02 4%, 2025-05-13 3%,
    # 2024-01-25 8% of Gaming (division basis), 2023-01-18 5%.
    reply = engine.answer("what % of its workforce did Microsoft cut?")
    assert "8% of Gaming on 25 Jan 2024" in reply.headline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # last week of 2026-02-15 is 2-8 Feb 2026, after the data's as-of date (1 Feb 2026).
        ("Amazon layoffs last week", "before this period starts"),
        ("any layoffs last week?", "before this period starts"),
        # this month: 1-15 Feb 2026; the data reaches its first day only.
        ("layoffs this month", "only covered up to then"),
        ("who cut the most this year", "only covered up to then"),
        ("compare amazon and meta this year", "only covered up to then"),
    ],
)
def test_a_period_past_the_data_says_so(engine: Engine, text: str, expected: str) -> None:
    reply = engine.answer(text)
    assert any(expected in note and "1 Feb 2026" in note for note in reply.notes), reply.notes
    assert expected in reply.text


@pytest.mark.parametrize("text", ["Amazon layoffs in 2025", "layoffs since 2022", "who cut the most in 2023", "Meta layoffs"])
def test_a_period_within_the_data_has_no_coverage_note(engine: Engine, text: str) -> None:
    assert not any("Our data runs to" in note for note in engine.answer(text).notes)


@pytest.mark.parametrize("text", ["thanks!", "thank you", "cheers"])
def test_thanks_gets_a_short_reply(engine: Engine, text: str) -> None:
    reply = engine.answer(text)
    assert reply.headline.startswith("You're welcome")
    assert "Examples:" not in reply.text


def test_thanks_inside_a_question_is_still_the_question(engine: Engine) -> None:
    assert engine.answer("thanks, and how many has Amazon cut?").intent == "total"


def test_off_topic_about_a_company_suggests_its_layoff_questions(engine: Engine) -> None:
    reply = engine.answer("what is Amazon's revenue?")
    assert reply.intent == "unknown"
    assert "only answer questions about its layoffs" in reply.headline
    assert reply.suggestions[0] == "how many has Amazon cut?"
    assert reply.total is None


@pytest.mark.parametrize("text", ["is Amazon hiring again after the layoffs?", "Amazon layoffs and hiring in 2023"])
def test_layoff_words_keep_a_question_in_scope(engine: Engine, text: str) -> None:
    assert engine.answer(text).intent != "unknown"


def test_biggest_round_headline_names_it_and_the_cumulative_announcement(engine: Engine) -> None:
    reply = engine.answer("what was amazon's biggest layoff")
    assert reply.headline.startswith("Amazon's largest round in our data: 16,000 on 28 Jan 2026.")
    # 2023-01-04 was announced as 18,000 including Nov 2022's 10,000: larger as announced, 8,000 new.
    assert "announcement of 18,000" in reply.headline and "new part was 8,000" in reply.headline
    assert "In all: 57,100 jobs in 6 rounds, plus 1 round of undisclosed size." in reply.headline


def test_top_n_rounds_headline_lists_them(engine: Engine) -> None:
    reply = engine.answer("top 3 biggest amazon layoffs")
    assert "16,000 (28 Jan 2026), 14,000 (28 Oct 2025) and 10,000 (16 Nov 2022)" in reply.headline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the fixture's oldest round is Snap, 2022-08-31
        ("layoffs in 2019", "Our data starts on 31 Aug 2022"),
        ("Amazon layoffs before 2021", "Our data starts on 31 Aug 2022"),
        ("layoffs since 2030", "before this period starts"),
    ],
)
def test_a_period_outside_the_data_says_so(engine: Engine, text: str, expected: str) -> None:
    assert any(expected in note for note in engine.answer(text).notes)


def test_an_industry_word_inside_a_division_alias_is_the_division(engine: Engine) -> None:
    # Microsoft / Gaming in 2024: 1,900 (2024-01-25); "gaming" is also an industry synonym.
    reply = engine.answer("microsoft gaming layoffs 2024")
    assert (reply.understood.companies, reply.understood.division, reply.understood.industry) == (["Microsoft"], "Gaming", None)
    assert reply.total == 1900


def test_a_company_named_after_an_industry_is_the_company(engine: Engine) -> None:
    reply = engine.answer("crypto.com layoffs")
    assert reply.understood.companies == ["Crypto.com"]
    assert reply.understood.industry is None


def test_an_industry_word_with_a_company_is_not_a_filter(engine: Engine) -> None:
    # Amazon is filed under Retail: "fintech" would leave none of its rounds. All of Amazon, said so.
    reply = engine.answer("Amazon fintech layoffs")
    assert reply.understood.industry is None
    assert reply.total == 57100
    assert any("no “fintech” division for Amazon" in note for note in reply.notes)


def test_a_division_with_only_shared_rounds_says_so_in_the_headline(engine: Engine) -> None:
    # AWS in 2023: 2023-03-20 (9,000 across AWS, Twitch, Advertising, PXT) and 2023-04-26 (AWS alone,
    # undisclosed): one shared round and one undisclosed round, so the general wording.
    reply = engine.answer("AWS layoffs in 2023")
    assert reply.headline.startswith("No known count for Amazon (AWS) between 1 Jan 2023 and 31 Dec 2023: 2 rounds")
    # Twitch, all time: only the shared 2023-03-20 round.
    reply = engine.answer("Twitch layoffs")
    assert (reply.total, reply.undisclosed_rounds) == (0, 1)
    assert "part of 1 round across several divisions, 9,000 jobs across all their divisions; Twitch's share" in reply.headline


def test_suggestions_are_not_repeated(engine: Engine) -> None:
    reply = engine.answer("any upcoming layoffs")
    assert len(reply.suggestions) == len(set(reply.suggestions))


@pytest.mark.parametrize(
    ("text", "name"),
    [("how many did nvidia cut", "nvidia"), ("layoffs at Anthropic", "Anthropic"), ("openai layoffs in 2023", "openai"),
     ("Nvidia's layoffs", "Nvidia")],
)
def test_an_unknown_company_is_never_answered_with_the_market_total_silently(engine: Engine, text: str, name: str) -> None:
    reply = engine.answer(text)
    assert reply.understood.companies == []
    # Issue 15: no figure at all for a name we don't have (not the market's, even with a disclaimer).
    assert (reply.intent, reply.total, reply.rows, reply.chart) == ("unknown", None, [], None)
    assert reply.headline.startswith(f"I don't have “{name}” in our data")
    assert "layoffbot data add" in reply.text


def test_an_unknown_company_as_a_follow_up_is_not_the_previous_company(engine: Engine) -> None:
    engine.answer("Amazon layoffs", conversation="qa-nvidia")
    reply = engine.answer("what about nvidia?", conversation="qa-nvidia")
    assert reply.intent == "unknown"
    assert reply.understood.companies == []
    assert reply.headline.startswith("I don't have “nvidia” in our data: no layoffs are recorded under that name")


@pytest.mark.parametrize(
    "text", ["startup layoffs", "covid layoffs", "layoffs at startups", "big tech layoffs", "layoffs in Berlin",
             "how many tech jobs were cut in 2023?", "who cut the most in 2023?", "latest layoffs"],
)
def test_topic_words_are_not_unknown_companies(engine: Engine, text: str) -> None:
    assert "I don't have" not in engine.answer(text).headline


def test_an_overview_by_month_lists_each_month(engine: Engine) -> None:
    reply = engine.answer("layoffs by month in 2023")
    assert reply.intent == "overview"
    # April 2023 had only Amazon's undisclosed AWS round: "undisclosed", never "0".
    assert ("By month: January 2023 40,380 · February 2023 1,300 · March 2023 19,000 · April 2023 undisclosed · "
            "June 2023 1,000 · December 2023 1,000.") in reply.text


@pytest.mark.parametrize("text", ["which month had the most layoffs in 2023", "worst year for layoffs",
                                  "busiest quarter for fintech layoffs"])
def test_period_ranking_is_the_same_from_the_snapshot(db, text: str) -> None:
    pytest.importorskip("numpy")
    sql = Engine(db, today=TODAY)
    columnar = Engine(db, today=TODAY)
    columnar.snapshot_min_rows = 0
    a, b = sql.answer(text), columnar.answer(text)
    assert columnar._load_snapshot() is not None
    assert [(r.company, r.total, r.rounds, r.undisclosed_rounds) for r in a.rows] == \
        [(r.company, r.total, r.rounds, r.undisclosed_rounds) for r in b.rows]
    assert a.rows


def test_rank_headline_grammar_and_limit_cap(engine: Engine) -> None:
    assert engine.answer("top 1").headline.startswith("Top 1 company by jobs cut")
    reply = engine.answer("top 1000 companies")
    assert reply.understood.limit == 100
    assert "I list at most 100, not 1,000." in reply.notes
    # "top 2000" is a limit, not the year 2000
    assert engine.answer("top 2000 layoffs").understood.start is None


def test_country_phrase() -> None:
    from bot.answers.format import country_phrase

    assert [country_phrase(c) for c in ("United Kingdom", "Netherlands", "India")] == \
        ["the United Kingdom", "the Netherlands", "India"]


def test_combined_compare_says_the_sum(engine: Engine) -> None:
    # Meta all time 11000+10000+3600+1500 = 26100; Google 12000 (+1 undisclosed, 2024-01-10)
    reply = engine.answer("how many did meta and google cut combined")
    assert reply.intent == "compare"
    assert "Together: 38,100 (+1 undisclosed)." in reply.headline
    assert "Together" not in engine.answer("meta vs google").headline


@pytest.mark.parametrize("text", ["companies that shut down", "which startups shut down in 2024",
                                  "which companies cut 100% of staff", "how many companies went bankrupt in 2024?"])
def test_shutdowns_are_the_rounds_that_cut_everyone(engine: Engine, text: str) -> None:
    reply = engine.answer(text)
    assert reply.intent == "percent"
    assert reply.headline.startswith("1 company shut down (cut 100% of staff)")
    assert [(r.company, r.count) for r in reply.rows] == [("D-ID", 120)]


def test_no_shutdowns_in_a_period_says_so(engine: Engine) -> None:
    assert engine.answer("which startups shut down in 2023").headline.startswith("0 companies shut down")


def test_an_ambiguous_alias_is_never_an_unknown_company() -> None:
    # The shipped data flags "oracle" (also "intel", "apple") as an ordinary-word alias.
    db = build_fixture_db()
    db.execute("UPDATE aliases SET ambiguous = 1 WHERE alias = 'oracle'")
    engine = Engine(db, today=TODAY)
    reply = engine.answer("what are the rumours about oracle")
    assert reply.understood.companies == ["Oracle"]
    assert reply.intent == "planned"
    assert "I don't have" not in engine.answer("tell me about oracle").headline


def test_about_the_data_gives_its_size_and_span() -> None:
    engine = Engine(build_fixture_db(), today=TODAY)
    reply = engine.answer("where does your data come from?")
    # 36 rows in the fixture less 1 retracted (Amazon 2024-02-01), 1 planned (Amazon 2026-06-01),
    # 2 rumoured (Oracle, Google 2025-02-27) and 1 part of another round (Intel 2025-07-15): 31 rounds
    # at 14 companies (Oracle has only a rumour); oldest 2022-08-31 (Snap), as of 2026-02-01.
    assert reply.headline == ("My data: 31 confirmed or reported layoff rounds at 14 companies, "
                              "from 31 Aug 2022 to 1 Feb 2026.")
    columnar = Engine(build_fixture_db(), today=TODAY)
    columnar.snapshot_min_rows = 0
    if columnar._load_snapshot() is not None:
        assert columnar.answer("where does your data come from?").headline == reply.headline
    assert engine.answer("how many layoffs are in your data for 2023?").intent == "overview"


def test_rounds_headline_does_not_count_a_filing_inside_a_round_as_a_round(engine: Engine) -> None:
    # Intel: 2024-08-01 (15,000), 2025-04-23 (22,000) and the 2025-07-15 WARN filings (5,000, part of April's).
    reply = engine.answer("list Intel's layoffs")
    assert reply.headline == ("Intel: 2 rounds in our data, 37,000 jobs in total. Also listed: 1 filing that is "
                              "part of a round already counted.")
    assert len(reply.rows) == 3


def test_a_prefix_of_a_longer_name_is_no_did_you_mean(engine: Engine) -> None:
    reply = engine.answer("whole foods layoffs")
    assert not reply.extra.get("did_you_mean")
    assert reply.headline.startswith("I don't have “foods” in our data")
    assert engine.answer("Amazn layoffs").extra["did_you_mean"][0]["company"] == "Amazon"


@pytest.mark.parametrize(("text", "country"), [("us layoffs 2023", "United States"), ("layoffs in the us", "United States"),
                                               ("tell us about layoffs", None), ("give us the top 5", None)])
def test_lower_case_us(engine: Engine, text: str, country: str | None) -> None:
    assert engine.answer(text).understood.country == country


@pytest.mark.parametrize("text", ["companies that shut down", "which startups shut down in 2024", "is 2024 worse than 2023",
                                  "fintech shutdowns"])
def test_snapshot_paths_match_sql(db, text: str) -> None:
    pytest.importorskip("numpy")
    sql = Engine(db, today=TODAY)
    columnar = Engine(db, today=TODAY)
    columnar.snapshot_min_rows = 0
    a, b = sql.answer(text), columnar.answer(text)
    assert columnar._load_snapshot() is not None
    assert a.headline == b.headline
    assert [r.to_dict() if hasattr(r, "to_dict") else r for r in a.rows] == [r.to_dict() if hasattr(r, "to_dict") else r for r in b.rows]


def test_rank_threshold_headline(engine: Engine) -> None:
    # 2023 totals: Amazon 17000, Google 12000, Meta 10000, Microsoft 10000, Salesforce 8000, PayPal 2000, ...
    reply = engine.answer("who cut at least 10000 in 2023")
    assert reply.headline.startswith("4 companies cut at least 10,000 jobs between 1 Jan 2023 and 31 Dec 2023:")
    reply = engine.answer("companies that cut more than 10000 jobs in 2023")
    assert reply.headline.startswith("2 companies cut more than 10,000 jobs")


def test_rank_threshold_is_the_same_from_the_snapshot(db) -> None:
    pytest.importorskip("numpy")
    columnar = Engine(db, today=TODAY)
    columnar.snapshot_min_rows = 0
    text = "who cut at least 10000 in 2023"
    assert columnar.answer(text).headline == Engine(db, today=TODAY).answer(text).headline


def test_industry_word_note_with_two_companies_names_no_company(engine: Engine) -> None:
    reply = engine.answer("aws vs google fintech")
    assert "I have no “fintech” division: this counts whole companies." in reply.notes


def test_a_plan_since_confirmed_is_not_called_pending_in_a_total() -> None:
    db = build_fixture_db()
    # Amazon's plan of 2026-06-01 becomes part of a confirmed round: no longer a pending plan.
    db.execute("UPDATE events SET date = '2026-01-20', part_of_event_id = 8 WHERE id = 9")
    reply = Engine(db, today=TODAY).answer("Amazon layoffs")
    assert "planned or rumoured round listed apart" not in reply.headline
    assert "1 earlier plan since confirmed is listed apart." in reply.headline
    assert reply.total == 57100


def test_a_filter_word_is_removed_as_a_whole_word_only(engine: Engine) -> None:
    # "sales" (an industry) must not be cut out of "salesforce": Salesforce all time 8000 + 4000.
    reply = engine.answer("salesforce sales layoffs")
    assert reply.understood.companies == ["Salesforce"]
    assert reply.total == 12000


def test_a_second_industry_word_is_no_unknown_company(engine: Engine) -> None:
    assert "I don't have" not in engine.answer("fintech vs crypto layoffs").headline


def test_the_numbers_for_a_company_are_about_the_company(engine: Engine) -> None:
    reply = engine.answer("show me the numbers for Amazon")
    assert reply.understood.companies == ["Amazon"]
    assert reply.intent != "help"


def test_overview_of_a_long_period_shows_a_few_published_figures(engine: Engine) -> None:
    # The fixture has 4 aggregates, all inside "since 2022": 4 shown (the cap), none left out.
    reply = engine.answer("total layoffs since 2022")
    assert len(reply.extra["aggregates"]) == 4
    assert sum(line.startswith("Published:") for line in reply.text.splitlines()) == 4
    # 2023 has two aggregates covering exactly the year: both shown.
    reply = engine.answer("how many tech jobs were cut in 2023?")
    assert sum(line.startswith("Published:") for line in reply.text.splitlines()) == 2


def test_overview_caps_published_figures_of_parts_of_the_period() -> None:
    db = build_fixture_db()
    for year in (2025, 2022, 2024):
        db["aggregates"].insert({"publisher": "Crunchbase", "scope": "U.S. tech", "period_start": f"{year}-01-01",
                                 "period_end": f"{year}-12-31", "count": 1000 + year, "companies": None,
                                 "approximate": 1, "as_of": None, "source": None})
    reply = Engine(db, today=TODAY).answer("total layoffs since 2022")
    assert len(reply.extra["aggregates"]) == 7
    assert sum(line.startswith("Published:") for line in reply.text.splitlines()) == 4
    assert "… and 3 more published figures for parts of this period" in reply.text
    # the latest first: 2025 (Crunchbase) and the three 2024 and 2023 ones by period start
    assert "counted about 3,025 for 1 Jan 2025 – 31 Dec 2025" in reply.text


def test_latest_with_only_a_rumour_says_none_confirmed(engine: Engine) -> None:
    reply = engine.answer("is oracle laying people off?")
    assert reply.headline.startswith("I have no confirmed or reported layoffs for Oracle")
    assert [p.status for p in reply.planned] == ["rumored"]


def test_two_companies_with_two_periods_say_which_period_was_used(engine: Engine) -> None:
    reply = engine.answer("amazon 2022 vs meta 2023")
    assert (reply.understood.start.isoformat(), reply.understood.end.isoformat()) == ("2022-01-01", "2022-12-31")
    assert any(note.startswith("Compared over 1 Jan 2022 – 31 Dec 2022 only") for note in reply.notes)


def test_this_year_so_far_is_labelled_as_such(engine: Engine) -> None:
    reply = engine.answer("amazon this year vs last year")
    # 2025: 14,000 (2025-10-28); 2026 to 15 Feb: 16,000 (2026-01-28)
    assert reply.headline.startswith("Amazon — 2025: 14,000 in 1 round vs 2026 (to 15 Feb): 16,000 in 1 round.")


@pytest.mark.parametrize(
    ("text", "expected_plan_dates"),
    [
        # The period reaches today (2026-02-15): later plans are news and are listed.
        pytest.param("latest layoffs", {"2026-06-01", "2026-03-05"}, id="open-period-lists-later-plans"),
        # A past period lists only the plans dated within it (Google's rumour of 2025-02-27).
        pytest.param("latest layoffs in 2025", {"2025-02-27"}, id="past-period-keeps-its-end"),
        pytest.param("latest layoffs in 2022", set(), id="past-period-without-plans"),
    ],
)
def test_latest_lists_plans_like_every_other_answer(engine: Engine, text: str, expected_plan_dates: set[str]) -> None:
    reply = engine.answer(text, today=TODAY)
    assert reply.intent == "latest"
    assert {r.date.isoformat() for r in reply.planned} >= expected_plan_dates
    if reply.understood.end is not None and reply.understood.end < TODAY:
        assert all(r.date <= reply.understood.end for r in reply.planned)
