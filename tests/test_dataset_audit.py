"""The shipped dataset against ``major_events.md``, row by row (the audit of the curated layer).

Each numbered row of major_events.md is one parameter of :data:`MAJOR_ROUNDS` (id = row number,
company, date), with the figures the database must hold: the round's own (incremental) count,
the announced count of a cumulative announcement, the percentage and its basis, status,
division and every source URL major_events.md gives.  The yearly-totals table is
:data:`PUBLISHED`; the traps (cumulative, overlapping, planned, rumoured rows) and the "Not
verified" list have their own tests.  Decisions taken in the audit are pinned here too: a
round is dated by its announcement (Meta's 2025 cut: announced 2025-01-14, carried out from
2025-02-10), a bound ("<5%", "up to 10%") is not stored as a percentage, an estimated count
says so in its note.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.data.dataset import _same_page
from bot.data.db import SUMMED_STATUSES

from fixtures_data import events_by

SUMMED = tuple(SUMMED_STATUSES)
BASE_AS_OF = "2026-01-28"


def _round(db, company: str, date: str) -> dict[str, Any]:
    rows = [e for e in events_by(db, company) if e["date"] == date]
    assert len(rows) == 1, f"{company} {date}: {len(rows)} rows"
    return rows[0]


def _sources(event: dict[str, Any]) -> list[str]:
    return [s for s in [event["source"], *(event["other_sources"] or "").split()] if s]


def _links(event: dict[str, Any], url: str) -> bool:
    """major_events.md sometimes quotes a URL without its tracking suffix (or cut short)."""
    return any(s == url or s.startswith(url) or _same_page(s, url) for s in _sources(event))


def _row(n, company, date, count, announced, pct, basis, status, division, *sources, note=()):
    return pytest.param(
        company, date, count, announced, pct, basis, status, division, sources, note,
        id=f"{n:02d}-{company.lower()}-{date}",
    )


# fmt: off
MAJOR_ROUNDS = [
    _row(1, "X", "2022-11-04", 3700, None, 50, "company", "reported", None,
         "https://ca.sports.yahoo.com/news/elon-musk-billionaire-says-had-004106171.html",
         "https://bgr.com/tech/elon-musk-begins-massive-layoffs-at-twitter/"),
    _row(2, "Meta", "2022-11-09", 11000, None, 13, "company", "confirmed", None,
         "https://www.npr.org/2022/11/09/1135619179/meta-lays-off-11-thousand-workers",
         "https://www.sfexaminer.com/news/facebook-parent-meta-layoffs-hit-big-tech/article_6d7f0260-6048-11ed-a5d1-d3d94a6d4115.html"),
    _row(3, "Amazon", "2022-11-16", 10000, None, 3, "corporate", "reported", "Devices & Books; PXT",
         "https://variety.com/2023/digital/news/amazon-layoffs-18000-employees-ceo-confirms-1235479353/",
         note=("2022-11-14", "layoffs.fyi stores 3%")),
    _row(4, "Cisco", "2022-11-16", 4100, None, 5, "company", "reported", None,
         "https://www.bizjournals.com/sanjose/news/2022/11/16/cisco-announces-600m-restructuring-layoffs.html"),
    _row(5, "Salesforce", "2023-01-04", 8000, None, 10, "company", "confirmed", None,
         "https://www.sfexaminer.com/news/breaking-news-8000-layoffs-at-sfs-saleforce/article_7b91dc52-8c4d-11ed-b364-f7983ce9f878.html",
         "https://www.washingtonpost.com/technology/2023/01/04/salesforce-layoffs/", note=("7,350",)),
    _row(6, "Amazon", "2023-01-04", 8000, 18000, None, None, "confirmed", "Stores; PXT",
         "https://variety.com/2023/digital/news/amazon-layoffs-18000-employees-ceo-confirms-1235479353/",
         note=("1.2%", "layoffs.fyi stores 2%")),
    _row(7, "Microsoft", "2023-01-18", 10000, None, None, None, "confirmed", None,
         "https://fortune.com/2023/01/18/microsoft-layoffs-10000-jobs/", note=("less than 5%", "layoffs.fyi stores 5%")),
    _row(8, "Google", "2023-01-20", 12000, None, 6, "company", "confirmed", None,
         "https://www.washingtonpost.com/business/2023/01/20/google-layoffs-jobs-announcement/",
         "https://fortune.com/2023/01/20/alphabet-layoffs-google-sundar-pichai-takes-full-responsibility-in-email-to-staff/"),
    _row(9, "SAP", "2023-01-26", 3000, None, 3, "company", "reported", None,
         "https://www.cnbc.com/2023/01/26/sap-to-cut-3000-roles-explore-sale-of-qualtrics-stake.html"),
    _row(10, "PayPal", "2023-01-31", 2000, None, 7, "company", "reported", None,
         "https://www.cnbc.com/2023/01/31/paypal-to-lay-off-2000-employees-in-coming-weeks-about-7percent-of-workforce.html"),
    _row(11, "Dell", "2023-02-06", 6650, None, 5, "company", "reported", None,
         "https://www.bloomberg.com/news/articles/2023-02-06/dell-dell-lays-off-about-6-650-employees-in-latest-tech-cut"),
    _row(12, "Ericsson", "2023-02-24", 8500, None, 8, "company", "reported", None,
         "https://www.reuters.com/business/media-telecom/ericsson-lay-off-8500-employees-memo-2023-02-24/"),
    _row(13, "Meta", "2023-03-14", 10000, None, None, None, "confirmed", None,
         "https://www.marketbeat.com/articles/meta-announces-10000-additional-layoffs-and-eliminates-5000-job-postings-2023-03-14/",
         "https://www.unionleader.com/news/business/meta-plans-to-lay-off-10-000-workers-with-cuts-beginning-in-hr/article_c5bb4bca-b674-553a-99b6-05fa4e3ba998.html",
         note=("5,000 open roles",)),
    _row(14, "Amazon", "2023-03-20", 9000, None, None, None, "confirmed", "AWS; Twitch; Advertising; PXT",
         "https://queondamagazine.com/a-comprehensive-list-of-2023-tech-layoffs",
         "https://www.cnbc.com/2023/03/20/amazon-layoffs-company-to-cut-off-9000-more-workers.html"),
    _row(15, "Indeed", "2023-03-22", 2200, None, 15, "company", "reported", None,
         "https://www.indeed.com/press/releases/a-message-from-our-ceo-chris-hyams"),
    _row(16, "Lyft", "2023-04-21", 1072, None, 26, "company", "reported", None,
         "https://www.cnbc.com/2023/04/27/lyft-layoffs-company-to-cut-1072-employees-or-26percent-of-its-workforce.html",
         note=("2023-04-27",)),
    # Curation review: 8,000 positions affected (buyouts, retraining, cuts), layoffs among them undisclosed.
    _row(17, "SAP", "2024-01-23", None, 8000, None, None, "reported", None,
         "https://www.cnbc.com/2024/01/23/sap-plans-job-changes-or-buyouts-for-8000-employees-in-restructuring-plan.html",
         note=("buyouts", "not 8,000 layoffs", "count basis")),
    _row(18, "Microsoft", "2024-01-25", 1900, None, None, None, "confirmed", "Gaming",
         "https://www.gottabemobile.com/how-to-track-tech-layoffs/",
         "https://www.theverge.com/2024/1/25/24049050/microsoft-activision-blizzard-layoffs",
         note=("Activision Blizzard",)),
    _row(19, "PayPal", "2024-01-30", 2500, None, 9, "company", "reported", None,
         "https://www.bloomberg.com/news/articles/2024-01-30/paypal-to-cut-around-2-500-jobs-as-rivals-snag-market-share"),
    _row(20, "Cisco", "2024-02-14", 4250, None, 5, "company", "reported", None,
         "https://www.cnbc.com/2024/02/14/cisco-cutting-5percent-of-global-workforce-in-restructuring-move.html"),
    _row(21, "Tesla", "2024-04-15", 14000, None, 10, "company", "confirmed", None,
         "https://theloadstar.com/cnbc-tesla-will-lay-off-more-than-10-of-global-workforce-read-the-elon-musk-memo/",
         "https://www.livemint.com/companies/news/tesla-layoffs-elon-musk-s-firm-global-positions-amid-slowdown-in-ev-demand-11713189302338.html",
         note=("ESTIMATED", "more than 10%", "lower bound")),
    _row(22, "Intel", "2024-08-01", 15000, None, 15, "company", "confirmed", None,
         "https://www.gamesindustry.biz/intel-announces-layoffs-of-around-15000-staff",
         "https://www.intel.com/content/www/us/en/newsroom/news/actions-accelerate-our-progress.html",
         note=("about 12%",)),
    _row(23, "Cisco", "2024-08-09", 5600, None, 7, "company", "reported", None,
         "https://techcrunch.com/2024/09/17/ciscos-second-layoff-of-2024-affect-thousands-of-employees/"),
    _row(24, "Meta", "2025-01-14", 3600, None, 5, "company", "confirmed", None,
         "https://abc7.com/post/meta-layoffs-thousands-facebook-employees-silicon-valley-based-company-laid-off/15889585/",
         "https://news.az/news/meta-to-cut-5-of-workforce-targeting-low-performers",
         note=("Announced 2025-01-14", "2025-02-10", "lowest performers")),
    _row(25, "Workday", "2025-02-05", 1750, None, 8, "company", "reported", None,
         "https://www.cnbc.com/2025/02/05/workday-to-cut-1750-jobs-in-ai-push.html"),
    _row(26, "Intel", "2025-04-23", 22000, None, 20, "company", "reported", None,
         "https://www.bloomberg.com/news/articles/2025-04-23/intel-to-announce-plans-this-week-to-cut-more-than-20-of-staff",
         "https://particle.news/story/october-us-layoff-announcements-jump-to-153000-as-companies-lean-on-ai-and-automation",
         note=("more than 20%", "25,000", "part of this plan")),
    _row(27, "Microsoft", "2025-05-13", 6000, None, 3, "company", "confirmed", None,
         "https://www.bastillepost.com/global/article/4995635-microsoft-announces-another-mass-layoff-thousands-of-workers-affected",
         "https://www.cnbc.com/2025/05/13/microsoft-is-cutting-3percent-of-workers-across-the-software-company.html"),
    _row(28, "Microsoft", "2025-07-02", 9000, None, None, None, "confirmed", None,
         "https://www.bastillepost.com/global/article/4995635-microsoft-announces-another-mass-layoff-thousands-of-workers-affected",
         "https://www.k923orlando.com/news/trending/microsoft-lay-off-9000-employees/MIDQH3JCCRDUBGW2ITWMPKHITE/",
         note=("less than 4%", "King", "830 in Redmond")),
    # Curation review: a headcount change (support 9,000 -> 5,000) told on a podcast, not an announced round.
    _row(29, "Salesforce", "2025-08-31", None, 4000, None, None, "reported", "Customer Support",
         "https://news.abplive.com/business/layoffs-salesforce-job-cuts-marc-benioff-ai-replaces-human-jobs-1797842/amp",
         "https://azat.tv/en/salesforce-ceo-marc-benioff-ai-layoffs", note=("9,000 to 5,000", "headcount change")),
    _row(30, "Meta", "2025-10-22", 600, None, None, None, "confirmed", "Superintelligence Labs",
         "https://www.cnbc.com/2025/10/22/meta-layoffs-ai.html",
         "https://particle.news/story/october-us-layoff-announcements-jump-to-153000-as-companies-lean-on-ai-and-automation"),
    _row(31, "Amazon", "2025-10-28", 14000, None, 4, "corporate", "confirmed", None,
         "https://www.wdbo.com/news/national/amazon-set-cut-14000-jobs-corporate-workforce/CC4J4D4NXQ6VFHABVSAR5OGUMM/",
         "https://www.newsmax.com/finance/streettalk/amazon-layoff-ai/2025/10/28/id/1232102/",
         "https://www.virtue.news/amazon-announces-14-000-job-cuts-in-corporate-restructuring-eyes-up-to-30-000-total",
         note=("~1% of all staff", "layoffs.fyi stores 1%", "up to 30,000")),
    _row(32, "Synopsys", "2025-11-12", 2000, None, 10, "company", "reported", None,
         "https://www.reuters.com/business/world-at-work/synopsys-cut-about-10-its-workforce-2025-11-12/"),
    _row(33, "HP", "2025-11-25", 4000, None, None, None, "reported", None,
         "https://www.wsj.com/tech/hp-to-cut-up-to-10-of-workforce-as-part-of-ai-push-a2c198da",
         note=("up to 10%",)),
    _row(34, "Meta", "2026-01-13", 1500, None, 10, "division", "reported", "Reality Labs",
         "https://www.nerdwallet.com/finance/learn/tech-layoffs",
         "https://www.nytimes.com/2026/01/12/technology/meta-layoffs-reality-labs.html", note=("~2% of Meta",)),
    _row(35, "Autodesk", "2026-01-22", 1000, None, 7, "company", "reported", None,
         "https://www.reuters.com/business/world-at-work/autodesk-lay-off-about-7-workforce-2026-01-22/"),
    _row(36, "Amazon", "2026-01-28", 16000, 30000, 10, "corporate", "confirmed", "AWS; Retail; Prime Video; PXT",
         "https://www.livemint.com/companies/news/amazon-layoffs-tech-giant-to-cut-16-000-jobs-in-second-round-in-next-three-months-amid-ai-expansion-plans-11769598253515.html",
         "https://evrimagaci.org/gpt/amazon-cuts-16000-jobs-in-largest-layoff-yet-525816",
         "https://www.aboutamazon.com/news/company-news/amazon-layoffs-corporate-jan-2026",
         note=("30,000 since October", "Project Dawn")),
    _row(37, "Oracle", "2026-03-05", None, None, None, None, "rumored", None,
         "https://www.channelnewsasia.com/business/oracle-plans-thousands-job-cuts-data-center-costs-rise-bloomberg-news-reports-5974786",
         note=("thousands", "Unverified")),
]
# fmt: on


@pytest.mark.parametrize(
    ("company", "date", "count", "announced", "pct", "basis", "status", "division", "sources", "note"), MAJOR_ROUNDS
)
def test_major_round(built_db, company, date, count, announced, pct, basis, status, division, sources, note) -> None:
    event = _round(built_db, company, date)
    got = (event["count"], event["announced_count"], event["percentage"], event["percentage_basis"], event["status"], event["division"])
    assert got == (count, announced, pct, basis, status, division)
    missing = [url for url in sources if not _links(event, url)]
    assert not missing, f"sources missing: {missing}"
    assert event["unsourced"] == 0 and event["source"].startswith("https://")
    for words in note:
        assert words.lower() in (event["note"] or "").lower(), words


# --------------------------------------------------------------------------- counting traps


def _summable(db, company: str, start: str, end: str) -> list[dict[str, Any]]:
    return [
        e for e in events_by(db, company)
        if start <= e["date"] <= end and e["status"] in SUMMED and e["part_of_event_id"] is None
    ]


def test_amazon_18000_contains_november_and_is_never_a_second_row(built_db) -> None:
    november, january = _round(built_db, "Amazon", "2022-11-16"), _round(built_db, "Amazon", "2023-01-04")
    assert january["includes_event_id"] == november["id"]
    assert november["count"] + january["count"] == january["announced_count"] == 18000
    assert not [e for e in events_by(built_db, "Amazon") if e["count"] == 18000]


def test_amazon_30000_since_october_contains_october_and_is_never_a_second_row(built_db) -> None:
    october, january = _round(built_db, "Amazon", "2025-10-28"), _round(built_db, "Amazon", "2026-01-28")
    assert january["includes_event_id"] == october["id"]
    assert october["count"] + january["count"] == january["announced_count"] == 30000
    assert not [e for e in events_by(built_db, "Amazon") if e["count"] == 30000]
    curated = [e for e in _summable(built_db, "Amazon", "2025-10-01", "2026-01-31") if e["curation_key"]]
    assert [(e["date"], e["count"]) for e in curated] == [("2025-10-28", 14000), ("2026-01-28", 16000)]


def test_amazon_2026_plan_is_shown_apart_and_linked(built_db) -> None:
    plan = _round(built_db, "Amazon", "2026-01-22")
    confirmed = _round(built_db, "Amazon", "2026-01-28")
    assert (plan["status"], plan["count"], plan["part_of_event_id"]) == ("planned", None, confirmed["id"])
    assert plan["division"] == "AWS; Advertising; Retail"
    assert len(_sources(plan)) >= 2


@pytest.mark.parametrize(
    ("company", "date", "parent_date", "status"),
    [
        pytest.param("Intel", "2025-07-11", "2025-04-23", "reported", id="intel-warn-5000-in-22000-plan"),
        pytest.param("Microsoft", "2025-06-24", "2025-07-02", "planned", id="microsoft-xbox-plan-report-in-9000"),
        pytest.param("Microsoft", "2025-07-14", "2025-07-02", "reported", id="king-200-in-microsoft-9000"),
        pytest.param("Amazon", "2026-01-22", "2026-01-28", "planned", id="amazon-plan-in-16000"),
    ],
)
def test_overlapping_rows_are_part_of_the_round(built_db, company, date, parent_date, status) -> None:
    row, parent = _round(built_db, company, date), _round(built_db, company, parent_date)
    assert (row["part_of_event_id"], row["status"]) == (parent["id"], status)
    assert parent["part_of_event_id"] is None  # the round that counts is never itself part of another
    assert parent["status"] in SUMMED
    assert "part of" in (row["note"] or "").lower()


def test_intel_2025_counts_the_plan_once(built_db) -> None:
    counted = [e["count"] for e in _summable(built_db, "Intel", "2025-01-01", "2025-12-31") if e["count"]]
    assert 22000 in counted and 5000 not in counted


def test_king_com_rows_belong_to_microsoft(built_db) -> None:
    assert built_db.execute("SELECT count(*) FROM companies WHERE name = 'King.com'").fetchone()[0] == 0
    assert _round(built_db, "Microsoft", "2025-07-14")["division"] == "King"


# The companies scanned for the same round stored twice (curated + layoffs.fyi, or two reports).
SCANNED = ["Amazon", "Meta", "Google", "Microsoft", "Salesforce", "X", "Intel", "Cisco", "SAP", "PayPal", "Dell", "Tesla"]


@pytest.mark.parametrize("company", SCANNED)
def test_no_round_counted_twice(built_db, company: str) -> None:
    """Two summed rows of one company within 30 days with the same count are one round twice."""
    from datetime import date

    rows = [e for e in events_by(built_db, company) if e["status"] in SUMMED and e["part_of_event_id"] is None and e["count"]]
    for i, first in enumerate(rows):
        for second in rows[i + 1:]:
            apart = abs((date.fromisoformat(second["date"]) - date.fromisoformat(first["date"])).days)
            assert not (apart <= 30 and first["count"] == second["count"]), (first["date"], second["date"], first["count"])


@pytest.mark.parametrize("key", ["microsoft-2025-06-02", "hp-2025-11-25", "microsoft-2023-01-18", "microsoft-2025-07-02"])
def test_layoffs_fyi_percentages_not_kept_say_so(built_db, key: str) -> None:
    """A layoffs.fyi percentage dropped by curation (a bound, or another round's share) is named in the note."""
    (event,) = built_db.execute("SELECT percentage, note FROM events WHERE curation_key = ?", [key]).fetchall()
    assert event[0] is None
    assert "no percentage is stored" in event[1]


# --------------------------------------------------------------------------- rumours and unverified claims


def test_oracle_unverified_figures_are_not_counts(built_db) -> None:
    rumour = _round(built_db, "Oracle", "2026-03-05")
    assert rumour["count"] is None and rumour["announced_count"] is None and rumour["status"] == "rumored"
    later = [e for e in events_by(built_db, "Oracle") if e["date"] >= "2025-10-01"]
    assert [e["date"] for e in later] == ["2026-03-05"]
    assert not [e for e in events_by(built_db, "Oracle") if e["count"] in (10000, 21000, 30000)]


@pytest.mark.parametrize(
    ("company", "start"),
    [
        pytest.param("Block", "2026-02-01", id="block-4000-2026-02"),
        pytest.param("Meta", "2026-05-01", id="meta-8000-2026-05"),
        pytest.param("Coinbase", "2026-05-01", id="coinbase-14pct-2026-05"),
        pytest.param("LinkedIn", "2026-05-01", id="linkedin-5pct-2026-05"),
    ],
)
def test_not_verified_claims_are_absent(built_db, company: str, start: str) -> None:
    assert not [e for e in events_by(built_db, company) if e["date"] >= start]


def test_nothing_after_the_export_but_the_oracle_rumour(built_db) -> None:
    later = built_db.execute(
        "SELECT c.name, e.status FROM events e JOIN companies c ON c.id = e.company_id WHERE e.date > ?", [BASE_AS_OF]
    ).fetchall()
    assert later == [("Oracle", "rumored")]


# --------------------------------------------------------------------------- sources


def test_no_curated_row_links_the_same_page_twice(built_db) -> None:
    for key, source, others in built_db.execute("SELECT curation_key, source, other_sources FROM events WHERE curation_key IS NOT NULL"):
        urls = [source, *(others or "").split()]
        pages = {(u.split("://", 1)[-1].split("?")[0].split("#")[0].removeprefix("www.").rstrip("/")) for u in urls}
        assert len(pages) == len(urls), key


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("https://www.intel.com/a/b.html", "https://www.intel.com/a/b.html#gs.cgq6eg", True),
        ("https://www.bloomberg.com/x", "https://bloomberg.com/x/?srnd=homepage", True),
        ("http://example.com/a", "https://example.com/a", True),
        ("https://example.com/a", "https://example.com/b", False),
        ("https://example.com/a", "https://example.org/a", False),
    ],
    ids=["fragment", "query-www-slash", "scheme", "other-path", "other-host"],
)
def test_same_page(first: str, second: str, same: bool) -> None:
    assert _same_page(first, second) is same


