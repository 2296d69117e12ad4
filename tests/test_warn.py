"""WARN notices: layouts, dedupe of repeats/amendments/superseded notices, legal-name resolution,
unresolved names, alias add, the three question kinds, and "never summed into totals".

The fixtures in tests/data/warn/ are made-up figures in the real layouts; every expected figure
below is computed by hand from those files (the sums are written out).
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.data.aliases import add_alias
from bot.data.db import open_db
from bot.data.store import undo
from bot.data.validation import DataError, ImportRefused, ValidationError
from bot.data.warn_import import import_warn, is_warn_file
from bot.data.warn_names import LegalNameResolver, name_variants
from bot.engine import Engine
from bot.nlu.companies import CompanyIndex
from bot.nlu.warn import parse_warn

WARN = Path(__file__).parent / "data" / "warn"
TODAY = dt.date(2026, 2, 15)


def _import(db: sqlite_utils.Database, name: str, **kwargs):
    return import_warn(db, (WARN / name).read_bytes(), file_name=name, actor="test", **kwargs)


def _notices(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT * FROM warn_notices ORDER BY id"))


def _small_db() -> sqlite_utils.Database:
    """Companies and a few aliases of our own, so the name rules are tested apart from data/aliases.csv."""
    db = open_db(":memory:")
    with db.atomic():
        for company_id, name in enumerate(["Amazon", "Google", "Meta", "Salesforce", "Block", "Oracle"], start=1):
            db.execute("INSERT INTO companies (id, name) VALUES (?, ?)", [company_id, name])
        for alias, company_id, division, ambiguous in [
            ("amazon.com", 1, None, 0), ("amazon web services", 1, "AWS", 0), ("meta platforms", 3, None, 0),
            ("block", 5, None, 1),
        ]:
            db.execute("INSERT INTO aliases (alias, display, company_id, division, ambiguous) VALUES (?, ?, ?, ?, ?)",
                       [alias, alias, company_id, division, ambiguous])
    return db


_SMALL = _small_db()

# --------------------------------------------------------------------------- layouts


@pytest.mark.parametrize(
    "file_name, layout, added, repeated, states, check",
    [
        pytest.param("wa.csv", "warn-scraper WA", 7, 0, {"WA": 7},
                     {"company": "Amazon.com Services LLC", "location": "Seattle", "notice_date": "2023-01-18",
                      "effective_date": "2023-03-20", "workers": 1852, "is_closure": 0, "is_temporary": 0},
                     id="warn-scraper-WA"),
        pytest.param("ca.csv", "warn-scraper CA", 7, 0, {"CA": 7},
                     {"company": "Acme Widgets Inc.", "location": "Fresno", "notice_date": "2024-06-10",
                      "effective_date": "2024-08-09", "workers": 45, "is_closure": 1},
                     id="warn-scraper-CA"),
        pytest.param("ny.csv", "warn-scraper NY", 3, 1, {"NY": 3},
                     {"company": "Google LLC", "location": "111 8th Ave New York, NY, 10011", "notice_date": "2023-01-23",
                      "effective_date": "2023-03-24", "workers": 55, "is_temporary": 0, "is_closure": 0},
                     id="warn-scraper-NY"),
        pytest.param("tx.csv", "warn-scraper TX", 3, 0, {"TX": 3},
                     {"company": "Google LLC", "location": "Austin", "notice_date": "2023-01-20",
                      "effective_date": "2023-03-31", "workers": 24},
                     id="warn-scraper-TX"),
        pytest.param("consolidated.csv", "warn-transformer consolidated", 4, 0, {"WA": 1, "OR": 1, "CA": 1, "IL": 1},
                     {"company": "Amazon.com Services LLC", "location": "Portland", "state": "OR", "workers": 90},
                     id="warn-transformer-consolidated"),
        pytest.param("integrated.csv", "warn-transformer integrated", 3, 0, {"WA": 2, "CA": 1},
                     {"company": "Microsoft Corporation", "workers": 878, "is_superseded": 1, "is_amendment": 0},
                     id="warn-transformer-integrated"),
    ],
)
def test_each_layout_imports(built_db, file_name, layout, added, repeated, states, check) -> None:
    assert is_warn_file((WARN / file_name).read_bytes())
    report = _import(built_db, file_name)
    assert (report.layout, report.added, report.repeated_in_file, report.states) == (layout, added, repeated, states)
    assert not report.rejected and report.committed
    rows = [r for r in _notices(built_db) if all(r[k] == v for k, v in check.items() if k in ("company", "location", "state", "workers"))]
    assert len(rows) >= 1, check
    assert {k: rows[0][k] for k in check} == check
    assert all(r["source_file"] == file_name and r["import_id"] == report.import_id for r in _notices(built_db))


def test_state_sources_are_the_agency_pages(built_db) -> None:
    _import(built_db, "wa.csv")
    _import(built_db, "consolidated.csv", state="IL")
    sources = {r["state"]: r["source"] for r in _notices(built_db)}
    assert sources == {"WA": "https://esd.wa.gov/about-employees/WARN", "IL": None}


def test_state_option_filters_a_multi_state_file_and_must_match_a_state_file(built_db) -> None:
    report = _import(built_db, "consolidated.csv", state="or")
    assert (report.added, report.other_state, report.states) == (1, 3, {"OR": 1})
    with pytest.raises(ValidationError):
        _import(built_db, "wa.csv", state="CA")


def test_unknown_layout_is_refused_and_a_round_file_is_not_warn(built_db) -> None:
    with pytest.raises(ImportRefused):
        import_warn(built_db, "company,date,count\nAmazon,2023-01-01,5\n")
    assert not is_warn_file(b"company,location,total_laid_off,date\n")


def test_all_or_nothing_with_row_numbers(built_db) -> None:
    bad = (WARN / "wa.csv").read_text().replace("1852", "lots")
    report = import_warn(built_db, bad, file_name="wa.csv")
    assert report.aborted and [r.row for r in report.rejected] == [2] and report.rejected[0].field == "workers"
    assert _notices(built_db) == []
    partial = import_warn(built_db, bad, file_name="wa.csv", skip_invalid=True)
    assert partial.added == 6


def test_dry_run_writes_nothing(built_db) -> None:
    report = _import(built_db, "ca.csv", dry_run=True)
    assert report.to_add == 7 and not report.committed and _notices(built_db) == []


def test_import_is_one_audited_undoable_change(built_db) -> None:
    report = _import(built_db, "wa.csv")
    changes = list(built_db.query("SELECT action, table_name FROM changes WHERE import_id = ?", [report.import_id]))
    assert changes.count({"action": "add", "table_name": "warn_notices"}) == 7
    assert {"action": "import", "table_name": "imports"} in changes
    undo(built_db, report.change_id, actor="test")
    assert _notices(built_db) == []
    assert _import(built_db, "wa.csv").added == 7  # importable again after the undo


# --------------------------------------------------------------------------- dedupe


def test_reimport_and_other_layouts_never_duplicate(built_db) -> None:
    _import(built_db, "wa.csv")
    _import(built_db, "ca.csv")
    again = _import(built_db, "wa.csv")
    assert (again.added, again.already_in_database) == (0, 7)
    consolidated = _import(built_db, "consolidated.csv")
    # WA Amazon Seattle 1,852 (from wa.csv) and CA Google Sunnyvale 88 (from ca.csv) are the same notices.
    assert (consolidated.added, consolidated.already_in_database, consolidated.states) == (2, 2, {"OR": 1, "IL": 1})
    assert len(_notices(built_db)) == 7 + 7 + 2


def test_repeated_posting_keeps_the_later_one(built_db) -> None:
    _import(built_db, "ny.csv")
    google = [r for r in _notices(built_db) if r["company"] == "Google LLC"]
    assert [g["workers"] for g in google] == [55]  # posted 30 Jan with 60, re-posted 6 Feb with 55


def test_superseded_and_ancestor_notices_are_not_counted(built_db) -> None:
    engine = Engine(built_db, today=TODAY)
    _import(built_db, "integrated.csv")
    reply = engine.answer("WARN notices for Microsoft")
    assert reply.intent == "warn"
    assert reply.total == 1000 + 320  # not 878 + 1000 + 320: the 878 notice was amended to 1,000
    assert reply.extra["warn_counted_notices"] == 2 and len(reply.extra["warn_notices"]) == 3
    # An amendment arriving in a later file than its ancestor: the ancestor stops counting.
    old = ("hash_id,postal_code,company,location,notice_date,effective_date,jobs,is_temporary,is_closure,is_amendment\n"
           "h-old,OR,Google LLC,Portland,2024-03-01,2024-05-01,100,False,False,False\n")
    new = ("hash_id,postal_code,company,location,notice_date,effective_date,jobs,is_temporary,is_closure,is_amendment,"
           "is_superseded,likely_ancestor\n"
           "h-new,OR,Google LLC,Portland,2024-03-01,2024-05-01,120,False,False,True,False,h-old\n")
    import_warn(built_db, old, file_name="old.csv")
    assert engine.answer("WARN notices in Oregon").total == 100
    import_warn(built_db, new, file_name="new.csv")
    assert engine.answer("WARN notices in Oregon").total == 120


# --------------------------------------------------------------------------- legal names


@pytest.mark.parametrize(
    "legal, company, division, rule",
    [
        ("Amazon.com Services LLC", "Amazon", None, "business unit"),
        ("Amazon.com, Inc.", "Amazon", None, "legal form"),
        ("Amazon Web Services, Inc.", "Amazon", "AWS", "legal form"),
        ("AMAZON.COM SERVICES, L.L.C.", "Amazon", None, "business unit"),
        ("Amazon Logistics Inc.", None, None, None),
        ("Google LLC", "Google", None, "legal form"),
        ("Google Operations LLC", "Google", None, "business unit"),
        ("Meta Platforms, Inc.", "Meta", None, "legal form"),
        ("Meta Platforms Technologies, LLC", "Meta", None, "business unit"),
        ("Salesforce.com, Inc.", "Salesforce", None, "web suffix"),
        ("Oracle America, Inc.", "Oracle", None, "business unit"),
        ("Acme Corp d/b/a Google Fiber", None, None, None),
        ("Google (Kirkland campus)", "Google", None, "parenthesis"),
        ("Meta - Reality Labs", "Meta", None, "dash"),
        ("Block, Inc.", "Block", None, "legal form"),
        ("Block Services Group LLC", None, None, None),  # an ordinary word: not from business-unit words
        ("Wesley Homes", None, None, None),
        ("Hotel Managers Group", None, None, None),
        ("Metadata Services Inc", None, None, None),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_legal_name_resolution(legal, company, division, rule) -> None:
    match = LegalNameResolver(_small_db()).resolve(legal)
    if company is None:
        assert match is None
    else:
        assert match is not None and (match.company, match.division, match.rule) == (company, division, rule)


def test_name_variants_are_in_rule_order() -> None:
    assert [(form, rule) for form, rule, _ in name_variants("Amazon.com Services LLC")] == [
        ("Amazon.com Services LLC", "as filed"), ("Amazon.com Services", "legal form"), ("Amazon.com", "business unit"),
        ("Amazon Services LLC", "web suffix"), ("Amazon Services", "web suffix"), ("Amazon", "web suffix"),
    ]


def test_unresolved_names_are_reported_and_kept_unresolved(built_db) -> None:
    report = _import(built_db, "wa.csv")
    assert [(u.name, u.notices, u.workers) for u in report.unresolved] == [
        ("Norgren GT Development LLC", 1, 181), ("Wesley Homes", 1, 119),
    ]
    assert "layoffbot data alias add" in report.summary() and "Wesley Homes: 1 notice, 119 workers" in report.summary()
    assert report.resolved["Amazon Web Services Inc."] == "Amazon / AWS"
    unresolved = {r["company"] for r in _notices(built_db) if r["company_id"] is None}
    assert unresolved == {"Norgren GT Development LLC", "Wesley Homes"}
    companies = built_db.execute("SELECT count(*) FROM companies WHERE name IN ('Wesley Homes', 'Norgren GT Development')")
    assert companies.fetchone()[0] == 0  # never created as companies


def test_alias_add_resolves_imported_notices_and_is_undoable(built_db) -> None:
    engine = Engine(built_db, today=TODAY)
    _import(built_db, "tx.csv")
    before = engine.answer("WARN notices for Meta in Texas")
    assert before.total is None and "No WARN notices" in before.headline
    result = add_alias(built_db, "Meta Platforms Texas LLC", "Meta", actor="test")
    assert result["notices"] == 1
    assert engine.answer("WARN notices for Meta in Texas").total == 70
    change = built_db.execute("SELECT action, table_name, actor FROM changes WHERE id = ?", [result["change_id"]]).fetchone()
    assert tuple(change) == ("alias", "aliases", "test")
    with pytest.raises(DataError):
        add_alias(built_db, "Meta Platforms Texas LLC", "Google")
    undo(built_db, result["change_id"], actor="test")
    assert engine.answer("WARN notices for Meta in Texas").total is None
    assert built_db.execute("SELECT count(*) FROM aliases WHERE alias = 'meta platforms texas llc'").fetchone()[0] == 0


def test_cli_warn_import_alias_add_and_data_import_detection(tmp_path: Path) -> None:
    from cli.main import cli

    db_path = tmp_path / "cli.db"
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)

    assert invoke("data", "init").exit_code == 0
    out = invoke("data", "warn", "import", str(WARN / "tx.csv"))
    assert out.exit_code == 0 and "added: 3 notices (TX 3)" in out.output and "Meta Platforms Texas LLC" in out.output
    detected = invoke("data", "import", str(WARN / "wa.csv"), "--dry-run")  # `data import` hands WARN files over
    assert detected.exit_code == 0 and "warn-scraper WA layout (WARN notices)" in detected.output
    added = invoke("data", "alias", "add", "Meta Platforms Texas LLC", "Meta", "--actor", "ann")
    assert added.exit_code == 0 and "1 WARN notices resolved" in added.output
    refused = invoke("data", "alias", "add", "Some LLC", "Nosuchcompany")
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert invoke("data", "warn", "import", str(WARN / "wa.csv"), "--state", "CA").exit_code == 1
    listed = invoke("data", "warn", "unresolved")
    # TX: Cognosante 84 (Meta Platforms Texas LLC is mapped now); nothing else was imported.
    assert listed.exit_code == 0 and "1 legal name maps to no company" in listed.output
    assert "Cognosante, LLC: 1 notice, 84 workers" in listed.output


# --------------------------------------------------------------------------- questions


@pytest.fixture
def warn_engine(built_db) -> tuple[Engine, sqlite_utils.Database]:
    for name in ("wa.csv", "ca.csv", "ny.csv", "tx.csv", "consolidated.csv", "integrated.csv"):
        _import(built_db, name)
    return Engine(built_db, today=TODAY), built_db


def test_company_in_state(warn_engine) -> None:
    engine, _ = warn_engine
    reply = engine.answer("how many WARN notices has Amazon filed in Washington?")
    assert reply.intent == "warn" and reply.understood.companies == ["Amazon"]
    assert reply.total == 1852 + 400 + 150  # Seattle, Bellevue, AWS Seattle (the consolidated copy not twice)
    assert reply.extra["warn_counted_notices"] == 3
    assert "3 WARN notices in Washington" in reply.headline and "2,402 workers" in reply.headline
    assert "notice 18 Jan 2023 · effective 20 Mar 2023 · Seattle, WA · 1,852 workers" in reply.text
    assert [s.url for s in reply.sources] == ["https://esd.wa.gov/about-employees/WARN"]


def test_state_in_year(warn_engine) -> None:
    engine, _ = warn_engine
    reply = engine.answer("WARN filings in California in 2024")
    # 2024 CA notices: Google 88, Meta 60, Acme 45, Microsoft 320 (integrated file), Salesforce (no number).
    assert reply.total == 88 + 60 + 45 + 320
    assert reply.extra["warn_counted_notices"] == 5
    assert (reply.understood.start, reply.understood.end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert "1 notice did not give a number of workers" in reply.headline
    assert {n["state"] for n in reply.extra["warn_notices"]} == {"CA"}


def test_is_my_office_affected(warn_engine) -> None:
    engine, _ = warn_engine
    reply = engine.answer("is my office affected? Amazon Seattle")
    assert reply.intent == "warn" and reply.extra["city"] == "seattle"
    assert reply.total == 1852 + 150
    sites = {(n["location"], n["notice_date"], n["effective_date"], n["workers"]) for n in reply.extra["warn_notices"]}
    assert sites == {("Seattle", "2023-01-18", "2023-03-20", 1852), ("Seattle", "2023-04-03", "2023-06-02", 150)}
    assert reply.headline.startswith("Possibly")
    none = engine.answer("is my office affected? Amazon Austin")
    assert none.total is None and "No WARN notice in our data names a site in “Austin” for Amazon" in none.headline


def test_no_warn_data_is_said_honestly(built_db) -> None:
    reply = Engine(built_db, today=TODAY).answer("WARN notices in Texas")
    assert reply.intent == "warn" and reply.total is None
    assert reply.headline.startswith("No WARN notices in our data in Texas.")
    unknown = Engine(built_db, today=TODAY).answer("how many WARN notices has Nvidiax filed?")
    assert unknown.total is None and "I don't have" in unknown.headline


@pytest.mark.parametrize("company", ["Amazon", "Google", "Meta", "Microsoft", "Salesforce"])
def test_warn_figures_are_never_summed_into_totals(built_db, company) -> None:
    question = f"how many has {company} cut?"
    before = Engine(built_db, today=TODAY).answer(question)
    for name in ("wa.csv", "ca.csv", "ny.csv", "tx.csv", "consolidated.csv", "integrated.csv"):
        _import(built_db, name)
    after = Engine(built_db, today=TODAY).answer(question)
    assert after.total == before.total and after.undisclosed_rounds == before.undisclosed_rounds
    assert [r.id for r in after.rows] == [r.id for r in before.rows]
    assert not any("WARN notices in" in n for n in before.notes)


def test_company_total_mentions_the_warn_figure_apart(warn_engine) -> None:
    engine, _ = warn_engine
    reply = engine.answer("how many has Amazon cut?")
    # WA 1,852 + 400 + 150, CA 250, OR 90 (consolidated) = 2,742.
    assert any(n.startswith("WARN notices in CA, OR and WA cover 2,742 of these jobs (5 notices") for n in reply.notes)
    in_2024 = engine.answer("how many has Amazon cut in 2024?")
    assert not any("WARN notices in" in n for n in in_2024.notes)  # no Amazon notice is dated 2024


@pytest.mark.parametrize(
    "text",
    ["how many has Amazon cut?", "warn me about Amazon layoffs", "latest layoffs", "Meta layoffs in California",
     "is Amazon planning more layoffs?"],
)
def test_other_questions_are_not_warn_questions(built_db, text) -> None:
    assert parse_warn(text, CompanyIndex(built_db), TODAY) is None


@pytest.mark.parametrize(
    "text, companies, states, city",
    [
        ("WARN notices in WA and CA", [], ["WA", "CA"], None),
        ("how many WARN notices has Google filed in New York?", ["Google"], ["NY"], None),
        ("WARN filings Texas 2023", [], ["TX"], None),
        ("is our Austin office affected? Google", ["Google"], [], "austin"),
        ("Meta WARN notices in Sunnyvale", ["Meta"], [], "sunnyvale"),
    ],
)
def test_warn_recogniser(built_db, text, companies, states, city) -> None:
    query = parse_warn(text, CompanyIndex(built_db), TODAY)
    assert query is not None and (query.companies, query.states, query.city) == (companies, states, city)


def test_site_question_without_company_or_city_asks_for_them(warn_engine) -> None:
    engine, _ = warn_engine
    reply = engine.answer("is my office affected?")
    assert reply.intent == "warn" and reply.total is None and reply.headline.startswith("Which company and city?")


def test_division_total_mentions_only_that_divisions_notices(warn_engine) -> None:
    engine, _ = warn_engine
    reply = engine.answer("how many jobs has AWS lost since 2023?")
    # Only "Amazon Web Services Inc." (WA, Seattle, 150) is filed under AWS.
    assert any(n.startswith("WARN notices in WA cover 150 of these jobs (1 notice") for n in reply.notes)


def test_data_stats_counts_warn_notices(warn_engine) -> None:
    from bot.data.store import stats

    _, db = warn_engine
    info = stats(db)
    # 7 WA + 7 CA + 3 NY + 3 TX + 2 consolidated (2 already in) + 3 integrated = 25;
    # unresolved: Wesley Homes, Norgren, Acme, 57th Street Associates, Cognosante, Meta Platforms Texas = 6.
    assert (info["warn_notices"], info["warn_unresolved"]) == (25, 6)



@pytest.mark.parametrize(
    "order", list(itertools.permutations(["wa.csv", "ca.csv", "consolidated.csv"])), ids=lambda o: " > ".join(o)
)
def test_dedupe_does_not_depend_on_import_order(built_db, order) -> None:
    for name in order:
        _import(built_db, name)
    # 7 WA + 7 CA + 4 consolidated, of which WA Amazon Seattle and CA Google Sunnyvale are the same notices.
    assert len(_notices(built_db)) == 7 + 7 + 4 - 2
    reply = Engine(built_db, today=TODAY).answer("how many WARN notices has Amazon filed in Washington?")
    assert reply.total == 1852 + 400 + 150


def test_chat_admin_upload_of_a_warn_file_is_staged_then_confirmed(built_db) -> None:
    from bot import admin
    from bot.admin.rights import Actor

    ada = Actor("slack", "U_ADA", "Ada")
    admin.grant(built_db, "slack", "U_ADA", by="test")
    preview = admin.stage_import(built_db, ada, "wa.csv", (WARN / "wa.csv").read_bytes())
    assert preview.report.layout == "warn-scraper WA" and preview.report.to_add == 7 and _notices(built_db) == []
    report = admin.confirm_import(built_db, ada, preview.token)
    assert report.added == 7 and len(_notices(built_db)) == 7
    via = built_db.execute("SELECT via, actor FROM changes WHERE id = ?", [report.change_id]).fetchone()
    assert tuple(via) == ("slack", ada.audit_name)



_BASES = {"Amazon": ("Amazon", None), "Amazon Web Services": ("Amazon", "AWS"), "Google": ("Google", None),
          "Meta Platforms": ("Meta", None), "Oracle": ("Oracle", None)}


@settings(max_examples=150, deadline=None)
@given(
    base=st.sampled_from(sorted(_BASES)),
    tails=st.lists(st.sampled_from([", Inc.", " Inc", " LLC", " L.L.C.", " Corp.", " Corporation", " Ltd", " Services",
                                    " Operations", " USA", " Holdings"]), max_size=3),
    upper=st.booleans(),
)
def test_legal_forms_and_unit_words_never_change_the_company(base: str, tails: list[str], upper: bool) -> None:
    """A known name with any trail of legal forms and business-unit words is that company, never another."""
    name = base + "".join(tails)
    match = LegalNameResolver(_SMALL).resolve(name.upper() if upper else name)
    assert match is not None and (match.company, match.division) == _BASES[base]


@settings(max_examples=100, deadline=None)
@given(prefix=st.text(max_size=20), suffix=st.text(max_size=30))
def test_rules_only_remove_words_so_a_match_is_in_the_name(prefix: str, suffix: str) -> None:
    """Whatever surrounds a name, a match is a known name whose words all appear in what was filed."""
    text = prefix + suffix
    match = LegalNameResolver(_SMALL).resolve(text)
    if match is not None:
        known = {r[0] for r in _SMALL.execute("SELECT alias FROM aliases UNION SELECT lower(name) FROM companies")}
        assert " ".join(match.matched.lower().split()) in known
        assert all(word.replace(".com", "") in text.lower() for word in match.matched.lower().split())


def test_site_question_without_city_lists_the_company_and_asks_for_the_city(warn_engine) -> None:
    engine, _ = warn_engine
    reply = engine.answer("is my team affected by the Meta layoffs?")
    # Meta: WA Bellevue 212, CA Menlo Park 741 + Sunnyvale 60, NY 284 (TX's "Meta Platforms Texas LLC" is unresolved).
    assert reply.intent == "warn" and reply.total == 212 + 741 + 60 + 284
    assert not reply.headline.startswith("Possibly") and "Name your office's city" in reply.headline


def test_possessive_site_question(warn_engine) -> None:
    engine, _ = warn_engine
    reply = engine.answer("is Amazon's Seattle office affected?")
    assert reply.extra["city"] == "seattle" and reply.total == 1852 + 150



def test_warn_answer_as_csv_exports_the_notices(warn_engine) -> None:
    engine, _ = warn_engine
    reply = engine.answer("WARN filings in California in 2024 as csv")
    assert reply.intent == "warn" and reply.export == ["csv"]
    assert len(reply.export_rows) == 5 and {r["state"] for r in reply.export_rows} == {"CA"}
