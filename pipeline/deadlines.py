"""deadlines: time limits on decided actions, normalised to the last calendar day allowed.

Candidates come from rules over the text, never from dateparser over the
whole statement (PITFALLS.md). Each rule is a regular expression built from
the word lists in patterns/deadlines.json and a resolver that turns its match
into a date:

  within      within seven days, within 48 hours, within 60 days of the LC being opened
  granted     gave the ministry one week to report
  in_period   finish delimitation in four months
  limit       by June 30, before the end of November, by 2029, by mid-June, by the third week of May,
              until April 30 (to leave),
              before the next ECC meeting, before Eidul Azha, no later than the 2021 Spring Meetings
  on_date     review the measures on May 5, at a meeting on April 13, at the Riyadh Summit on 21-22 November
  gathering   for adoption at the 42nd ASEAN Summit, at the G20 Leaders' Summit in November
  in_month    the ministers will meet again in October
  in_year     will be held in Russia in 2025
  in_quarter  will host a conference in the first quarter of 2026
  next_period will be held in Ankara next year
  named_date  set October 31 as the deadline, with the period extended to December 2029
  period_deadline  a 30-day deadline, a 48-hour ultimatum
  due         with the first report due on December 15
  session     in the next session, at its next meeting

A candidate's date part is read with the meeting date as its base and future
dates preferred: plain dates ('June 30', '1 May 2025', 'March') by
`written_date`, anything else by dateparser (loaded only then; its answers
are cached). Where candidates overlap, the longest wins.
"""
import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.clauses import tells_an_earlier_act
from pipeline.errors import read_json
from pipeline.lexicon import load_lexicon

WORDS_PATH = Path(__file__).parent / "patterns" / "deadlines.json"


def load_words(path: str | Path | None = None, lexicon_path: str | Path | None = None) -> dict:
    """The component's word lists with the lexicon's number words, months and weekdays."""
    words = read_json(Path(path) if path else WORDS_PATH)
    lexicon = load_lexicon(lexicon_path)
    return {
        **words,
        "number_words": {**words["article_numbers"], **lexicon.number_words},
        "months": list(lexicon.months),
        "month_abbreviations": list(lexicon.month_abbreviations),
        "month_numbers": {**lexicon.months, **lexicon.month_abbreviations},
        "weekdays": list(lexicon.weekdays),
    }


@lru_cache(maxsize=1)
def packaged_words() -> dict:
    """The packaged lists, for calling the date functions below directly (the component passes its own)."""
    return load_words()


def _alternatives(phrases, case_sensitive: bool = False, opens_rule: bool = False) -> str:
    """A regex alternation of word-list phrases, longest first, spaces matching any whitespace.
    `opens_rule`: the alternation a rule starts with, which re tries at every position (see first_letter_check)."""
    escaped = [re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True)]
    body = (first_letter_check(phrases) if opens_rule else "") + "(?:" + "|".join(escaped) + ")"
    return f"(?-i:{body})" if case_sensitive else f"(?:{body})"


def first_letter_check(phrases) -> str:
    """A lookahead for the letters the phrases begin with: re tries every branch at every position
    otherwise, and the rules that open with a number word took a third of the component's time.
    Only where a rule opens: inside a rule it costs compiling time (every start) and saves nothing."""
    firsts = {p[:1] for p in phrases}
    if not firsts or "" in firsts or any(c.isspace() for c in firsts):
        return ""  # an empty phrase matches anywhere; a leading space matches any whitespace
    return "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"


_UNIT = r"(?:hours?|days?|weeks?|fortnights?|months?|years?)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DAYS = rf"(?:{_DAY}\s*[-–]\s*)?{_DAY}"  # '21-22 November' ends on the 22nd
_YEAR = r"(?:19|20)\d{2}"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    resolve: Callable[[re.Match, date | None, "Grammar"], date | None]
    needs_future_action: bool = True


@dataclass(frozen=True)
class Grammar:
    """The rules' regular expressions, built once from the word lists a component is given, and those lists.
    The fragments here are the ones resolvers match a found date against."""
    words: dict
    month_or_year: str
    calendar_day: str
    period_end: str
    quarter: str
    weekday: str
    part_of_month: str
    rules: tuple[Rule, ...]


# ---------------------------------------------------------------- dates


def number_value(word: str, words: dict) -> int:
    return int(word) if word.isdigit() else words["number_words"][word.lower()]


