"""Company (and division) resolution from the ``aliases`` and ``companies`` tables.

Lookup strategy, in order, over the words of a normalized question (longest phrase first):

1. exact alias or company name ("amazon web services", "meta platforms", "x corp");
2. the same with a possessive or punctuation dropped ("amazon's", "byjus", "amazon.com");
3. fuzzy (rapidfuzz ratio) for leftover words that are not ordinary English or question words:
   a word of 7+ letters one edit away (a typo or swapped letters: "Microsft", "Salesfroce") is
   read as the company with a note; a looser match (ratio >= 80) becomes a did-you-mean ("Amazn" -> "did you mean Amazon?");
4. a name we don't have: a leftover word (or two joined by "&", or with a suffix such as "AI",
   "Labs", "Corporation") that is no question, intent, topic, industry or country word and sits
   where a name surely goes (:meth:`CompanyIndex._strong_slot`: "nvidia layoffs", "did nvidia
   cut", "dell vs hp vs ibm", "amazon and verizon") -- even beside names we have.

Words never link to a company by being *inside* another word ("metadata" is not Meta,
"intelligence" is not Intel, "exactly" is not X): matching is whole words only.  Aliases that
are also ordinary words ("Zoom", "Snap", "Block"; flagged ``ambiguous`` or found in
:data:`bot.nlu.words.COMMON_WORDS`) need layoff context, a capitalized mid-sentence spelling, or
to be the whole question ("what about Snap?").  One- and two-letter aliases ("X") need the
capitalized spelling.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field

import sqlite_utils

from bot.nlu.filters import COUNTRY_SYNONYMS, INDUSTRY_SYNONYMS
from bot.nlu.text import normalize
from bot.nlu.words import (
    COMMON_WORDS,
    COMPANY_LIKE_WORDS,
    NEVER_A_NAME,
    QUESTION_WORDS,
    is_ordinary,
)

__all__ = ["Entry", "Mention", "Resolution", "CompanyIndex", "LAYOFF_CONTEXT"]

MAX_ALIAS_WORDS = 6
DID_YOU_MEAN_SCORE = 80.0

LAYOFF_CONTEXT = re.compile(
    r"\b(?:lay ?offs?|laid|lay|laying|layoff|cuts?|cutting|jobs?|fired|firing|fires|redundanc\w*|headcount|staff|"
    r"employees?|workforce|workers?|downsiz\w*|restructur\w*|axed?|let go|vs|versus|compare|rounds?|"
    r"how many|job cuts|shed|slash\w*|eliminat\w*|planning|plans?|chart|plot|graph|rumou?r\w*|upcoming|"
    r"percent\w*|latest|recent\w*|reductions? in force|workforce reductions?|rifs?|furlough\w*|culled|made redundant)\b"
)
# "zoom in", "a snap", "the block": the ordinary word, even in a layoff question.
_ORDINARY_USE_BEFORE = re.compile(r"\b(?:a|the|to|in a|one|per|this|that|city)\s*$")
_ORDINARY_USE_AFTER = re.compile(r"^\s*(?:in|out|into|on|of|judgment|judgement|shot|chain|party|buster)\b")
_SLOT_BEFORE = frozenset("at has have had did does do for from by of is was vs versus and compare about".split())
_SLOT_AFTER = frozenset("layoffs layoff lay laid job jobs cuts cut cutting fired vs versus and staff employees workers".split())
_STRONG_BEFORE = frozenset("at has had did does by vs versus compare about".split())
_STRONG_AFTER = frozenset(
    "layoffs layoff laid lays laying cut cuts cutting fired fires firing axed axes slashed shed sheds vs versus "
    "redundancies downsizing restructuring sacked sacks sacking layoff lay-offs terminated eliminated reduction "
    "reductions rif rifs furloughs furloughed culled".split()
)
# Words that end company names ("Kaka AI", "Acme Labs", "Zorblax Inc"): part of an unknown name.
NAME_SUFFIXES = frozenset(
    "ai labs lab inc corp co group technologies tech systems software games studios health bank capital motors "
    "media digital networks cloud io app apps robotics bio therapeutics energy financial pay hq ventures "
    "holdings corporation corp incorporated limited ltd llc plc gmbh ag".split()
)
# A word that can be (part of) a name: letters, or letters with digits, "&", ".", "-" inside.
_NAME_LIKE = re.compile(r"(?=[^a-z]*[a-z])[a-z0-9](?:[a-z0-9&.'\-]*[a-z0-9])?")
# ... but not a count or period in disguise: "10k", "2023s", "q1-q3", "h1-2024", "3rd".
_PERIODISH = re.compile(r"\d+(?:k|s|st|nd|rd|th|x|%)?|q[1-4](?:-q[1-4])?|h[12](?:-h[12])?|\d{4}-\w+|\w+-\d{4}")
_LISTING = frozenset("vs versus compare comparing compared against".split())
_FIRST_THEN = frozenset("biggest largest latest recent last first total layoffs".split())
_POSSESSIVE = re.compile(r"(?:'s|s'|')$")
_COMPACT = re.compile(r"[^a-z0-9]+")
_ALNUM = re.compile(r"[a-z0-9]")


@dataclass(frozen=True, slots=True)
class Entry:
    company_id: int
    company: str
    division: str | None
    ambiguous: bool


@dataclass(frozen=True, slots=True)
class Mention:
    entry: Entry
    surface: str
    start: int
    end: int
    score: float = 100.0

    @property
    def fuzzy(self) -> bool:
        return self.score < 100.0


@dataclass(slots=True)
class Resolution:
    mentions: list[Mention] = field(default_factory=list)
    did_you_mean: list[tuple[str, str]] = field(default_factory=list)
    """(what the user wrote, the company we think they meant)."""
    skipped_ambiguous: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    """Words where a company name clearly goes ("how many did nvidia cut") matching no company."""

    @property
    def companies(self) -> list[str]:
        seen: dict[str, None] = {}
        for mention in self.mentions:
            seen.setdefault(mention.entry.company, None)
        return list(seen)

    @property
    def division(self) -> str | None:
        for mention in self.mentions:
            if mention.entry.division:
                return mention.entry.division
        return None


def _capitalized_mid_sentence(word: str, display: str) -> bool:
    """The user wrote ``word`` capitalized, not as the message's first word ("layoffs at Nvidia")."""
    return bool(re.search(r"(?<!^)\b" + re.escape(word[:1].upper() + word[1:]) + r"\b", display))


