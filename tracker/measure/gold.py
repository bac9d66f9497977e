"""Gold files (JSON Lines, /work/shared/eval/GUIDELINE.md "Fields of a gold line") read into plain data.

Spans are given in the gold as a substring plus `occurrence`; here they become
character offsets into `text`, so the scorer compares ranges exactly as it
compares the extractor's. Every problem is a GoldError naming the line, so a
typo in a hand-annotated file is fixed in seconds instead of silently scoring.

What must be present: `id`, `text`, `meeting` and the six lists, and in each
item every key that is scored (null allowed where the guideline allows it);
keys that are not scored (`responsible`, `unit`, a decision's `deadline`
span) may be left out. `occurrence` (absent or null) defaults to 1, `published` to null.
"""
import json
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterator

SPAN_FIELDS = ("decisions", "deadlines", "targets", "figures")
DECISION_KINDS = frozenset({"decision", "directive", "commitment"})
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE"})
MEETING_FIELDS = ("body", "chair", "date", "location")
LIST_FIELDS = SPAN_FIELDS + ("entities", "people")


class GoldError(ValueError):
    """A gold line the scorer cannot use; the message names the line."""


@dataclass(frozen=True)
class Item:
    """One span-valued item, gold or predicted: its range and the attributes that are scored."""

    start: int
    end: int
    text: str
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class GoldStatement:
    id: str
    text: str
    published: date | None
    line: int
    meeting: dict[str, str | None]
    spans: dict[str, list[Item]]
    entities: list[tuple[str, str]]
    people: list[tuple[str, str | None]]


def nth_occurrence(text: str, span: str, occurrence: int) -> int | None:
    """Start of the `occurrence`-th (1-based) place where `span` starts in `text`, or None."""
    start = -1
    for _ in range(occurrence):
        start = text.find(span, start + 1)
        if start < 0:
            return None
    return start


def _require(obj: dict, key: str, where: str) -> Any:
    if key not in obj:
        raise GoldError(f"{where}: missing field {key!r}")
    return obj[key]


