"""deadlines: time limits on decided actions, normalised to the last calendar day allowed.

Candidates come from rules over the text (`within N days`, `by June 30`,
`before 1 May 2025`, `by the end of the year`, `in the next session`), never
from dateparser over the whole statement (PITFALLS.md). dateparser only reads
the date part of a candidate, with the meeting date as its base and future
dates preferred, and its answers are cached.
"""
import calendar
import json
import re
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import dateparser
from spacy.language import Language
from spacy.tokens import Doc, Span

PATTERNS_PATH = Path(__file__).parent / "patterns" / "deadlines.json"
WORDS = json.loads(PATTERNS_PATH.read_text(encoding="utf-8"))

_NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(map(re.escape, WORDS["number_words"]), key=len, reverse=True)) + r")"
_UNIT = r"(?:hours?|days?|weeks?|fortnight|months?|years?)"
_MONTH = r"(?:" + "|".join(sorted(WORDS["months"], key=len, reverse=True)) + r")\.?"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}(?:\s+\d{{4}})?(?![\w-])"
    rf"|the\s+end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:current\s+)?(?:fiscal\s+year|financial\s+year|year|month)"
    rf"|next\s+(?:week|month|year))"
)
_LIMIT = r"(?:no\s+later\s+than|not\s+later\s+than|within|by|before|till|until)"
_SESSION = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in WORDS["session_phrases"])

CANDIDATE = re.compile(
    rf"\b(?:(?P<within>within\s+(?:the\s+next\s+)?(?P<n>{_NUMBER})\s+(?P<unit>{_UNIT}))"
    rf"|(?P<fiscal>within\s+the\s+current\s+(?:fiscal|financial)\s+year)"
    rf"|(?P<limit>(?P<cue>{_LIMIT})\s+(?P<date>{_DATE}))"
    rf"|(?P<granted>(?P<gn>{_NUMBER})\s+(?P<gunit>{_UNIT})\s+(?=to\s+\w))"
    rf"|(?P<session>{_SESSION}))\b",
    re.IGNORECASE,
)


def number_value(word: str) -> int:
    return int(word) if word.isdigit() else WORDS["number_words"][word.lower()]


def add_months(base: date, months: int) -> date:
    month_index = base.month - 1 + months
    year, month = base.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(base.day, calendar.monthrange(year, month)[1]))


def after_duration(base: date | None, count: int, unit: str) -> date | None:
    if base is None:
        return None
    unit = unit.lower().rstrip("s")
    if unit in WORDS["unit_months"]:
        return add_months(base, count * WORDS["unit_months"][unit])
    return base + timedelta(days=count * WORDS["unit_days"][unit])


def fiscal_year_end(base: date) -> date:
    end = date(base.year, WORDS["fiscal_year_end"]["month"], WORDS["fiscal_year_end"]["day"])
    return end if end >= base else date(base.year + 1, end.month, end.day)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_end(phrase: str, base: date | None) -> date | None:
    """`the end of the year`, `next week`, ...: the last day of the named period."""
    if base is None:
        return None
    phrase = " ".join(phrase.lower().split())
    if "fiscal" in phrase or "financial" in phrase:
        end = fiscal_year_end(base)
        return date(end.year + 1, end.month, end.day) if "next" in phrase else end
    if phrase.endswith("month"):
        return month_end(*divmod_month(add_months(base, 1 if "next" in phrase else 0)))
    if phrase.endswith("year"):
        return date(base.year + (1 if phrase.startswith("next") or "next year" in phrase else 0), 12, 31)
    if phrase == "next week":
        return base + timedelta(days=7 + (6 - base.weekday()))
    return None


def divmod_month(day: date) -> tuple[int, int]:
    return day.year, day.month


@lru_cache(maxsize=4096)
def parse_calendar_date(phrase: str, base: date | None) -> date | None:
    """A month-and-day phrase as the next such day on or after `base`; a month alone as its last day."""
    has_year = re.search(r"\d{4}", phrase) is not None
    if base is None and not has_year:
        return None
    settings = {"PREFER_DATES_FROM": "future", "PREFER_DAY_OF_MONTH": "last", "REQUIRE_PARTS": ["month"]}
    if base is not None:
        settings["RELATIVE_BASE"] = base_datetime(base)
    parsed = dateparser.parse(re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", phrase), languages=["en"], settings=settings)
    if parsed is None:
        return None
    found = parsed.date()
    if base is not None and not has_year and found < base:
        found = found.replace(year=found.year + 1)
    return found


def base_datetime(day: date):
    from datetime import datetime

    return datetime(day.year, day.month, day.day)


def resolve_date(match: re.Match, base: date | None) -> date | None:
    if match.group("within"):
        return after_duration(base, number_value(match.group("n")), match.group("unit"))
    if match.group("granted"):
        return after_duration(base, number_value(match.group("gn")), match.group("gunit"))
    if match.group("fiscal"):
        return fiscal_year_end(base) if base else None
    if match.group("session"):
        return None
    phrase = match.group("date")
    if re.match(r"(?i)(the\s+end|next\s)", phrase):
        found = period_end(phrase, base)
    else:
        found = parse_calendar_date(phrase, base)
    if found is not None and match.group("cue").lower() == "before":
        return found - timedelta(days=1)
    return found


def governing_verb(span: Span):
    for token in span[0].ancestors:
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None


def bounds_a_future_action(span: Span, cue: str | None) -> bool:
    """A limit on something still to be done, not a past fact (`operations conducted until October`)."""
    verb = governing_verb(span)
    if verb is None:
        return True
    modal = any(child.tag_ == "MD" or child.lower_ == "to" for child in verb.children)
    if cue and cue.lower() in ("till", "until"):
        return verb.tag_ == "VB" or modal
    return verb.tag_ != "VBD" or modal


def find_deadlines(doc: Doc) -> list[Span]:
    base = (doc._.meeting or {}).get("date") or doc._.reference_date
    found = []
    for match in CANDIDATE.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="contract")
        if span is None or len(span) == 0:
            continue
        if not bounds_a_future_action(span, match.group("cue")):
            continue
        span._.date = resolve_date(match, base)
        found.append(span)
    return found


class DeadlineFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans["deadlines"] = find_deadlines(doc)
        return doc


@Language.factory("deadlines", assigns=["doc.spans"], default_config={})
def make_deadlines(nlp: Language, name: str) -> DeadlineFinder:
    return DeadlineFinder()
