"""CSV import: layouts, cleaning rules, duplicates, flags, all-or-nothing, undo, parsing properties."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.data import importer as importer_module
from bot.data.db import open_db
from bot.data.importer import detect_layout, import_csv, parse_mapping
from bot.data.store import undo
from bot.data.validation import (
    ImportRefused,
    ValidationError,
    is_unknown,
    parse_count,
    parse_date,
    parse_percentage,
)

from fixtures_data import DATA, FYI_EXPORT, dump, events_by, make_small_db


def _read(name: str) -> bytes:
    return (DATA / name).read_bytes()


# --------------------------------------------------------------------------- layouts


@pytest.mark.parametrize(
    ("headers", "layout"),
    [
        pytest.param(
            "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added",
            "layoffs.fyi",
            id="fyi-11-columns",
        ),
        pytest.param(
            "company,location,industry,total_laid_off,percentage_laid_off,date,stage,country,funds_raised_millions",
            "layoffs.fyi-9",
            id="fyi-9-columns",
        ),
        pytest.param(
            " Company , Location,Total_Laid_Off,Date,Percentage_Laid_Off,Industry,Source,Stage,Funds_Raised,Country,Date_Added",
            "layoffs.fyi",
            id="fyi-11-spaces-and-case",
        ),
        pytest.param(
            "id,company,division,date,count,percentage,percentage_basis,status,location,country,source,note",
            "layoffbot",
            id="layoffbot-export",
        ),
    ],
)
def test_detect_layout(headers: str, layout: str) -> None:
    assert detect_layout(headers.split(",")).name == layout


def test_unknown_layout_is_refused_with_headers_and_needed_fields() -> None:
    with pytest.raises(ImportRefused) as info:
        detect_layout(["Company", "headquarter", "layoff", "Date"])
    assert info.value.headers == ["Company", "headquarter", "layoff", "Date"]
    assert info.value.needed == ["company", "date"]
    assert "'headquarter'" in str(info.value) and "--map" in str(info.value)


def test_mapping_missing_required_field_is_refused() -> None:
    with pytest.raises(ImportRefused, match="Fields not mapped: date"):
        detect_layout(["Firm", "When", "layoff"], {"Firm": "company", "layoff": "count"})


@pytest.mark.parametrize(
    ("pairs", "field"),
    [
        pytest.param(["layoff"], "map", id="no-equals"),
        pytest.param(["layoff=headcount"], "map", id="unknown-field"),
    ],
)
def test_parse_mapping_errors(pairs: list[str], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_mapping(pairs)
    assert info.value.field == field


# --------------------------------------------------------------------------- fixtures per layout


def test_fyi11_small(small_db) -> None:
    report = import_csv(small_db, _read("fyi11_small.csv"), file_name="fyi11_small.csv")
    assert (report.rows_read, report.duplicates_in_file, report.added, len(report.rejected)) == (7, 1, 6, 0)
    assert report.new_companies == ["Acme Robotics", "Globex", "Initech"]
    globex = events_by(small_db, "Globex")[0]
    assert globex["count"] is None and globex["status"] == "reported"
    x_rows = events_by(small_db, "X")
    assert [(e["date"], e["count"]) for e in x_rows] == [("2025-02-01", 50)]
    aws = events_by(small_db, "Amazon")[0]
    assert (aws["division"], aws["count"], aws["percentage"], aws["percentage_basis"]) == ("AWS", 300, 2.0, "division")
    initech = events_by(small_db, "Initech")[0]
    assert (initech["date"], initech["country"], initech["stage"], initech["unsourced"]) == (
        "2025-05-20",
        "United States",
        None,
        1,
    )
    assert "Internal memo" in initech["note"]
    acme = events_by(small_db, "Acme Robotics")
    assert [(e["count"], e["percentage"]) for e in acme] == [(120, 10.0), (80, None)]
    assert small_db.execute("SELECT count(*) FROM changes WHERE action = 'add'").fetchone()[0] == 6
    imp = small_db.execute("SELECT rows_read, added, duplicates, layout FROM imports").fetchone()
    assert imp == (7, 6, 1, "layoffs.fyi")


def test_fyi9_small_null_strings_and_dirt(small_db) -> None:
    report = import_csv(small_db, _read("fyi9_small.csv"), file_name="fyi9_small.csv")
    assert (report.layout, report.rows_read, report.duplicates_in_file, report.added) == ("layoffs.fyi-9", 4, 1, 3)
    hooli = events_by(small_db, "Hooli")[0]
    assert (hooli["count"], hooli["percentage"], hooli["industry"], hooli["country"]) == (
        None,
        None,
        "Crypto",
        "United States",
    )
    coinly = events_by(small_db, "Coinly")[0]
    assert (coinly["count"], coinly["percentage"], coinly["industry"], coinly["unsourced"]) == (30, 25.0, "Crypto", 1)
    assert events_by(small_db, "Pied Piper")[0]["funds_raised_musd"] is None


def test_other_layout_needs_map(small_db) -> None:
    with pytest.raises(ImportRefused):
        import_csv(small_db, _read("other_layout.csv"))
    report = import_csv(
        small_db, _read("other_layout.csv"), mapping={"headquarter": "location", "layoff": "count"}
    )
    assert (report.layout, report.rows_read, report.duplicates_in_file, report.added) == ("mapped", 4, 1, 3)
    assert [(e["date"], e["count"], e["location"]) for e in events_by(small_db, "Vandelay Industries")] == [
        ("2025-06-01", 200, "Chicago")
    ]
    assert events_by(small_db, "Kramerica")[0]["date"] == "2025-07-15"


def test_mapped_percentages_detected_per_column(small_db) -> None:
    fractions = "firm,when,share\nA Co,2025-01-01,0.25\nB Co,2025-01-02,0.5\n"
    import_csv(small_db, fractions, mapping={"firm": "company", "when": "date", "share": "percentage"}, skip_invalid=False)
    percents = "firm,when,share\nC Co,2025-01-01,25\nD Co,2025-01-02,5%\n"
    import_csv(small_db, percents, mapping={"firm": "company", "when": "date", "share": "percentage"})
    got = {e["company"]: e["percentage"] for name in ("A Co", "B Co", "C Co", "D Co") for e in events_by(small_db, name)}
    assert got == {"A Co": 25.0, "B Co": 50.0, "C Co": 25.0, "D Co": 5.0}


# --------------------------------------------------------------------------- all or nothing


def test_bad_rows_abort_and_leave_the_database_unchanged(small_db) -> None:
    import_csv(small_db, _read("fyi11_small.csv"))
    before = dump(small_db)
    report = import_csv(small_db, _read("fyi11_bad_rows.csv"), file_name="bad.csv")
    assert report.aborted and not report.committed
    assert dump(small_db) == before
    assert [(i.row, i.field) for i in report.rejected] == [
        (3, "date"),
        (4, "count"),
        (5, "count"),
        (6, "percentage"),
        (7, "company"),
    ]
    assert report.to_add == 2
    text = report.summary()
    assert "row 3: date" in text and "Nothing was imported" in text


def test_skip_invalid_imports_the_valid_rows(small_db) -> None:
    report = import_csv(small_db, _read("fyi11_bad_rows.csv"), skip_invalid=True)
    assert report.committed and report.added == 2 and len(report.rejected) == 5
    assert {e["company"] for e in (events_by(small_db, "Good Co") + events_by(small_db, "Also Good Co"))} == {
        "Good Co",
        "Also Good Co",
    }
    assert small_db.execute("SELECT rejected FROM imports").fetchone()[0] == 5


def test_dry_run_writes_nothing(small_db) -> None:
    before = dump(small_db)
    report = import_csv(small_db, _read("fyi11_small.csv"), dry_run=True)
    assert report.to_add == 6 and report.added == 0 and not report.committed
    assert dump(small_db) == before


def test_killed_import_leaves_database_unchanged(small_db, monkeypatch: pytest.MonkeyPatch) -> None:
    before = dump(small_db)

    def boom(db) -> None:
        raise KeyboardInterrupt  # as if the process were interrupted at the very end

    monkeypatch.setattr(importer_module, "refresh_data_as_of", boom)
    with pytest.raises(KeyboardInterrupt):
        import_csv(small_db, _read("fyi11_small.csv"))
    assert dump(small_db) == before


# --------------------------------------------------------------------------- duplicates and flags


def test_reimport_skips_existing_rows(small_db) -> None:
    import_csv(small_db, _read("fyi11_small.csv"))
    again = import_csv(small_db, _read("fyi11_small.csv"))
    assert (again.rows_read, again.duplicates_existing, again.duplicates_in_file, again.added) == (7, 6, 1, 0)


def test_round_within_30_days_is_flagged(small_db) -> None:
    import_csv(small_db, "company,date,count\nAcme Robotics,2025-01-15,120\n", mapping={"count": "count"})
    report = import_csv(
        small_db,
        "company,date,count\nAcme Robotics,2025-02-03,80\nAcme Robotics,2025-06-01,10\n",
        mapping={"count": "count"},
    )
    assert report.added == 2
    assert [(f.row, f.date, f.near_date, f.near_count) for f in report.flagged] == [(2, "2025-02-03", "2025-01-15", 120)]


def test_undo_import_removes_its_rows_and_new_companies(small_db) -> None:
    before = dump(small_db)
    report = import_csv(small_db, _read("fyi11_small.csv"), actor="alice")
    view = undo(small_db, actor="alice")  # alice's own last change: the import
    assert view.undoes == report.change_id
    assert small_db.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert small_db.execute("SELECT count(*) FROM companies").fetchone()[0] == 2
    assert small_db.execute("SELECT state FROM imports").fetchone()[0] == "undone"
    assert [r[0] for r in small_db.execute("SELECT name FROM companies ORDER BY id")] == [
        r[1] for r in before["companies"]
    ]


def test_full_layoffs_fyi_export_into_empty_db(small_db) -> None:
    """The done criterion of issue 2: 4,277 rows read, nothing rejected."""
    report = import_csv(small_db, FYI_EXPORT.read_bytes(), file_name=FYI_EXPORT.name)
    assert report.rows_read == 4277
    assert report.rejected == []
    assert report.added + report.duplicates == 4277
    assert small_db.execute("SELECT count(*) FROM events").fetchone()[0] == report.added


# --------------------------------------------------------------------------- parsing properties


@given(st.integers(min_value=0, max_value=10**9))
def test_count_parsing_accepts_int_float_and_thousands(n: int) -> None:
    assert parse_count(str(n)) == n
    assert parse_count(f"{n}.0") == n
    assert parse_count(f"{n:,}") == n
    assert parse_count(f"  {n} ") == n


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=99))
def test_count_parsing_rejects_fractions_and_negatives(n: int, cents: int) -> None:
    with pytest.raises(ValidationError) as info:
        parse_count(f"{n}.{cents:02d}")
    assert info.value.field == "count"
    with pytest.raises(ValidationError):
        parse_count(str(-n))


@given(st.integers(min_value=0, max_value=10000))
def test_percentage_fraction_and_percent_agree(basis_points: int) -> None:
    percent = basis_points / 100
    assert parse_percentage(f"{percent}") == pytest.approx(percent)
    assert parse_percentage(f"{percent}%", scale="fraction") == pytest.approx(percent)
    assert parse_percentage(f"{basis_points / 10000}", scale="fraction") == pytest.approx(percent)


@pytest.mark.parametrize(
    ("raw", "iso"),
    [("1/28/2026", "2026-01-28"), ("2026-01-28", "2026-01-28"), (" 12/1/2022 ", "2022-12-01"), ("2024-02-29", "2024-02-29")],
    ids=["mdy", "iso", "spaces", "leap-day"],
)
def test_dates(raw: str, iso: str) -> None:
    assert parse_date(raw) == iso


@pytest.mark.parametrize("raw", ["2/30/2025", "2025-13-01", "yesterday", "28.01.2026", ""], ids=["feb-30", "month-13", "word", "dotted", "blank"])
def test_bad_dates(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(raw)
    assert info.value.field == "date"


@pytest.mark.parametrize("raw", ["", "NULL", "null", "n/a", "N/A", "unknown", " - "], ids=lambda v: repr(v))
def test_unknown_spellings(raw: str) -> None:
    assert parse_count(raw) is None
    assert parse_percentage(raw) is None


# --------------------------------------------------------------------------- round-trip property


_names = st.one_of(  # the tricky spellings, and generated names (letters, digits, CSV-hostile punctuation)
    st.sampled_from(["Amazon", "X", "Acme, Inc.", "Zeta \"Z\" Labs", "Ünïcode GmbH"]),
    st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" ,.&'\"-"),
            min_size=1, max_size=30).map(str.strip)
    .filter(lambda name: any(c.isalnum() for c in name) and not is_unknown(name)),  # "NA" is no name
)
_events = st.lists(
    st.fixed_dictionaries(
        {
            "company": _names,
            "date": st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 12, 31)).map(dt.date.isoformat),
            "count": st.one_of(st.none(), st.integers(min_value=0, max_value=200_000)),
            "percentage": st.one_of(st.none(), st.integers(min_value=0, max_value=10000).map(lambda b: b / 100)),
            "status": st.sampled_from(["confirmed", "reported", "planned", "rumored"]),
            "division": st.one_of(st.none(), st.sampled_from(["AWS", "AWS; Twitch", "Reality Labs"])),
            "note": st.one_of(st.none(), st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).map(str.strip).filter(bool)),
        }
    ),
    max_size=8,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_events)
def test_export_then_import_reproduces_events(events) -> None:
    from bot.data.store import EXPORT_COLUMNS, add_event, export_events

    source_db = make_small_db()
    seen = set()
    for i, event in enumerate(events):
        key = (event["company"], event["date"], event["count"])
        if key in seen:
            continue
        seen.add(key)
        add_event(source_db, source=f"https://example.com/{i}", new_company=True, actor="prop", **event)
    rows = export_events(source_db)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(EXPORT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if r[k] is None else r[k] for k in EXPORT_COLUMNS} for r in rows)
    target = open_db(":memory:")
    report = import_csv(target, out.getvalue().encode("utf-8"), file_name="export.csv")
    assert report.rejected == [] and report.added == len(rows)
    assert export_events(target) == rows


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.encode("utf-8-sig"), id="utf8-bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(lambda t: t.encode("cp1252"), id="cp1252"),
        pytest.param(lambda t: t.replace(",", ";").encode("utf-8"), id="semicolons"),
    ],
)
def test_spreadsheet_exports(small_db, encode) -> None:
    text = "company,date,count\nCafé Société,3/4/2025,12\nGlobex,2025-03-05,\n"
    report = import_csv(small_db, encode(text), mapping={"count": "count"})
    assert report.rejected == [] and report.added == 2
    assert [(e["date"], e["count"]) for e in events_by(small_db, "Café Société")] == [("2025-03-04", 12)]