def _optional_str(value: Any, where: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise GoldError(f"{where}: expected a string or null, got {value!r}")
    return value


def _optional_date(value: Any, where: str) -> str | None:
    """An ISO date kept as its string (that is how it is compared), or None."""
    _optional_str(value, where)
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise GoldError(f"{where}: {value!r} is not a date in YYYY-MM-DD form") from None


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise GoldError(f"{where}: expected a number, got {value!r}")
    return value


def _located(text: str, raw: dict, where: str) -> tuple[int, int, str]:
    span = _require(raw, "span", where)
    if not isinstance(span, str) or not span:
        raise GoldError(f"{where}: 'span' must be a non-empty string")
    occurrence = raw.get("occurrence")
    if occurrence is None:
        occurrence = 1  # the guideline's default
    if isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1:
        raise GoldError(f"{where}: 'occurrence' must be a whole number >= 1, got {occurrence!r}")
    start = nth_occurrence(text, span, occurrence)
    if start is None:
        raise GoldError(f"{where}: span {span!r} (occurrence {occurrence}) not found in text")
    return start, start + len(span), span


def _decision_attrs(raw: dict, where: str) -> dict[str, Any]:
    kind = _require(raw, "kind", where)
    if kind not in DECISION_KINDS:
        raise GoldError(f"{where}: unknown kind {kind!r} (expected one of {', '.join(sorted(DECISION_KINDS))})")
    deadline_date = _optional_date(_require(raw, "deadline_date", where), f"{where} deadline_date")
    deadline = _optional_str(raw.get("deadline"), f"{where} deadline")
    return {
        "kind": kind,
        "actor": _optional_str(_require(raw, "actor", where), f"{where} actor"),
        # A date implies a deadline even if its span was left out.
        "has_deadline": deadline is not None or deadline_date is not None,
        "deadline_date": deadline_date,
    }


def _span_attrs(field_name: str, raw: dict, where: str) -> dict[str, Any]:
    if field_name == "decisions":
        return _decision_attrs(raw, where)
    if field_name == "deadlines":
        return {"date": _optional_date(_require(raw, "date", where), f"{where} date")}
    if field_name == "figures":
        return {"value": _number(_require(raw, "value", where), f"{where} value")}
    return {}


def _items(obj: dict, field_name: str, where: str) -> list:
    items = _require(obj, field_name, where)
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise GoldError(f"{where}: {field_name!r} must be a list of objects")
    return items


def _span_items(obj: dict, field_name: str, text: str, where: str) -> list[Item]:
    found = []
    for n, raw in enumerate(_items(obj, field_name, where), start=1):
        item_where = f"{where} {field_name}[{n}]"
        start, end, span = _located(text, raw, item_where)
        found.append(Item(start, end, span, _span_attrs(field_name, raw, item_where)))
    return found


def _entities(obj: dict, where: str) -> list[tuple[str, str]]:
    found = []
    for n, raw in enumerate(_items(obj, "entities", where), start=1):
        item_where = f"{where} entities[{n}]"
        name = _optional_str(_require(raw, "text", item_where), item_where)
        label = _require(raw, "label", item_where)
        if not name or label not in ENTITY_LABELS:
            raise GoldError(f"{item_where}: needs a text and a label in {', '.join(sorted(ENTITY_LABELS))}")
        found.append((name, label))
    return found


def _people(obj: dict, where: str) -> list[tuple[str, str | None]]:
    found = []
    for n, raw in enumerate(_items(obj, "people", where), start=1):
        item_where = f"{where} people[{n}]"
        name = _optional_str(_require(raw, "name", item_where), item_where)
        if not name:
            raise GoldError(f"{item_where}: 'name' must be a non-empty string")
        found.append((name, _optional_str(_require(raw, "role", item_where), f"{item_where} role")))
    return found


def _meeting(obj: dict, where: str) -> dict[str, str | None]:
    meeting = _require(obj, "meeting", where)
    if not isinstance(meeting, dict):
        raise GoldError(f"{where}: 'meeting' must be an object")
    found = {key: _optional_str(meeting.get(key), f"{where} meeting.{key}") for key in MEETING_FIELDS}
    found["date"] = _optional_date(found["date"], f"{where} meeting.date")
    return found


def parse_gold_line(raw_line: str, line: int) -> GoldStatement:
    where = f"gold line {line}"
    try:
        obj = json.loads(raw_line)
    except json.JSONDecodeError as error:
        raise GoldError(f"{where}: invalid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(obj, dict):
        raise GoldError(f"{where}: expected a JSON object")
    statement_id = _require(obj, "id", where)
    text = _require(obj, "text", where)
    if not isinstance(statement_id, str) or not statement_id or not isinstance(text, str):
        raise GoldError(f"{where}: 'id' and 'text' must be strings")
    published = _optional_date(obj.get("published"), f"{where} published")
    return GoldStatement(
        id=statement_id,
        text=text,
        published=date.fromisoformat(published) if published else None,
        line=line,
        meeting=_meeting(obj, where),
        spans={name: _span_items(obj, name, text, where) for name in SPAN_FIELDS},
        entities=_entities(obj, where),
        people=_people(obj, where),
    )


def read_gold_lines(lines: Iterator[str]) -> list[GoldStatement]:
    """Every non-blank line parsed; line numbers are 1-based and count blank lines."""
    statements, seen = [], {}
    for line, raw_line in enumerate(lines, start=1):
        if not raw_line.strip():
            continue
        statement = parse_gold_line(raw_line, line)
        if statement.id in seen:
            raise GoldError(f"gold line {line}: id {statement.id!r} already used on line {seen[statement.id]}")
        seen[statement.id] = line
        statements.append(statement)
    if not statements:
        raise GoldError("the gold file holds no statements")
    return statements


def read_gold(path: Path) -> list[GoldStatement]:
    try:
        with open(path, encoding="utf-8") as handle:
            return read_gold_lines(handle)
    except UnicodeDecodeError:
        raise GoldError(f"{path}: not UTF-8 text") from None