def add_months(base: date, months: int) -> date:
    month_index = base.month - 1 + months
    year, month = base.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(base.day, calendar.monthrange(year, month)[1]))


def after_duration(base: date | None, count: int, unit: str, words: dict | None = None) -> date | None:
    """The last day of a period of `count` units from `base`; hours round up to whole days."""
    if base is None:
        return None
    words = words or packaged_words()
    unit = unit.lower().rstrip("s")
    if unit in words["unit_months"]:
        return add_months(base, count * words["unit_months"][unit])
    if unit in words["unit_hours"]:
        return base + timedelta(days=math.ceil(count * words["unit_hours"][unit] / 24))
    return base + timedelta(days=count * words["unit_days"][unit])


def fiscal_year_end(base: date, words: dict) -> date:
    end = date(base.year, words["fiscal_year_end"]["month"], words["fiscal_year_end"]["day"])
    return end if end >= base else date(base.year + 1, end.month, end.day)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_end(phrase: str, base: date | None, grammar: Grammar) -> date | None:
    """`the end of the year`, `the end of November`, `next week`, ...: the last day of the named period."""
    phrase = " ".join(phrase.lower().split())
    named = re.sub(r"^(?:the end of |end-)", "", phrase)
    if named != phrase and re.match(rf"(?i){grammar.month_or_year}$", named):
        return parse_calendar_date(named, base, grammar.words["month_numbers"])
    if base is None:
        return None
    if "fiscal" in phrase or "financial" in phrase:
        end = fiscal_year_end(base, grammar.words)
        return date(end.year + 1, end.month, end.day) if "next" in phrase else end
    if phrase.endswith("quarter"):
        quarter_last_month = 3 * ((base.month - 1) // 3 + 1)
        return month_end(base.year, quarter_last_month)
    if phrase.endswith("month"):
        following = add_months(base, 1 if "next" in phrase else 0)
        return month_end(following.year, following.month)
    if phrase.endswith("year"):
        return date(base.year + (1 if "next" in phrase else 0), 12, 31)
    if phrase.endswith("week"):
        week_end = base + timedelta(days=6 - base.weekday())
        return week_end + timedelta(days=7) if "next" in phrase else week_end
    return None


# The shapes the rules hand over (a month with or without a day, either order, 'of' between, a year):
# read here, since loading dateparser and building its regular expressions was 0.2 s of every start.
WRITTEN_DATE = re.compile(
    r"(?i)(?:(?P<month_first>[a-z]+)\.?\s+(?P<day_after>\d{1,2})|(?P<day>\d{1,2})\s+(?:of\s+)?(?P<month>[a-z]+)\.?"
    r"|(?P<month_alone>[a-z]+)\.?)(?:,?\s+(?P<year>\d{4}))?"
)


def parse_calendar_date(phrase: str, base: date | None, months: dict[str, int] | None = None) -> date | None:
    """A day as the next such day after `base`; a month alone as its last day; a year as 31 December.
    `months`: month names and abbreviations -> number (None: the lexicon's)."""
    phrase = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", phrase)
    phrase = re.sub(r"\d{1,2}\s*[-–]\s*(?=\d)", "", phrase)  # a range of days ends on its last day
    if re.fullmatch(_YEAR, phrase.strip()):
        return date(int(phrase), 12, 31)
    has_year = re.search(r"\d{4}", phrase) is not None
    if base is None and not has_year:
        return None
    found = written_date(phrase, base, months or packaged_words()["month_numbers"]) or dateparser_date(phrase, base)
    if found is None:
        return None
    if base is not None and not has_year and found < base:
        found = found.replace(year=found.year + 1)
    return found


def written_date(phrase: str, base: date | None, months: dict[str, int]) -> date | None:
    """What dateparser (future dates preferred, the last day of a month alone) reads in a plain date;
    None for anything else, which is left to it: no such day ('April 31'), day 0 or past 31 (it reads
    'June 45' as June 2045), 29 February without a year, a month alone after the 28th (from 29 March
    2024 it reads 'February' as 29 February 2028)."""
    match = WRITTEN_DATE.fullmatch(phrase.strip())
    if match is None:
        return None
    month = months.get((match["month_first"] or match["month"] or match["month_alone"]).lower())
    written_day = match["day_after"] or match["day"]
    day = int(written_day) if written_day else None
    if month is None or (day is not None and not 1 <= day <= 31):
        return None
    if match["year"]:
        return day_of(int(match["year"]), month, day)
    if day is None and base.day > 28:
        return None
    found = day_of(base.year, month, day)
    return found if found is None or found > base else day_of(base.year + 1, month, day)  # a day after base


def day_of(year: int, month: int, day: int | None) -> date | None:
    """The day, or the month's last day when no day is given; None when there is no such day."""
    if day is None:
        return month_end(year, month)
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def dateparser_date(phrase: str, base: date | None) -> date | None:
    settings = {"PREFER_DATES_FROM": "future", "PREFER_DAY_OF_MONTH": "last", "REQUIRE_PARTS": ["month"]}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    import dateparser  # here, not at import: only a date in an unusual shape needs it

    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    return None if parsed is None else parsed.date()


def quarter_end(phrase: str, base: date | None, words: dict) -> date | None:
    """'the first quarter of 2026' ends on 31 March 2026, 'the second half of the year' on 31 December."""
    phrase = " ".join(phrase.lower().split())
    ordinal, part = re.match(r"the (\w+) (quarter|half)", phrase).groups()
    year_match = re.search(_YEAR, phrase)
    if year_match:
        year = int(year_match.group(0))
    elif base is not None:
        year = base.year + (1 if "next year" in phrase else 0)
    else:
        return None
    return month_end(year, words["quarter_last_month" if part == "quarter" else "half_last_month"][ordinal])


def next_weekday(phrase: str, base: date | None, words: dict) -> date | None:
    """'by Friday' said at a Tuesday meeting is that week's Friday; said on a Friday, the next one."""
    if base is None:
        return None
    weekday = words["weekdays"].index(phrase.lower().split()[-1])
    return base + timedelta(days=(weekday - base.weekday() - 1) % 7 + 1)


def resolve_quarter(match: re.Match, base: date | None, grammar: Grammar) -> date | None:
    return quarter_end(match.group("date"), base, grammar.words)


def resolve_next_period(match: re.Match, base: date | None, grammar: Grammar) -> date | None:
    return period_end(match.group("date"), base, grammar)


def part_of_month_end(phrase: str, base: date | None, words: dict) -> date | None:
    """'the third week of June' ends on the 21st, 'mid-June' on the 15th, 'mid-2026' on 30 June 2026."""
    phrase = " ".join(phrase.lower().split())
    week = re.match(r"(?:the )?(\w+) week of (.+)$", phrase)
    named = week.group(2) if week else re.sub(r"^mid-?\s*", "", phrase)
    if re.fullmatch(_YEAR, named):
        return date(int(named), 6, 30) if not week else None
    month_last_day = parse_calendar_date(named, base, words["month_numbers"])
    if month_last_day is None:
        return None
    day = words["week_of_month_last_day"][week.group(1)] if week else words["mid_month_day"]
    return month_last_day.replace(day=min(day, month_last_day.day))


def day_before_if_before(found: date | None, cue: str, phrase: str, grammar: Grammar) -> date | None:
    """`before 1 May` allows 30 April, `before March 2026` 28 February, `before 2027` 31 December 2026;
    `before the end of November` still allows 30 November."""
    if found is None or cue.lower() != "before" or re.match(r"(?i)the\s+end", phrase):
        return found
    if re.fullmatch(_YEAR, phrase):
        return date(found.year - 1, 12, 31)
    if re.fullmatch(rf"(?i){grammar.month_or_year}", phrase):
        return found.replace(day=1) - timedelta(days=1)
    return found - timedelta(days=1)


# ---------------------------------------------------------------- resolvers


def resolve_within(match: re.Match, base: date | None, grammar: Grammar) -> date | None:
    if match.group("event"):  # 'within 60 days of the LC being opened': counted from an unknown day
        return None
    return resolve_period(match, base, grammar)


def resolve_period(match: re.Match, base: date | None, grammar: Grammar) -> date | None:
    return after_duration(base, number_value(match.group("n"), grammar.words), match.group("unit"), grammar.words)


def resolve_current_fiscal_year(match: re.Match, base: date | None, grammar: Grammar) -> date | None:
    return fiscal_year_end(base, grammar.words) if base else None


def resolve_limit(match: re.Match, base: date | None, grammar: Grammar) -> date | None:
    phrase = " ".join(match.group("date").split())
    lowered = phrase.lower()
    cue = match.group("cue")
    if re.match(r"the next .*(fiscal|financial) year (begins|starts)$", lowered):
        return fiscal_year_end(base, grammar.words) if base else None
    if re.match(rf"(?i)(?:{grammar.quarter})$", phrase):
        return quarter_end(phrase, base, grammar.words)
    if re.match(rf"(?i)(?:{grammar.weekday})$", phrase):
        return day_before_if_before(next_weekday(phrase, base, grammar.words), cue, phrase, grammar)
    if re.match(rf"(?i)(?:{grammar.part_of_month})$", phrase):
        return part_of_month_end(phrase, base, grammar.words)
    if re.match(rf"(?i)(?:{grammar.period_end})$", phrase):
        return day_before_if_before(period_end(phrase, base, grammar), cue, phrase, grammar)
    if re.match(rf"(?i)(?:{grammar.calendar_day}|{grammar.month_or_year})$", phrase):
        return day_before_if_before(parse_calendar_date(phrase, base, grammar.words["month_numbers"]), cue, phrase,
                                    grammar)
    return None  # its end, the next review, Eidul Azha, the 2021 Spring Meetings: no calendar day follows


def resolve_calendar_day(match: re.Match, base: date | None, grammar: Grammar) -> date | None:
    return parse_calendar_date(" ".join(match.group("date").split()), base, grammar.words["month_numbers"])


def resolve_weekday(match: re.Match, base: date | None, grammar: Grammar) -> date | None:
    return next_weekday(" ".join(match.group("date").split()), base, grammar.words)


def resolve_gathering(match: re.Match, base: date | None, grammar: Grammar) -> date | None:
    """'at the Riyadh Summit' has no calendar day; 'at the G20 Leaders' Summit in November' does."""
    return resolve_calendar_day(match, base, grammar) if match.group("date") else None


def resolve_nothing(match: re.Match, base: date | None, grammar: Grammar) -> date | None:
    return None


def _rule(name: str, pattern: str, resolve, needs_future_action: bool = True) -> Rule:
    return Rule(name, re.compile(rf"\b(?:{pattern})", re.IGNORECASE), resolve, needs_future_action)


def build_grammar(words: dict) -> Grammar:
    """Every rule's regular expression, compiled from `words` (load_words)."""
    number = r"(?:\d{1,3}|" + _alternatives(words["number_words"], opens_rule=True) + r")"
    month = r"(?:" + _alternatives(words["months"]) + "|" + _alternatives(words["month_abbreviations"]) + r"\.?)"
    calendar_day = (
        rf"(?:{month}\s+{_DAYS}(?:,?\s+{_YEAR})?(?![\w-])"
        rf"|{_DAYS}\s+(?:of\s+)?{month}(?:,?\s+{_YEAR})?(?![\w-]))"
    )
    month_or_year = rf"(?:{month}(?:,?\s+{_YEAR})?(?![\w-])|{_YEAR}(?![\w-]))"
    period_end = (
        r"(?:the\s+end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:current\s+)?"
        r"(?:fiscal\s+year|financial\s+year|calendar\s+year|year|month|week|quarter)"
        rf"|the\s+end\s+of\s+{month_or_year}|end-{month_or_year}"
        r"|next\s+(?:week|month|year))"
    )
    next_occasion = r"the\s+next\s+(?:[\w-]+\s+){0,3}?" + _alternatives(words["next_occasions"]) + r"(?![\w-])"
    event = (
        r"(?:the\s+" + _alternatives(words["event_phases"]) + r"\s+of\s+)?(?:the\s+)?(?:(?:next|coming|upcoming)\s+)?"
        + _alternatives(words["events"]) + r"(?![\w-])"
    )
    gathering = (
        r"the\s+(?:\d+(?:st|nd|rd|th)\s+|" + _YEAR + r"\s+)?(?-i:(?:[A-Z][\w'’-]*\s+){1,4})"
        + _alternatives(words["gathering_heads"], case_sensitive=True) + r"(?![\w-])"
    )
    quarter = (
        r"the\s+(?:" + _alternatives(words["quarter_last_month"]) + r"\s+quarter|"
        + _alternatives(words["half_last_month"]) + rf"\s+half)\s+of\s+(?:{_YEAR}|the\s+year|this\s+year|next\s+year)"
    )
    weekday = r"(?:(?:next|this|coming)\s+)?" + _alternatives(words["weekdays"]) + r"(?![\w-])"
    part_of_month = (
        rf"(?:the\s+)?" + _alternatives(words["week_of_month_last_day"]) + rf"\s+week\s+of\s+{month_or_year}"
        rf"|mid-?\s*{month_or_year}"
    )
    limit = _alternatives(words["limit_words"], opens_rule=True)
    any_date = (rf"(?:{quarter}|{part_of_month}|{calendar_day}|{period_end}|{month_or_year}|{weekday}|its\s+end"
                rf"|{next_occasion}|{event}|{gathering})")
    rules = (
        _rule(
            "within",
            rf"within\s+(?:the\s+next\s+)?(?P<n>{number})\s+(?P<unit>{_UNIT})(?![\w-])"
            r"(?P<event>\s+of\s+(?!the\s+(?:meeting|decision)\b)[^,.;:\n()]{3,60}?(?=[,.;:\n(]|\s+(?:and|or|to)\s|$))?",
            resolve_within,
        ),
        _rule("fiscal", r"within\s+the\s+current\s+(?:fiscal|financial)\s+year", resolve_current_fiscal_year),
        _rule("granted", rf"(?P<n>{number})\s+(?P<unit>{_UNIT})(?=\s+to\s+[a-z])", resolve_period, False),
        _rule("in_period", rf"in\s+(?:the\s+next\s+)?(?P<n>{number})\s+(?P<unit>{_UNIT})(?![\w-])(?!\s+time\s+ago)",
              resolve_period),
        _rule("limit", rf"(?P<cue>{limit})\s+(?P<date>{any_date})", resolve_limit),
        _rule("on_date", rf"(?:at\s+(?:a|an|the|its)\s+(?:[\w-]+\s+){{0,4}}?)?on\s+(?:{weekday},?\s+)?(?P<date>{calendar_day})",
              resolve_calendar_day),
        _rule("on_weekday", rf"on\s+(?P<date>{weekday})(?!,?\s+{calendar_day})", resolve_weekday),
        _rule("gathering", rf"at\s+{gathering}(?:\s+(?:in|on)\s+(?P<date>{calendar_day}|{month_or_year}))?",
              resolve_gathering),
        _rule("in_month", rf"in\s+(?P<date>{month}(?:\s+{_YEAR})?)(?![\w-])", resolve_calendar_day),
        _rule("in_year", rf"in\s+(?P<date>{_YEAR})(?![\w-])(?!\s*[-–])", resolve_calendar_day),
        _rule("in_quarter", rf"(?:in|during)\s+(?P<date>{quarter})", resolve_quarter),
        _rule("next_period", r"(?<!the\s)(?<!of\s)(?<!early\s)(?<!later\s)(?P<date>next\s+(?:year|month|week))(?![\w-])(?!'s)", resolve_next_period),
        _rule("named_date", rf"set\s+(?P<date>{calendar_day}|{month_or_year})(?=\s+as\s+(?:the\s+|a\s+)?"
              + _alternatives(words["deadline_nouns"]) + ")", resolve_calendar_day, False),
        _rule("extended_date", r"(?<=\s)" + _alternatives(words["extension_verbs"], opens_rule=True)
              + rf"\s+(?P<date>{calendar_day}|{month_or_year})", resolve_calendar_day, False),
        _rule("due", rf"due\s+(?:on\s+|by\s+|in\s+)?(?P<date>{calendar_day}|{month_or_year})", resolve_calendar_day, False),
        _rule("period_deadline", rf"(?P<n>{number})[-\s](?P<unit>hour|day|week|month)\s+"
              + _alternatives(words["deadline_nouns"] + words["period_limit_nouns"]) + r"(?![\w-])", resolve_period, False),
        _rule("session", _alternatives(words["session_phrases"], opens_rule=True), resolve_nothing, False),  # 'next' looks ahead
        _rule("before_event", r"before\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,4}?(?:"
              + _alternatives(words["event_clause_verbs"]) + r"|(?:is|are)\s+[a-z]+(?:ed|en)(?:\s+(?:over|out|up|off))?)"
              r"(?![\w-])", resolve_nothing),
    )
    return Grammar(words, month_or_year, calendar_day, period_end, quarter, weekday, part_of_month, rules)


# Rules whose span is only the date, not the words that make it a deadline ('set October 31 as the deadline').
DATE_ONLY_RULES = frozenset({"named_date", "extended_date"})
# Rules whose words are also common in narrative ('joined in 2011', 'launched on 6 January'): they need
# a verb that plainly looks ahead, and an explicit day must not lie before the meeting.
STRICT_RULES = frozenset({"on_date", "on_weekday", "in_year", "in_month", "in_period", "in_quarter", "next_period"})


# ---------------------------------------------------------------- is it a limit on a future action?

FINITE_TAGS = ("VBD", "VBZ", "VBP")


def governing_verb(span: Span):
    for token in span[0].ancestors:
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None


def is_perfect(verb) -> bool:
    return verb.tag_ == "VBN" and any(c.lemma_ == "have" and c.dep_ == "aux" for c in verb.children)


def is_future_or_ordered(verb, words: dict, strict: bool = False) -> bool:
    """Will/should/to-do forms and bare verbs look ahead; past and perfect forms ('had come in') look back.
    `strict` rules (on a date, in a year, in N months) also refuse a plain participle ('decisions taken on')."""
    modals = [c.lower_ for c in verb.children if c.tag_ == "MD"]
    if is_perfect(verb):
        return any(m in words["future_modals"] for m in modals)
    if any(m in words["speculative_modals"] for m in modals) and (strict or not set(modals) & set(words["permission_modals"])):
        return False  # 'an election could be held in October', 'the bank could finish within three weeks': possibilities,
        # no limits; 'Candidates may withdraw their papers by March 29' grants a right until a day: a limit
    if modals or any(is_infinitive_to(c) for c in verb.children) or is_subjunctive_passive(verb):
        return True
    if strict:
        return verb.tag_ == "VB"
    return verb.tag_ != "VBD" or inside_ordered_action(verb)


def is_subjunctive_passive(verb) -> bool:
    """'ordered that the survey be wrapped up in three weeks': a bare 'be' with no modal and no 'to' is the
    mandative subjunctive of an ordered action."""
    return verb.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.lower_ == "be" for c in verb.children) and not any(
        c.tag_ in ("MD", "TO") for c in verb.children)


