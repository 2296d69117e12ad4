"""The held-out set: questions typed the way Slack and Discord users type them.

How expectations are computed
-----------------------------
- The database is the golden set's fixture (``tests/fixtures_core.build_fixture_db``), with
  ``today`` pinned to 15 Feb 2026 as in ``tests/test_core_golden.py``; the rows of the shipped
  ``data/aliases.csv`` whose company is in the fixture are added to its aliases (that is where
  tickers such as GOOG and CRM live; companies the fixture lacks stay unknown).
- Each case in ``cases.py`` states what its question *means*: the kind of answer, the intent,
  the companies in the order named, the division, the period (inclusive ISO dates, ``None`` =
  open; relative phrases resolved against 15 Feb 2026), industry/country filters.  No figure is
  written in the table.
- The figures are computed from that meaning by ``reference.py``, an independent
  implementation of the counting rules in plain SQL over the fixture's ``events`` table
  (summed statuses confirmed/reported, undisclosed rounds apart, ``part_of`` rows never summed,
  division-only rounds for a division, rankings by sum with ties by name).  The bot's answer
  code is never called to compute an expectation.
- Checked on every reply: the intent, the companies and period understood, the figure
  (``total`` and undisclosed rounds; rows of a timeline; ranking / comparison rows with their
  known and undisclosed round counts; one row per period of a period comparison; the newest
  round; the rounds whose workforce share is shown; plans listed apart; the published
  aggregates within the period of an overview); a stated figure or publisher named in the
  headline; a chart of the right kind when asked.  Where no figure may be given (a company we
  don't have, junk, small talk): ``total`` is null, there are no rows and no chart, no company
  is understood, and the reply names the company it does not have.  A misspelt name may be
  read as the company (then its figure) or offered as a did-you-mean (then no figure).
- Files: ``cases.py`` (the table), ``reference.py`` (the rules), ``test_reference.py`` (the
  reference agrees with the golden set's hand-computed figures), ``test_properties.py``
  (Hypothesis: unknown names, period operators, junk, known companies and follow-ups).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pytest
from cases import CASES, TODAY_ISO, Case
from fixtures_core import AS_OF
from reference import Reference, Scope

from bot.reply import CompanyRow, Reply, RoundRow

Ask = Callable[[Sequence[str]], Reply]


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


def _context(reply: Reply) -> str:
    u = reply.understood
    return (
        f"\n--- reply: intent={reply.intent} companies={u.companies} division={u.division} "
        f"start={_iso(u.start)} end={_iso(u.end)} total={reply.total} rows={len(reply.rows)}\n{reply.text}"
    )


def _company_pairs(reply: Reply) -> list[tuple[str, int]]:
    return [(r.company, r.total) for r in reply.rows if isinstance(r, CompanyRow)]


def test_heldout_set_is_large_enough() -> None:
    assert len(CASES) >= 300
    assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_heldout(case: Case, ask: Ask, ref: Reference) -> None:
    reply = ask(case.turns)
    why = _context(reply)
    assert reply.headline != "Something went wrong", "the engine raised" + why
    scope = case.scope
    u = reply.understood

    if case.kind == "none":
        assert reply.total is None, "no figure may be given" + why
        assert not reply.rows, "no rows may be given" + why
        assert reply.chart is None, "no chart may be given" + why
        assert not u.companies, "no company of ours was asked about" + why
        assert not reply.sources, "no sources: nothing was counted" + why
        for name in case.unknown:
            assert name.casefold() in reply.text.casefold(), f"the reply must say it does not have {name!r}" + why
        return

    if case.kind == "typo":
        _check_typo(case, reply, ref, why)
        return
    if case.intent is not None:
        assert reply.intent == case.intent, "intent" + why
    assert u.companies == list(scope.companies), "companies understood" + why
    if case.kind not in ("partial", "understood", "rank", "rank_rounds", "periods", "pace"):
        assert u.division == scope.division, "division understood" + why
    if case.check_period:
        assert (_iso(u.start), _iso(u.end)) == (scope.start, scope.end), "period understood" + why
    assert (u.industry, u.country) == (scope.industry, scope.country), "industry/country filters understood" + why

    for text in case.headline_has:
        assert text in reply.headline, f"the headline must answer what was asked (mention {text!r})" + why

    for word in case.notes_has:
        assert any(word in note for note in reply.notes), f"a note must name the ignored {word!r}" + why
    if case.chart:
        assert reply.chart is not None and reply.chart.kind == case.chart, f"a {case.chart} chart" + why

    check = _CHECKS[case.kind]
    check(case, reply, ref, why)


def _check_total(case: Case, reply: Reply, ref: Reference, why: str) -> None:
    want_total, want_undisclosed = ref.total(case.scope)
    assert reply.total == want_total, "total" + why
    assert reply.undisclosed_rounds == want_undisclosed, "undisclosed rounds" + why
    assert reply.as_of == AS_OF, "the data's as-of date" + why
    assert reply.understood.description, "what was understood, in words" + why
    urls = {source.url for source in reply.sources}
    assert urls <= ref.sources(case.scope), "sources of the rounds in scope only" + why
    if want_total:
        assert urls, "a figure comes with its sources" + why
    if case.intent == "overview" and not (case.scope.industry or case.scope.country):
        quoted = {(a["publisher"], a["period_start"], a["period_end"]) for a in reply.extra.get("aggregates", [])}
        assert quoted >= ref.aggregates(case.scope), "the published aggregates of the period are quoted" + why


def _check_typo(case: Case, reply: Reply, ref: Reference, why: str) -> None:
    """Either read as the company (and then its figure and period), or a did-you-mean of it."""
    u = reply.understood
    if u.companies:
        assert u.companies == list(case.scope.companies), "companies understood" + why
        assert (_iso(u.start), _iso(u.end)) == (case.scope.start, case.scope.end), "period understood" + why
        _check_total(case, reply, ref, why)
        return
    assert reply.total is None and not reply.rows, "a guess carries no figure" + why
    suggested = (reply.extra.get("did_you_mean") or [{}])[0].get("company")
    assert suggested == case.scope.companies[0], "did you mean" + why


def _check_rounds(case: Case, reply: Reply, ref: Reference, why: str) -> None:
    _check_total(case, reply, ref, why)
    assert len(reply.rows) == ref.listed_rounds(case.scope), "rounds listed" + why


def _check_rank(case: Case, reply: Reply, ref: Reference, why: str) -> None:
    want = ref.rank(case.scope)
    limit = case.limit or 10
    got = _company_pairs(reply)
    assert len(got) == min(limit, len(want)), "ranking length" + why
    assert got == want[:limit], "ranking" + why
    assert reply.total is None, "a ranking has no single total" + why
    _check_row_counts(case, reply, ref, why)


def _check_row_counts(case: Case, reply: Reply, ref: Reference, why: str) -> None:
    """Each company row's rounds: of known size (summed) and undisclosed, apart."""
    for row in reply.rows:
        if isinstance(row, CompanyRow):
            one = Scope((row.company,), None, case.scope.start, case.scope.end, case.scope.industry, case.scope.country)
            got = (row.total, row.rounds, row.undisclosed_rounds)
            assert got == ref.company_row(one), f"{row.company}: (total, rounds, undisclosed)" + why