# --------------------------------------------------------------------------- published totals


# (publisher, period start, period end, count, companies, approximate, as_of, source prefix)
PUBLISHED = [
    pytest.param("layoffs.fyi", "2022-01-01", "2022-12-31", 165269, 1064, 1, "2026-01-28", "https://layoffs.fyi/", id="layoffs.fyi-2022"),
    pytest.param("layoffs.fyi", "2023-01-01", "2023-12-31", 264320, 1193, 1, "2026-01-28", "https://layoffs.fyi/", id="layoffs.fyi-2023"),
    pytest.param("layoffs.fyi", "2024-01-01", "2024-12-31", 152922, 551, 0, "2026-01-28", "https://www.nerdwallet.com/", id="layoffs.fyi-2024"),
    pytest.param("layoffs.fyi", "2025-01-01", "2025-12-31", 122549, 257, 0, "2026-01-12", "https://www.nerdwallet.com/", id="layoffs.fyi-2025"),
    pytest.param("layoffs.fyi", "2026-01-01", "2026-01-28", 22668, 23, 0, "2026-01-28", "https://layoffs.fyi/", id="layoffs.fyi-2026-ytd"),
    pytest.param("Crunchbase", "2022-01-01", "2022-12-31", 93000, None, 1, None, "https://news.crunchbase.com/", id="crunchbase-2022"),
    pytest.param("Crunchbase", "2023-01-01", "2023-12-31", 191000, None, 1, "2024-06-21", "https://news.crunchbase.com/", id="crunchbase-2023"),
    pytest.param("Challenger", "2022-01-01", "2022-12-31", 97000, None, 1, None, "https://thenationonlineng.net/", id="challenger-2022"),
    pytest.param("Challenger", "2023-01-01", "2023-12-31", 168032, None, 0, "2025-01-09", "https://www.cmegroup.com/", id="challenger-2023"),
    pytest.param("Challenger", "2024-01-01", "2024-12-31", 133988, None, 0, "2025-01-09", "https://econwatcher.com/", id="challenger-2024"),
    pytest.param("Challenger", "2025-10-01", "2025-10-31", 33281, None, 0, "2025-11-06", "https://www.challengergray.com/", id="challenger-2025-10"),
]


