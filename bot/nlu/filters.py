"""Industry and country filters for rankings and overviews ("biggest fintech layoffs 2024",
"most layoffs in India").

Lookup strategy: synonyms first ("fintech" -> Finance, "indian" -> India, "US" -> United States),
then the industry and country names present in the database, whole words only.  A filter is
only applied when the database has that industry or country.
"""

from __future__ import annotations

import re

__all__ = ["find_industry", "find_country", "INDUSTRY_SYNONYMS", "COUNTRY_SYNONYMS"]

INDUSTRY_SYNONYMS: dict[str, str] = {
    "fintech": "finance", "fin tech": "finance", "financial": "finance", "banking": "finance", "payments": "finance",
    "finance": "finance", "insurtech": "finance",
    "crypto": "crypto", "cryptocurrency": "crypto", "web3": "crypto", "blockchain": "crypto",
    "edtech": "education", "education": "education", "ed tech": "education",
    "healthtech": "healthcare", "health tech": "healthcare", "healthcare": "healthcare", "health": "healthcare",
    "biotech": "healthcare",
    "proptech": "real estate", "real estate": "real estate",
    "food delivery": "food", "foodtech": "food", "food": "food",
    "ecommerce": "retail", "e-commerce": "retail", "retail": "retail",
    "hr tech": "hr", "hr": "hr", "adtech": "marketing", "marketing": "marketing",
    "cybersecurity": "security", "security": "security",
    "ai": "ai", "artificial intelligence": "ai",
    "mobility": "transportation", "transportation": "transportation", "transport": "transportation",
    "automotive": "transportation", "ride hailing": "transportation", "travel": "travel",
    "media": "media", "hardware": "hardware", "semiconductor": "hardware", "semiconductors": "hardware",
    "chip": "hardware", "chipmakers": "hardware", "logistics": "logistics", "energy": "energy",
    "climate": "energy", "fitness": "fitness", "consumer": "consumer", "social media": "consumer",
    "gaming": "consumer", "data": "data", "infrastructure": "infrastructure", "cloud": "infrastructure",
    "saas": "other", "recruiting": "recruiting", "aerospace": "aerospace", "space": "aerospace",
    "legal": "legal", "construction": "construction", "manufacturing": "manufacturing", "support": "support",
    "sales": "sales", "product": "product",
    # plurals of the "-tech" words ("which fintechs cut the most"); never "foods" (Whole Foods)
    "fintechs": "finance", "edtechs": "education", "healthtechs": "healthcare", "proptechs": "real estate",
    "insurtechs": "finance", "foodtechs": "food", "adtechs": "marketing", "biotechs": "healthcare",
    "chipmaker": "hardware", "crypto companies": "crypto",
}

COUNTRY_SYNONYMS: dict[str, str] = {
    "usa": "united states", "u.s": "united states", "u.s.a": "united states", "america": "united states",
    "american": "united states", "united states": "united states", "us": "united states",
    "uk": "united kingdom", "u.k": "united kingdom", "britain": "united kingdom", "british": "united kingdom",
    "england": "united kingdom", "indian": "india", "india": "india", "german": "germany", "canadian": "canada",
    "israeli": "israel", "brazilian": "brazil", "australian": "australia", "singaporean": "singapore",
    "swedish": "sweden", "indonesian": "indonesia", "nigerian": "nigeria", "chinese": "china", "dutch": "netherlands",
    "french": "france", "irish": "ireland", "japanese": "japan", "spanish": "spain", "mexican": "mexico",
}

_pattern_cache: dict[tuple[str, ...], re.Pattern[str]] = {}


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    pattern = _pattern_cache.get(words)
    if pattern is None:
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        pattern = _pattern_cache[words] = re.compile(rf"(?<![\w.])({alternatives})(?!\w|\.\w)")  # "crypto.com" is a name
    return pattern


def find_industry(normalized: str, industries: dict[str, str]) -> tuple[str, str] | None:
    """(industry as stored, the words it was read from) or ``None``.  ``industries``: lower -> stored."""
    words = tuple(sorted(set(INDUSTRY_SYNONYMS) | set(industries)))
    for match in _pattern(words).finditer(normalized):
        word = match.group(1)
        target = INDUSTRY_SYNONYMS.get(word, word)
        if target in industries:
            if word in ("data", "product", "support", "sales", "other", "consumer", "space", "health", "security", "legal"):
                # Ordinary words: only as "<word> companies/layoffs/sector/industry".
                if not re.search(rf"\b{re.escape(word)} (?:compan|firm|startup|layoff|sector|industry|job)", normalized):
                    continue
            return industries[target], match.group(0)
    return None


def find_country(normalized: str, display: str, countries: dict[str, str]) -> tuple[str, str] | None:
    """(country as stored, the words it was read from) or ``None``.  ``countries``: normalized -> stored."""
    words = tuple(sorted(set(COUNTRY_SYNONYMS) | set(countries)))
    for match in _pattern(words).finditer(normalized):
        word = match.group(1)
        if word == "us" and not re.search(r"\bU\.?S\.?\b", display) and not re.search(
            r"(?:^|\bin the )us (?:layoffs?|companies|tech|firms|startups|based|job cuts)\b|\bin the us\b", normalized
        ):
            continue  # "tell us" is not the United States; "us layoffs", "in the us" are
        target = COUNTRY_SYNONYMS.get(word, word)
        if target in countries:
            return countries[target], word
    return None