def _check_rank_rounds(case: Case, reply: Reply, ref: Reference, why: str) -> None:
    want = ref.rank_by_rounds(case.scope)
    assert (_iso(reply.understood.start), _iso(reply.understood.end)) == (case.scope.start, case.scope.end), (
        "period understood" + why
    )
    got = [r.company for r in reply.rows if isinstance(r, CompanyRow)]
    assert got, "a ranking by number of rounds lists companies" + why
    # Rounds of known and unknown size count; a row part of another round is not a round of
    # its own.  Ties may be broken by name or by jobs cut: only the counts are compared.
    counts = dict(want)
    assert [counts.get(name, 0) for name in got[:3]] == [n for _, n in want[:3]], f"most rounds: {want[:3]}" + why
    _check_row_counts(case, reply, ref, why)


def _check_compare(case: Case, reply: Reply, ref: Reference, why: str) -> None:
    assert sorted(_company_pairs(reply)) == sorted(ref.compare(case.scope)), "comparison" + why
    _check_row_counts(case, reply, ref, why)


def _check_periods(case: Case, reply: Reply, ref: Reference, why: str) -> None:
    want = []
    for start, end in case.periods:
        part = Scope(case.scope.companies, None, start, end)
        want.append(ref.total(part)[0])
    got = [r.total for r in reply.rows if isinstance(r, CompanyRow)]
    assert got == want, "one row per period, in the order asked" + why