def _written_upper(word: str, display: str) -> bool:
    """The user wrote ``word`` in capitals ("FB", "NVDA"): a ticker or an acronym."""
    return bool(re.search(r"\b" + re.escape(word.upper()) + r"\b", display))


def _spaced(words: list[str], first: int, last: int, display: str) -> bool:
    """Words ``first``..``last`` are written with spaces only between them ("goldman sachs"),
    not a comma or "&" ("kaka, kaka labs" are two names)."""
    pattern = r"[\s-]+".join(re.escape(w) for w in words[first : last + 1])
    return bool(re.search(r"(?<![\w])" + pattern + r"(?![\w])", display, re.IGNORECASE))


def _compact(text: str) -> str:
    return _COMPACT.sub("", text)


class CompanyIndex:
    """Every alias and company name, keyed by normalized phrase.  Built once per data version."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.by_key: dict[str, Entry] = {}
        self.by_compact: dict[str, Entry] = {}
        self.names: dict[int, str] = {}
        self.industries: dict[str, str] = {}
        self.countries: dict[str, str] = {}
        companies = db.execute("SELECT id, name, industry, country FROM companies").fetchall()
        flagged = {row[0] for row in db.execute("SELECT alias FROM aliases WHERE ambiguous = 1")}
        for company_id, name, industry, country in companies:
            self.names[company_id] = name
            key = normalize(name)
            if key:
                self._add(key, Entry(company_id, name, None, key in flagged or self._ordinary(key)))
            if industry:
                self.industries.setdefault(industry.lower(), industry)
            if country:
                self.countries.setdefault(normalize(country), country)
        for alias, company_id, division, ambiguous in db.execute(
            "SELECT alias, company_id, division, ambiguous FROM aliases"
        ):
            name = self.names.get(company_id)
            key = normalize(alias or "")
            if name is None or not key:
                continue
            self._add(key, Entry(company_id, name, division or None, bool(ambiguous) or self._ordinary(key)), force=True)
        self._sorted_keys: list[str] | None = None
        self._keys_by_initial: dict[str, list[str]] | None = None
        self._fuzzy_by_length: dict[int, list[str]] = defaultdict(list)
        for key, entry in self.by_key.items():
            if len(key) >= 4 and not entry.ambiguous and " " not in key:
                self._fuzzy_by_length[len(key)].append(key)

    @staticmethod
    def _ordinary(key: str) -> bool:
        return is_ordinary(key) or len(key) <= 2

    def _add(self, key: str, entry: Entry, *, force: bool = False) -> None:
        if force or key not in self.by_key:
            self.by_key[key] = entry
        compact = _compact(key)
        if compact and (force or compact not in self.by_compact):
            self.by_compact.setdefault(compact, entry)

    # -- lookups -----------------------------------------------------------------------------

    def lookup(self, phrase: str) -> Entry | None:
        """Exact, then without a possessive, then without punctuation (a cashtag "$msft" too)."""
        if phrase.startswith("$") and len(phrase) > 1:
            phrase = phrase[1:]
        entry = self.by_key.get(phrase)
        if entry is None:
            bare = _POSSESSIVE.sub("", phrase)
            entry = self.by_key.get(bare)
            if entry is None and len(bare) > 2 and all(_ALNUM.search(w) for w in bare.split()):
                # Punctuation dropped inside a name ("d-id", "byju s"), never a whole word
                # dropped: "% did" must not become D-ID, nor a question word any company.
                compact = _compact(bare)
                if compact not in QUESTION_WORDS:
                    entry = self.by_compact.get(compact)
        return entry

    def resolve(self, normalized: str, display: str, *, bare_ok: bool = False) -> Resolution:
        """Every company mentioned in ``normalized`` (time phrases already removed)."""
        words = normalized.split()
        result = Resolution()
        context = bool(LAYOFF_CONTEXT.search(normalized))
        meaningful = [w for w in words if w not in QUESTION_WORDS]
        i = 0
        while i < len(words):
            found = None
            for n in range(min(MAX_ALIAS_WORDS, len(words) - i), 0, -1):
                phrase = " ".join(words[i : i + n])
                if n == 1 and phrase in QUESTION_WORDS:
                    break
                entry = self.lookup(phrase)
                if entry is not None:
                    found = (entry, phrase, n)
                    break
            if found is None:
                i += 1
                continue
            entry, phrase, n = found
            if entry.ambiguous and not self._ambiguous_ok(phrase, words, i, n, display, context, bare_ok, meaningful):
                result.skipped_ambiguous.append(phrase)
                i += n
                continue
            result.mentions.append(Mention(entry, phrase, i, i + n))
            i += n
        covered = {p for m in result.mentions for p in range(m.start, m.end)}
        self._fuzzy(words, result, display, covered=covered, typos=not result.mentions)
        return result

    def _ambiguous_ok(
        self, phrase: str, words: list[str], i: int, n: int, display: str, context: bool, bare_ok: bool,
        meaningful: list[str],
    ) -> bool:
        bare = _POSSESSIVE.sub("", phrase)
        capitalized = re.search(r"(?<!^)(?<![.!?]\s)\b" + re.escape(bare[:1].upper() + bare[1:]) + r"\b", display)
        if len(bare) <= 2:
            # "X" in capitals next to layoff words; lower case only where nothing but a company
            # fits: "layoffs at x", "how many did x cut", a question starting "x layoffs".
            if re.search(r"\b" + re.escape(bare.upper()) + r"\b", display):
                return context or bare_ok
            before = words[i - 1] if i else ""
            after = words[i + n] if i + n < len(words) else ""
            if after in ("job", "jobs") or (context and i == 0):
                return True  # "fb job cuts 2023"
            if before in ("vs", "versus") or after in ("vs", "versus"):
                return True  # "intel vs hp": a comparison has a name on each side
            if before in ("and", "or") and i >= 2 and self.lookup(words[i - 2]) is not None:
                return True  # "dell and hp"
            if after in ("and", "or") and i + n + 1 < len(words) and self.lookup(words[i + n + 1]) is not None:
                return True  # "hp and dell"
            if self._comma_listed(bare, before, after, display):
                return True  # "intel, hp and ibm", "compare hp, intel and ibm": a list of names
            return context and (before in ("at", "did", "has", "by") or (i == 0 and after in ("layoffs", "layoff", "cuts")))
        before = " ".join(words[:i])
        after = " ".join(words[i + n :])
        if _ORDINARY_USE_BEFORE.search(before) or _ORDINARY_USE_AFTER.search(after):
            return bool(capitalized)
        if bare_ok and len(meaningful) <= n + 1:
            return True
        return context or bool(capitalized and i > 0)

    def _comma_listed(self, bare: str, before: str, after: str, display: str) -> bool:
        """Is ``bare`` one item of a comma-separated list beside a name we have?  (Normalizing
        drops the commas, so they are read in the displayed text.)"""
        for left, right, neighbour in ((before, bare, before), (bare, after, after)):
            if neighbour and self.lookup(neighbour) is not None and re.search(
                    rf"\b{re.escape(left)}\s*,\s*{re.escape(right)}\b", display, re.IGNORECASE):
                return True
        return False

    @staticmethod
    def _company_slot(words: list[str], position: int, display: str) -> bool:
        """Is this word where a company name goes?  ("Amazn layoffs", "has Amazn cut", "layoffs
        at Amazn", a capitalized word, or the question's only word.)  Ordinary words elsewhere
        ("what's going on") are never guessed at."""
        word = words[position]
        before = words[position - 1] if position else ""
        after = words[position + 1] if position + 1 < len(words) else ""
        if len(words) <= 2 or word.endswith("'s"):
            return True
        if before in _SLOT_BEFORE or after in _SLOT_AFTER:
            return True
        return _capitalized_mid_sentence(word, display)

    def _not_a_name(self, bare: str) -> bool:
        """Question, intent, topic, industry and country words are never a company we lack."""
        return (bare in NEVER_A_NAME or bare in INDUSTRY_SYNONYMS or bare in COUNTRY_SYNONYMS
                or bare in self.industries or bare in self.countries)

    def _fuzzy(
        self, words: list[str], result: Resolution, display: str = "", *, covered: set[int] | None = None,
        typos: bool = True,
    ) -> None:
        """Words left over after exact matching: typos of a name (only when nothing matched
        exactly, ``typos``), and names we don't have (always: "dell vs hp vs nvidia")."""
        covered = set(covered or ())  # names we have, then also those we don't ("amazon and 2kaka and kakaka")
        for position, word in enumerate(words):
            if position in covered:
                continue
            if self._ampersand_name(words, position, display, covered, result):
                continue  # "ernst & young job cuts": two words joined by "&" are one name
            before_unknown = len(result.unknown)
            self._leftover(words, position, word, result, display, covered, typos)
            if len(result.unknown) > before_unknown:
                # The whole unknown name ("kaka ai") now counts as a name beside its neighbours.
                size = len(result.unknown[-1].split())
                for start in range(max(0, position - size + 1), position + 1):
                    if " ".join(_POSSESSIVE.sub("", w).lstrip("$") for w in words[start: start + size]) \
                            == result.unknown[-1]:
                        covered.update(range(start, start + size))
                        break
                covered.add(position)

    def _ampersand_name(
        self, words: list[str], position: int, display: str, covered: set[int], result: Resolution
    ) -> bool:
        """Two words the user joined with "&" ("Ernst & Young", "Procter & Gamble"), where a name
        goes and matching no company: one name we don't have."""
        if position + 1 >= len(words) or position + 1 in covered or "&" not in display:
            return False
        first, second = words[position], words[position + 1]
        if not (first.isalpha() and second.isalpha()) or first in QUESTION_WORDS or second in QUESTION_WORDS:
            return False
        if not re.search(rf"\b{re.escape(first)}\s*&\s*{re.escape(second)}\b", display, re.IGNORECASE):
            return False
        if self.lookup(f"{first} {second}") is not None or not (
                len(words) == 2  # the whole message: "kaka & kaka?"
                or self._strong_slot(words, position, display, covered)
                or self._strong_slot(words, position + 1, display, covered)):
            return False
        result.unknown.append(f"{first} {second}")
        covered.update((position, position + 1))
        return True

    def _leftover(
        self, words: list[str], position: int, word: str, result: Resolution, display: str, covered: set[int],
        typos: bool,
    ) -> None:
        """One word no name matched: a typo of a name, a name we don't have, or nothing."""
        from rapidfuzz import fuzz, process

        bare = _POSSESSIVE.sub("", word).lstrip("$")  # "$NVDA": a cashtag
        if not _NAME_LIKE.fullmatch(bare) or self._not_a_name(bare) or self.lookup(word) is not None:
            return  # a known name left out as an ordinary word ("oracle" without layoff words) is not unknown
        if bare in NAME_SUFFIXES and (position == 0 or position - 1 in covered or words[position - 1] in QUESTION_WORDS):
            return  # "labs", "ai" alone name nothing ("general motors" does)
        strong = self._strong_slot(words, position, display, covered)
        if not bare.isalpha():
            # "3m", "23andme", "7-eleven", "at&t", "t-mobile", "booking.com": only where a name surely goes.
            if strong and not _PERIODISH.fullmatch(bare):
                result.unknown.append(self._whole_name(words, position, covered, display))
            return
        if len(bare) < 4:
            # "FB layoffs", "how many did ibm cut", "intel vs hp": a short name where a name goes.
            if len(bare) >= 2 and strong:
                result.unknown.append(self._whole_name(words, position, covered, display))
            return
        if bare in COMPANY_LIKE_WORDS:
            if strong:  # "stripe layoffs": a word some company is named after, where a name goes
                result.unknown.append(self._whole_name(words, position, covered, display))
            return
        if bare in COMMON_WORDS or not (strong or self._company_slot(words, position, display)):
            return
        candidates: list[str] = []
        for length in range(len(bare) - 2, len(bare) + 3):
            candidates.extend(self._fuzzy_by_length.get(length, ()))
        best = process.extractOne(bare, candidates, scorer=fuzz.ratio, score_cutoff=DID_YOU_MEAN_SCORE) \
            if candidates else None
        if best is None:
            if strong:
                result.unknown.append(self._whole_name(words, position, covered, display))
            return
        key, score, _ = best
        entry = self.by_key[key]
        if typos and len(bare) >= 7 and self._one_edit(bare, key):
            result.mentions.append(Mention(entry, word, 0, 0, score))
        elif abs(len(key) - len(bare)) <= 1:
            result.did_you_mean.append((word, entry.company))
            if not typos:  # beside names we have ("amazon vs gogle"): a name we don't have
                result.unknown.append(bare)
        elif strong:
            # "foods" is not a typo of "Foodsby": a prefix of a longer name is no did-you-mean.
            result.unknown.append(self._whole_name(words, position, covered, display))

    def _whole_name(self, words: list[str], position: int, covered: set[int], display: str) -> str:
        """The unknown name with its neighbours that are no question words ("goldman sachs",
        "wells fargo"), never reaching into a name we matched."""
        def part(i: int) -> bool:
            word = _POSSESSIVE.sub("", words[i]) if 0 <= i < len(words) else ""
            return bool(word) and i not in covered and bool(_NAME_LIKE.fullmatch(word)) and not self._not_a_name(word) \
                and self.lookup(words[i]) is None and _spaced(words, min(i, position), max(i, position), display)
        first = last = position
        suffix = words[position] in NAME_SUFFIXES  # "general motors": any word before a name's suffix
        while first - 1 >= 0 and (part(first - 1) or (suffix and first == position and words[first - 1].isalpha()
                                                        and words[first - 1] not in QUESTION_WORDS)) \
                and first - 1 not in covered and position - first < 2:
            first -= 1
        while last + 1 < len(words) and (part(last + 1) or (words[last + 1] in NAME_SUFFIXES
                                                            and _spaced(words, last, last + 1, display))) \
                and last + 1 not in covered and last - position < 2 and words[last] not in NAME_SUFFIXES:
            last += 1  # a suffix ends the name: "kaka labs, kaka ai" are two
        return " ".join(_POSSESSIVE.sub("", w).lstrip("$") for w in words[first : last + 1])

    @staticmethod
    def _strong_slot(words: list[str], position: int, display: str, covered: set[int] | None = None) -> bool:
        """Surely a company name: "at Nvidia", "did nvidia cut", "nvidia layoffs", "nvidia job
        cuts", "Nvidia's", "dell vs nvidia", "dell and nvidia" (next to a name), a capitalized
        word mid-sentence, or a one-word question."""
        covered = covered or set()
        word = words[position]
        before = words[position - 1] if position else ""
        after = words[position + 1] if position + 1 < len(words) else ""
        after2 = words[position + 2] if position + 2 < len(words) else ""
        if len(words) == 1 or word.endswith("'s"):
            return True
        if _POSSESSIVE.sub("", after) in NAME_SUFFIXES and position + 1 not in covered:
            # "kaka ai layoffs", "acme labs cut": a name's suffix sits between it and the layoff word
            after, after2 = after2, (words[position + 3] if position + 3 < len(words) else "")
            if position == 0 and not after:
                return True  # the whole message is a name: "kaka labs?"
        if before in _STRONG_BEFORE or after in _STRONG_AFTER:
            return True
        if after == "job" and after2 in ("cuts", "cut", "losses", "loss"):
            return True
        if after in ("planning", "plans", "planned") or (position == 0 and after in _FIRST_THEN):
            return True  # "is nvidia planning", "nvidia biggest layoff", "nvidia latest cuts"
        if before in ("and", "or", "with") and (position - 2 in covered or position == 1):
            return True  # "amazon and nvidia", "compare meta with nvidia", a follow-up "and verizon?"
        if (position - 1 in covered or position + 1 in covered) and _LISTING.intersection(words):
            return True  # "compare amazon, meta, kaka, google": a list of names
        if after == "let" and after2 == "go":
            return True  # "robinhood let go how many"
        if after in ("and", "or") and position + 2 in covered:
            return True
        return _capitalized_mid_sentence(word, display)

    @staticmethod
    def _one_edit(written: str, key: str) -> bool:
        """One insertion, deletion, substitution or swap of neighbours ("Salesfroce")."""
        from rapidfuzz.distance import OSA

        return OSA.distance(written, key, score_cutoff=1) <= 1

    def prefix(self, prefix: str, limit: int) -> list[str]:
        """Companies with a name or alias starting with ``prefix`` (binary search in the sorted keys)."""
        key = normalize(prefix)
        if self._sorted_keys is None:
            self._sorted_keys = sorted(self.by_key)
        keys = self._sorted_keys
        out: dict[str, None] = {}
        position = bisect.bisect_left(keys, key)
        while position < len(keys) and keys[position].startswith(key):
            out.setdefault(self.by_key[keys[position]].company, None)
            position += 1
        return list(out)

    def fuzzy_names(self, text: str, limit: int) -> list[str]:
        """Companies whose name or alias is close to ``text`` (typos in autocomplete).

        Only keys of about the same length, or starting with the same letter and longer (a
        typo in a prefix: "micrs" -> "microsoft"), are scored: that keeps it fast at 50k names."""
        from rapidfuzz import fuzz, process

        key = normalize(text)
        if len(key) < 3:
            return []
        if self._keys_by_initial is None:
            self._keys_by_initial = defaultdict(list)
            for alias in self.by_key:
                self._keys_by_initial[alias[:1]].append(alias)
        candidates = [k for k in self._keys_by_initial.get(key[:1], ()) if len(k) >= len(key) - 2]
        hits = process.extract(
            key, candidates, scorer=fuzz.partial_ratio if len(key) < 6 else fuzz.WRatio, limit=limit * 2, score_cutoff=75
        )
        out: dict[str, None] = {}
        for alias, _, _ in hits:
            out.setdefault(self.by_key[alias].company, None)
        return list(out)[:limit]