def inside_ordered_action(verb) -> bool:
    """'directed them to ensure that the measures were in place by July 1': reported speech backshifts."""
    return any(head.tag_ == "VB" and any(is_infinitive_to(c) or c.tag_ == "MD" for c in head.children)
               for head in verb.ancestors)


def is_infinitive_to(token) -> bool:
    """The 'to' of 'to finish', not the preposition of 'slowed to 23 percent'."""
    return token.lower_ == "to" and token.tag_ == "TO"


def bounds_a_future_action(span: Span, rule: Rule, match: re.Match, words: dict,
                           resolved: Callable[[], date | None] = lambda: None, base: date | None = None) -> bool:
    """A limit on something still to be done, not a past fact (`operations conducted until October`);
    `resolved()` gives the day the match names, asked only where a later day decides."""
    if rule.name == "granted":
        return grants_time_to_act(span)
    if not rule.needs_future_action:
        return True
    verb = governing_verb(span)
    cue = match.groupdict().get("cue") or ""
    if cue.lower() in ("till", "until"):
        # 'have until April 30 to leave', 'extended the deadline for X till May 7' set a limit;
        # 'run trains till May 7', 'extended the restrictions till May 31' only say how long
        limit_words = set(words["until_verbs"]) | set(words["until_limit_nouns"])
        return any(head.lemma_.lower() in limit_words for head in span[0].ancestors) or grants_a_right(verb, words)
    if verb is None:
        return rule.name not in STRICT_RULES
    if is_projection(verb, words) or any(tells_an_earlier_act(head) for head in (verb, *verb.ancestors) if head.pos_ in ("VERB", "AUX")):
        return False  # a forecast's horizon; a limit an earlier meeting set ('the bench had directed it to submit, by March 6, ...')
    return is_future_or_ordered(verb, words, strict=rule.name in STRICT_RULES) or scheduled_after_meeting(verb, resolved, base, rule)