def _check_latest(case: Case, reply: Reply, ref: Reference, why: str) -> None:
    want = ref.latest(case.scope)
    first = reply.rows[0] if reply.rows else None
    got = (first.company, first.date.isoformat()) if isinstance(first, RoundRow) else None
    assert got == want, "newest round" + why


def _check_percent(case: Case, reply: Reply, ref: Reference, why: str) -> None:
    assert reply.total is None, "a share answer has no summed total" + why
    rows = [r for r in reply.rows if isinstance(r, RoundRow)]
    assert {r.company for r in rows} <= set(case.scope.companies), "rows of the company asked only" + why
    with_share = {r.id for r in rows if r.percentage is not None}
    want = ref.share_rounds(case.scope)
    assert with_share <= want, "shares of rounds in the period asked only" + why
    assert bool(with_share) == bool(want), "the stated shares are shown" + why


def _check_planned(case: Case, reply: Reply, ref: Reference, why: str) -> None:
    assert ref.has_plans(case.scope, TODAY_ISO), "the fixture has plans for this company"
    assert reply.planned, "plans listed apart" + why
    assert {r.company for r in reply.planned} <= set(case.scope.companies), "plans of the company asked" + why
    assert not reply.total, "plans are never summed" + why


def _check_partial(case: Case, reply: Reply, ref: Reference, why: str) -> None:
    want = dict(ref.compare(case.scope))
    rows = dict(_company_pairs(reply))
    if len(want) == 1 and not rows:
        (name, figure), = want.items()
        assert reply.total == figure, f"{name}'s figure" + why
    else:
        assert rows == want, "rows for the known companies only" + why
    for name in case.unknown:
        assert name.casefold() in reply.text.casefold(), f"the reply must say it does not have {name!r}" + why


def _check_pace(case: Case, reply: Reply, ref: Reference, why: str) -> None:
    """Per company: the last 12 months, then the 12 before -- windows ending at the data's
    as-of date or at today (either, as long as the reply says which; the same for every row)."""
    got = {name: [r.total for r in reply.rows if isinstance(r, CompanyRow) and r.company.startswith(name)]
           for name in case.scope.companies}
    options = []
    for anchor in (AS_OF, dt.date.fromisoformat(TODAY_ISO)):
        last_start = _months_back(anchor, 12) + dt.timedelta(days=1)
        prev_start = _months_back(anchor, 24) + dt.timedelta(days=1)
        windows = ((last_start, anchor), (prev_start, last_start - dt.timedelta(days=1)))
        options.append({
            name: [ref.total(Scope((name,), None, a.isoformat(), b.isoformat()))[0] for a, b in windows]
            for name in case.scope.companies
        })
    assert got in options, f"last 12 months vs the 12 before: one of {options}" + why


def _months_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return day.replace(year=index // 12, month=index % 12 + 1)


def _check_understood(case: Case, reply: Reply, ref: Reference, why: str) -> None:
    assert reply.text, "an answer" + why


_CHECKS: dict[str, Callable[[Case, Reply, Reference, str], None]] = {
    "total": _check_total,
    "rounds": _check_rounds,
    "rank": _check_rank,
    "rank_rounds": _check_rank_rounds,
    "compare": _check_compare,
    "periods": _check_periods,
    "latest": _check_latest,
    "percent": _check_percent,
    "planned": _check_planned,
    "partial": _check_partial,
    "understood": _check_understood,
    "pace": _check_pace,
}
