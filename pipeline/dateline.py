"""dateline: the place (and date) a statement opens with, read once; the result is doc._.dateline.

  ISLAMABAD, Oct 3 (APP):            capitals, with a date (the year from the reference date)
  KARACHI:  /  QUETTA –  /  RIO DE JANEIRO -    capitals
  MALACAÑAN PALACE, Manila —         capitals, the city after the comma
  Islamabad, 16 October 2024         title case on a line of its own, with a full date
  By Our Correspondent, Abuja        a byline
  Islamabad: Interior Minister ...   title case before a colon: a dateline only when the city is a known place

Only the opening lines (LINE_LIMIT) can hold one. `Datelines.lines` keeps what
each opening line says; `first(places)` is the statement's dateline (meeting:
city and date), `capitals` every capitals dateline (people and entity_names:
those words are a place, not a name; decisions: a dateline is never an actor).
"""
import datetime as dt
import re
from dataclasses import dataclass
from typing import Mapping

from spacy.language import Language
from spacy.tokens import Doc, Token

from pipeline.lexicon import load_lexicon

LINE_LIMIT = 8

CAPS_DATELINE = re.compile(
    r"^[^\S\n]*(?P<caps>[A-Z\u00C0-\u00DE][A-Z\u00C0-\u00DE .'\u2019]*[A-Z\u00C0-\u00DE])"
    r"(?:,[^\S\n]*(?P<rest>[^:\u2013\u2014\n]{1,60}?))?[^\S\n]*(?::|\u2013|\u2014|[^\S\n]-[^\S\n])"
)
TITLE_DATELINE = re.compile(r"^[^\S\n]*(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+)?),[^\S\n]*(?P<rest>[^\n]{4,40}?\d{4})[^\S\n]*$")
TITLE_COLON = re.compile(r"^[^\S\n]*(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+)?)[^\S\n]*(?::|\u2013|\u2014|[^\S\n]-[^\S\n])")
BYLINE = re.compile(r"^[^\S\n]*By [^,\n]{3,40},[^\S\n]*(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+)?)[^\S\n]*$")
DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?(?:\s+(\d{4}))?")
MONTH_DAY = re.compile(r"\b([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?")
MIN_CAPS_CITY = 4  # 'FEC: N3.9bn for ...' is a headline, not a place


@dataclass(frozen=True)
class Dateline:
    """The statement's dateline: its city and date, and the line it is on (character offsets)."""

    city: str | None
    date: dt.date | None
    start: int
    end: int


@dataclass(frozen=True)
class Capitals:
    """A line opening with a place in capitals before ',', ':' or a dash; offsets into the text."""

    start: int  # the line's start
    end: int  # the end of the dateline (after its colon or dash)
    city_start: int
    city_end: int
    city: str  # as written: 'RIO DE JANEIRO'


@dataclass(frozen=True)
class LineReading:
    """What one opening line says: a dateline for sure, a capitals place, or a city only a known place makes one."""

    start: int
    end: int
    found: tuple[str | None, dt.date | None] | None
    titled_city: str | None
    capitals: Capitals | None


@dataclass(frozen=True)
class Datelines:
    lines: tuple[LineReading, ...]
    reference: dt.date | None = None

    def first(self, places: frozenset = frozenset()) -> Dateline | None:
        """The first opening line that is a dateline ('Islamabad:' only when Islamabad is in `places`), its
        date never after the reference date."""
        for line in self.lines:
            found = line.found
            if found is None and line.titled_city in places:
                found = line.titled_city, None  # 'Islamabad: Interior Minister ...'
            if found is not None:
                return dateline_before(Dateline(found[0], found[1], line.start, line.end), self.reference)
        return None

    @property
    def capitals(self) -> tuple[Capitals, ...]:
        return tuple(line.capitals for line in self.lines if line.capitals is not None)

    def capital_places(self) -> frozenset[tuple[str, ...]]:
        """The capitals datelines as lowercase word tuples ('rio', 'de', 'janeiro')."""
        return frozenset(tuple(c.city.lower().split()) for c in self.capitals)

    def holds(self, token: Token) -> bool:
        """Is the token inside a capitals dateline (the place, its date, up to the colon or dash)?"""
        return any(c.start <= token.idx < c.end for c in self.capitals)