def grants_time_to_act(span: Span) -> bool:
    """'gave the authority two weeks to submit its reply': a period given for an act (no noun after 'to'), not 'visas
    of three to five years to traders' or 'cut from two years to one'; given by this meeting, not one before
    ('at which the Council had given the military 15 days to return', 'a bench had given them one month to ...')."""
    doc = span.doc
    after_to = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if after_to is None or after_to.pos_ in ("NOUN", "PROPN", "NUM", "DET", "PRON"):
        return False  # a headline's 'one week to clear encroachments' may tag 'clear' an adjective: still an act
    verb = governing_verb(span)
    return verb is None or not (is_perfect(verb) and verb.lemma_.lower() != "have" and verb.dep_ in ("ROOT", "relcl"))


def scheduled_after_meeting(verb, resolved: Callable[[], date | None], base: date | None, rule: Rule) -> bool:
    """'approved the budget statement for presentation to Parliament on Tuesday, March 11' in a statement of
    March 8: an act told in the past tense cannot have happened on a later day, so the day schedules what was
    decided (is_past has already refused a yearless day pushed into next year). A present tense on a later day
    ('takes effect on 1st October') tells when something starts, not a limit."""
    if rule.name != "on_date" or base is None:
        return False
    finite = next((v for v in (verb, *verb.ancestors) if v.tag_ in FINITE_TAGS), None)  # 'for tabling' is no tense
    if finite is None or finite.tag_ != "VBD":
        return False
    found = resolved()
    return found is not None and found > base