@pytest.mark.parametrize(("publisher", "start", "end", "count", "companies", "approximate", "as_of", "source"), PUBLISHED)
def test_published_total(built_db, publisher, start, end, count, companies, approximate, as_of, source) -> None:
    rows = built_db.execute(
        "SELECT count, companies, approximate, as_of, source, note FROM aggregates"
        " WHERE publisher = ? AND period_start = ? AND period_end = ?",
        [publisher, start, end],
    ).fetchall()
    assert len(rows) == 1
    got_count, got_companies, got_approx, got_as_of, got_source, note = rows[0]
    assert (got_count, got_companies, got_approx, got_as_of) == (count, companies, approximate, as_of)
    assert got_source.startswith(source)
    if as_of is None:  # no as-of date invented: the note says what is known
        assert "no as-of date" in note


def test_every_published_total_is_listed_above(built_db) -> None:
    assert built_db.execute("SELECT count(*) FROM aggregates").fetchone()[0] == len(PUBLISHED)


# --------------------------------------------------------------------------- aliases


@pytest.mark.parametrize(
    ("alias", "company", "division"),
    [
        ("amazon", None, None),  # the canonical name itself needs no alias row
        ("amazon.com", "Amazon", None),
        ("amazon.com services llc", "Amazon", None),
        ("amazon.com services, llc", "Amazon", None),
        ("amazon web services, inc.", "Amazon", "AWS"),
        ("aws", "Amazon", "AWS"),
        ("facebook", "Meta", None),
        ("meta platforms", "Meta", None),
        ("meta platforms, inc.", "Meta", None),
        ("alphabet", "Google", None),
        ("google llc", "Google", None),
        ("twitter", "X", None),
        ("twitter, inc.", "X", None),
        ("x corp", "X", None),
        ("activision blizzard", "Microsoft", "Gaming"),
        ("king.com", "Microsoft", "King"),
        ("microsoft corp.", "Microsoft", None),
        ("hp inc.", "HP", None),
        ("oracle america, inc.", "Oracle", None),
    ],
    ids=lambda v: str(v),
)
def test_alias(built_db, alias: str, company: str | None, division: str | None) -> None:
    row = built_db.execute(
        "SELECT c.name, a.division FROM aliases a JOIN companies c ON c.id = a.company_id WHERE a.alias = ?", [alias]
    ).fetchone()
    assert row == ((company, division) if company else None)


def test_doubtful_layoffs_fyi_row_is_kept_and_flagged(built_db) -> None:
    """HP's Feb 2025 row repeats November's figures: kept for the record, but part of the November
    round (curation review), so HP's total counts the 4,000 once."""
    february, november = _round(built_db, "HP", "2025-02-28"), _round(built_db, "HP", "2025-11-25")
    assert (february["count"], november["count"]) == (4000, 4000)
    assert february["part_of_event_id"] == november["id"] and february["percentage"] is None
    assert "date_added" in february["note"] and "2025-11-25" in february["note"]