NO_DATELINES = Datelines(())


def read_datelines(text: str, months: Mapping[str, int], year: int | None, reference: dt.date | None = None) -> Datelines:
    """What each opening line says; a date without a year takes `year`, and never follows `reference`."""
    readings, offset = [], 0
    for n, line in enumerate(text.split("\n")):
        if n >= LINE_LIMIT:
            break
        caps = CAPS_DATELINE.match(line)
        capitals = None
        if caps:
            capitals = Capitals(offset, offset + caps.end(), offset + caps.start("caps"), offset + caps.end("caps"),
                                caps.group("caps"))
        titled = TITLE_COLON.match(line)
        readings.append(LineReading(offset, offset + len(line), parse_dateline_line(line, months, year),
                                    titled.group("city") if titled else None, capitals))
        offset += len(line) + 1
    return Datelines(tuple(readings), reference)


def find_dateline(text: str, months: Mapping[str, int], year: int | None, places: frozenset = frozenset()) -> Dateline | None:
    """The first dateline among the opening lines: 'ISLAMABAD, Oct 3 (APP):', 'Islamabad, 16 October 2024'."""
    return read_datelines(text, months, year).first(places)


def parse_dateline_line(line: str, months: Mapping[str, int], year: int | None) -> tuple[str | None, dt.date | None] | None:
    caps = CAPS_DATELINE.match(line)
    if caps and len(caps.group("caps")) >= MIN_CAPS_CITY:
        rest = (caps.group("rest") or "").strip()
        city = caps.group("caps").title()
        first = rest.split(",")[0].strip()
        if first[:1].isupper() and first.split(" ")[0].lower().rstrip(".") not in months:
            city = first  # 'MALACAÑAN PALACE, Manila —'
        return city, parse_date_text(rest, months, year)
    titled = TITLE_DATELINE.match(line)
    if titled:
        date = parse_date_text(titled.group("rest"), months, year)
        if date is not None:
            return titled.group("city"), date
    byline = BYLINE.match(line)
    if byline:
        return byline.group("city"), None
    return None


# '14.02.2018': day first, as the Commonwealth cabinets that write dates this way read them
DOTTED_DAY_FIRST = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b")


def parse_date_text(text: str, months: Mapping[str, int], year: int | None) -> dt.date | None:
    """'Oct 3', 'November 16, 2022', '16 October 2024', '28th July 2016' (year from `year` when missing),
    '14.02.2018'."""
    for m in DOTTED_DAY_FIRST.finditer(text):
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            continue
    for pattern, day_group, month_group in ((MONTH_DAY, 2, 1), (DAY_MONTH, 1, 2)):
        for m in pattern.finditer(text):
            month = months.get(m.group(month_group).lower())
            if month is None:
                continue
            y = int(m.group(3)) if m.group(3) else year
            if y is None:
                return None
            try:
                return dt.date(y, month, int(m.group(day_group)))
            except ValueError:
                continue
    return None


def dateline_before(dateline: Dateline | None, reference: dt.date | None) -> Dateline | None:
    """'KARACHI, Dec 31:' published on 2 January is last year's 31 December: a dateline never follows its paper."""
    if dateline is None or dateline.date is None or reference is None:
        return dateline
    if dateline.date > reference + dt.timedelta(days=1):
        try:
            earlier = dateline.date.replace(year=dateline.date.year - 1)
        except ValueError:  # 29 February
            earlier = dateline.date - dt.timedelta(days=365)
        return Dateline(dateline.city, earlier, dateline.start, dateline.end)
    return dateline


class DatelineReader:
    def __init__(self, nlp: Language, name: str, lexicon_path: str | None = None):
        self.name = name
        self.months = load_lexicon(lexicon_path).all_months

    def __call__(self, doc: Doc) -> Doc:
        reference = doc._.reference_date
        doc._.dateline = read_datelines(doc._.text, self.months, reference.year if reference else None, reference)
        return doc


@Language.factory("dateline", assigns=["doc._.dateline"], default_config={"lexicon_path": None})
def make_dateline(nlp: Language, name: str, lexicon_path: str | None):
    return DatelineReader(nlp, name, lexicon_path)