def grants_a_right(verb, words: dict) -> bool:
    """'candidates can file their papers from March 16 until March 18', 'appeals may be lodged until March 25':
    what one may do until a day is a limit on doing it."""
    return verb is not None and any(c.tag_ == "MD" and c.lower_ in words["permission_modals"] for c in verb.children)


def is_projection(verb, words: dict) -> bool:
    """'inflation is expected to fall to 15 per cent by December', 'reserves projected to reach $9bn by
    end-June': a forecast's horizon, not a limit anyone must meet."""
    heads = [verb, *list(verb.ancestors)[:2]]
    return any(head.lemma_.lower() in words["projection_verbs"] and head.pos_ in ("VERB", "AUX") for head in heads)


def is_past(found: date | None, base: date | None, rule: Rule, match: re.Match, words: dict) -> bool:
    """An explicit day before the meeting is a past event ('the decisions taken on January 8'),
    including a yearless day that the future-preferring parse pushed into next year."""
    if rule.name not in STRICT_RULES or found is None or base is None:
        return False
    if found < base:
        return True
    if rule.name != "on_date" or re.search(_YEAR, match.group("date")):
        return False
    return (base - found.replace(year=found.year - 1)).days < words["past_day_window"]


# ---------------------------------------------------------------- the component


def candidate_spans(doc: Doc, base: date | None, grammar: Grammar):
    text = doc._.text
    for rule in grammar.rules:
        for match in rule.pattern.finditer(text):
            start, end = match.span("date") if rule.name in DATE_ONLY_RULES else match.span()
            span = doc.char_span(start, end, alignment_mode="contract")
            if span is None or len(span) == 0:
                continue
            resolved = cache(partial(rule.resolve, match, base, grammar))  # resolved once, and only when needed
            if not bounds_a_future_action(span, rule, match, grammar.words, resolved, base):
                continue
            found = resolved()
            if is_past(found, base, rule, match, grammar.words):
                continue
            yield span, found


def longest_first_without_overlap(candidates):
    kept, taken = [], set()
    for span, found in sorted(candidates, key=lambda c: (-(c[0].end_char - c[0].start_char), c[0].start_char)):
        if taken.isdisjoint(range(span.start, span.end)):
            kept.append((span, found))
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda c: c[0].start)


def find_deadlines(doc: Doc, grammar: Grammar) -> list[Span]:
    base = (doc._.meeting.date if doc._.meeting is not None else None) or doc._.reference_date
    found = []
    for span, day in longest_first_without_overlap(candidate_spans(doc, base, grammar)):
        span._.date = day
        found.append(span)
    return found


class DeadlineFinder:
    def __init__(self, words_path: str | None = None, lexicon_path: str | None = None):
        self.grammar = build_grammar(load_words(words_path, lexicon_path))

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["deadlines"] = find_deadlines(doc, self.grammar)
        return doc


@Language.factory(
    "deadlines",
    assigns=["doc.spans", "span._.date"],
    requires=["token.dep", "token.tag", "doc._.meeting"],
    default_config={"words_path": None, "lexicon_path": None},
)
def make_deadlines(nlp: Language, name: str, words_path: str | None, lexicon_path: str | None) -> DeadlineFinder:
    return DeadlineFinder(words_path, lexicon_path)
