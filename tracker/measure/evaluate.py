"""Score records against a gold file, as /work/shared/eval/GUIDELINE.md "How a result is scored" says.

Pure functions, no spaCy: the CLI (or a test) gives gold statements and
records, and gets back plain dicts it can print as a table or as JSON.

Choices where the guideline leaves room (they bind the numbers we report):
- Span fields (decisions, deadlines, targets, figures): ranges match when
  they share at least one character; one-to-one, greedy, largest overlap
  first (ties: earlier gold, then earlier prediction). P, R, F1 are micro
  over all statements. P is absent (None) with no prediction, R with no
  gold, F1 with neither: an absent number is never a pass or a fail.
- Attribute accuracies are over matched pairs only:
  kind: equal; actor: case-insensitive, one contains the other, null never
  matches; deadline date (of a decision): over the matched decisions where
  the gold or the prediction has a deadline, right when both have one and
  the dates are equal (both null counts as equal); deadline date (of a
  deadline): equal, both null counts as equal; figure value: equal within
  a relative tolerance of 1e-6.
- Entities: per statement, the set of (text, label), text lower-cased with
  whitespace collapsed and a leading `the ` removed; true positives, gold
  and predicted counts are summed over statements (micro).
- People: the same on lower-cased names; role on matched names: containment
  either way, case-insensitive, both null counts as a match.
- Meeting: per field (body, chair, date, location), containment either way,
  case-insensitive; both null is right, one null is wrong.
- A gold statement with no prediction is scored as an empty record.
- macro F1: the mean of the F1s of decisions, deadlines, targets, figures and
  entities that are not absent.
"""
import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from pydantic import ValidationError

from models import Record
from tracker.measure.gold import LIST_FIELDS, MEETING_FIELDS, SPAN_FIELDS, GoldStatement, Item

MACRO_FIELDS = ("decisions", "deadlines", "targets", "figures", "entities")
VALUE_TOLERANCE = 1e-6


class PredictionsError(ValueError):
    """A predictions file the scorer cannot use; the message names the line."""


# ---------------------------------------------------------------- comparisons


def normalise(text: str | None) -> str | None:
    """Lower case, whitespace collapsed; empty counts as null."""
    if text is None:
        return None
    return " ".join(text.split()).lower() or None


def entity_name(text: str) -> str:
    key = normalise(text) or ""
    return key[4:] if key.startswith("the ") else key


def contains_either(gold: str | None, predicted: str | None) -> bool:
    """Case-insensitive containment either way; both null is a match, one null is not."""
    gold, predicted = normalise(gold), normalise(predicted)
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return gold in predicted or predicted in gold


def actor_matches(gold: str | None, predicted: str | None) -> bool:
    """Like contains_either, but a null actor never matches (not even a null one)."""
    return normalise(gold) is not None and normalise(predicted) is not None and contains_either(gold, predicted)


def values_equal(gold: float | None, predicted: float | None) -> bool:
    if gold is None or predicted is None:
        return False
    return math.isclose(gold, predicted, rel_tol=VALUE_TOLERANCE, abs_tol=1e-12)


# ---------------------------------------------------------------- matching


def overlap(a: Item, b: Item) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match_spans(gold: list[Item], predicted: list[Item]) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs: overlapping ranges, one-to-one, largest overlap first."""
    candidates = sorted(
        ((overlap(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted) if overlap(g, p) > 0),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold, used_predicted, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_predicted:
            used_gold.add(gi)
            used_predicted.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def prf(tp: int, predicted: int, gold: int) -> dict[str, float | None]:
    """Precision, recall, F1; each None when undefined (nothing predicted / no gold / neither)."""
    return {
        "precision": tp / predicted if predicted else None,
        "recall": tp / gold if gold else None,
        "f1": 2 * tp / (predicted + gold) if predicted + gold else None,
    }


# ---------------------------------------------------------------- attributes of matched pairs


def _always(gold: dict, predicted: dict) -> bool:
    return True


@dataclass(frozen=True)
class Attribute:
    """A check on matched pairs; `name` is also the key in Item.attrs shown in errors."""

    name: str
    right: Callable[[dict, dict], bool]
    applies: Callable[[dict, dict], bool] = _always

    def shown(self, attrs: dict) -> Any:
        if self.name == "deadline_date" and not attrs["has_deadline"]:
            return "(no deadline)"
        return attrs[self.name]


def _either_has_deadline(gold: dict, predicted: dict) -> bool:
    return gold["has_deadline"] or predicted["has_deadline"]


def _decision_deadline_right(gold: dict, predicted: dict) -> bool:
    both = gold["has_deadline"] and predicted["has_deadline"]
    return both and gold["deadline_date"] == predicted["deadline_date"]


ATTRIBUTES: dict[str, tuple[Attribute, ...]] = {
    "decisions": (
        Attribute("kind", lambda g, p: g["kind"] == p["kind"]),
        Attribute("actor", lambda g, p: actor_matches(g["actor"], p["actor"])),
        Attribute("deadline_date", _decision_deadline_right, _either_has_deadline),
    ),
    "deadlines": (Attribute("date", lambda g, p: g["date"] == p["date"]),),
    "targets": (),
    "figures": (Attribute("value", lambda g, p: values_equal(g["value"], p["value"])),),
}


# ---------------------------------------------------------------- tallies


@dataclass
class Tally:
    """Counts for one field, summed over statements, and what went wrong."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    attributes: dict[str, list[int]] = field(default_factory=dict)  # name -> [right, pairs]
    errors: list[dict] = field(default_factory=list)

    def count_attribute(self, name: str, right: bool) -> None:
        counts = self.attributes.setdefault(name, [0, 0])
        counts[0] += right
        counts[1] += 1

    def add(self, other: "Tally") -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold
        for name, (right, pairs) in other.attributes.items():
            counts = self.attributes.setdefault(name, [0, 0])
            counts[0] += right
            counts[1] += pairs
        self.errors.extend(other.errors)


def error(field_name: str, statement_id: str, kind: str, **details) -> dict:
    return {"field": field_name, "id": statement_id, "error": kind, **details}


def score_spans(field_name: str, statement_id: str, gold: list[Item], predicted: list[Item]) -> Tally:
    pairs = match_spans(gold, predicted)
    tally = Tally(tp=len(pairs), predicted=len(predicted), gold=len(gold))
    matched_gold = {gi for gi, _ in pairs}
    matched_predicted = {pi for _, pi in pairs}
    for gi, pi in pairs:
        g, p = gold[gi], predicted[pi]
        for attribute in ATTRIBUTES[field_name]:
            if not attribute.applies(g.attrs, p.attrs):
                continue
            right = attribute.right(g.attrs, p.attrs)
            tally.count_attribute(attribute.name, right)
            if not right:
                tally.errors.append(error(
                    field_name, statement_id, f"wrong {attribute.name}", gold=g.text, predicted=p.text,
                    gold_value=attribute.shown(g.attrs), predicted_value=attribute.shown(p.attrs),
                ))
    tally.errors.extend(error(field_name, statement_id, "miss", gold=g.text)
                        for gi, g in enumerate(gold) if gi not in matched_gold)
    tally.errors.extend(error(field_name, statement_id, "false positive", predicted=p.text)
                        for pi, p in enumerate(predicted) if pi not in matched_predicted)
    return tally


def score_sets(field_name: str, statement_id: str, gold: dict[Any, str], predicted: dict[Any, str]) -> Tally:
    """Set-level counts; the dicts map a normalised key to the text shown in errors."""
    tally = Tally(tp=len(gold.keys() & predicted.keys()), predicted=len(predicted), gold=len(gold))
    tally.errors.extend(error(field_name, statement_id, "miss", gold=text)
                        for key, text in gold.items() if key not in predicted)
    tally.errors.extend(error(field_name, statement_id, "false positive", predicted=text)
                        for key, text in predicted.items() if key not in gold)
    return tally


def entity_keys(entities: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    keys: dict[tuple[str, str], str] = {}
    for text, label in entities:
        keys.setdefault((entity_name(text), label), f"{text} ({label})")
    return keys


def score_people(statement_id: str, gold: list[tuple[str, str | None]],
                 predicted: list[tuple[str, str | None]]) -> Tally:
    gold_roles, predicted_roles = {}, {}
    for name, role in gold:
        gold_roles.setdefault(normalise(name), (name, role))
    for name, role in predicted:
        predicted_roles.setdefault(normalise(name), (name, role))
    tally = score_sets("people", statement_id, {k: v[0] for k, v in gold_roles.items()},
                       {k: v[0] for k, v in predicted_roles.items()})
    for key in sorted(gold_roles.keys() & predicted_roles.keys()):
        (name, gold_role), (_, predicted_role) = gold_roles[key], predicted_roles[key]
        right = contains_either(gold_role, predicted_role)
        tally.count_attribute("role", right)
        if not right:
            tally.errors.append(error("people", statement_id, "wrong role", gold=name, predicted=name,
                                      gold_value=gold_role, predicted_value=predicted_role))
    return tally


def score_meeting(statement_id: str, gold: dict[str, str | None], predicted: dict[str, str | None]) -> Tally:
    """Only attributes: one 'pair' per field per statement."""
    tally = Tally()
    for name in MEETING_FIELDS:
        right = contains_either(gold[name], predicted.get(name))
        tally.count_attribute(name, right)
        if not right:
            tally.errors.append(error("meeting", statement_id, f"wrong {name}",
                                      gold_value=gold[name], predicted_value=predicted.get(name)))
    return tally


# ---------------------------------------------------------------- records as the scorer sees them


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def record_spans(record: Record) -> dict[str, list[Item]]:
    return {
        "decisions": [
            Item(d.start, d.end, d.text, {
                "kind": d.kind,
                "actor": d.actor,
                "has_deadline": d.deadline is not None,
                "deadline_date": _iso(d.deadline.date) if d.deadline else None,
            })
            for d in record.decisions
        ],
        "deadlines": [Item(d.start, d.end, d.text, {"date": _iso(d.date)}) for d in record.deadlines],
        "targets": [Item(t.start, t.end, t.text) for t in record.targets],
        "figures": [Item(f.start, f.end, f.text, {"value": f.value}) for f in record.figures],
    }


def record_meeting(record: Record) -> dict[str, str | None]:
    meeting = record.meeting
    return {"body": meeting.body, "chair": meeting.chair, "date": _iso(meeting.date), "location": meeting.location}


def score_statement(gold: GoldStatement, record: Record | None) -> dict[str, Tally]:
    """One Tally per field (the span fields, entities, people, meeting) for one statement."""
    record = record or Record(id=gold.id, text_sha256="")
    predicted_spans = record_spans(record)
    tallies = {name: score_spans(name, gold.id, gold.spans[name], predicted_spans[name]) for name in SPAN_FIELDS}
    tallies["entities"] = score_sets("entities", gold.id, entity_keys(gold.entities),
                                     entity_keys((e.text, e.label) for e in record.entities))
    tallies["people"] = score_people(gold.id, gold.people, [(p.name, p.role) for p in record.people])
    tallies["meeting"] = score_meeting(gold.id, gold.meeting, record_meeting(record))
    return tallies


# ---------------------------------------------------------------- the whole set


def accuracy(right: int, pairs: int) -> dict[str, Any]:
    return {"accuracy": right / pairs if pairs else None, "right": right, "pairs": pairs}


def field_result(tally: Tally) -> dict[str, Any]:
    return {
        **prf(tally.tp, tally.predicted, tally.gold),
        "tp": tally.tp,
        "predicted": tally.predicted,
        "gold": tally.gold,
        "attributes": {name: accuracy(*counts) for name, counts in tally.attributes.items()},
    }


def macro_f1(fields: dict[str, dict]) -> float | None:
    scores = [fields[name]["f1"] for name in MACRO_FIELDS if fields[name]["f1"] is not None]
    return sum(scores) / len(scores) if scores else None


def empty_totals() -> dict[str, Tally]:
    """A Tally per field with every attribute it scores, so no score name depends on the data."""
    totals = {name: Tally(attributes={a.name: [0, 0] for a in ATTRIBUTES[name]}) for name in SPAN_FIELDS}
    totals["entities"] = Tally()
    totals["people"] = Tally(attributes={"role": [0, 0]})
    totals["meeting"] = Tally(attributes={name: [0, 0] for name in MEETING_FIELDS})
    return totals


def score_names() -> set[str]:
    return set(flat_scores(aggregate([])[0]))


def aggregate(per_statement: Iterable[dict[str, Tally]]) -> tuple[dict[str, Any], list[dict]]:
    """The scores of the whole set, and every error (grouped by field, in statement order)."""
    totals = empty_totals()
    statements = 0
    for tallies in per_statement:
        statements += 1
        for name, tally in tallies.items():
            totals[name].add(tally)
    fields = {name: field_result(totals[name]) for name in LIST_FIELDS}
    result = {
        "statements": statements,
        "fields": fields,
        "meeting": {name: accuracy(*totals["meeting"].attributes[name]) for name in MEETING_FIELDS},
        "macro_f1": macro_f1(fields),
    }
    errors = [e for name in LIST_FIELDS + ("meeting",) for e in totals[name].errors]
    return result, errors


def evaluate(gold: list[GoldStatement], records: dict[str, Record]) -> tuple[dict[str, Any], list[dict]]:
    result, errors = aggregate(score_statement(g, records.get(g.id)) for g in gold)
    result["missing_predictions"] = [g.id for g in gold if g.id not in records]
    return result, errors


# ---------------------------------------------------------------- predictions file


def read_predictions(path: Path) -> dict[str, Record]:
    """Records by id from a JSON Lines file of records (the extract command's output)."""
    records: dict[str, Record] = {}
    with open(path, encoding="utf-8") as handle:
        for line, raw_line in enumerate(handle, start=1):
            if not raw_line.strip():
                continue
            try:
                record = Record.model_validate_json(raw_line)
            except ValidationError as problem:
                first = problem.errors()[0]
                where = ".".join(str(part) for part in first["loc"]) or "line"
                raise PredictionsError(f"predictions line {line}: not a record ({where}: {first['msg']})") from None
            records.setdefault(record.id, record)
    return records


def prediction_warnings(gold: list[GoldStatement], records: dict[str, Record]) -> list[str]:
    """Ids with no prediction (scored as empty), predictions with no gold, and texts that differ."""
    gold_ids = {g.id for g in gold}
    warnings = [f"no prediction for gold id {g.id!r}: counted as all misses" for g in gold if g.id not in records]
    warnings += [f"prediction {rid!r} has no gold statement: ignored" for rid in records if rid not in gold_ids]
    warnings += [
        f"prediction {g.id!r} was made on a different text than the gold (offsets may not line up)"
        for g in gold
        if g.id in records and records[g.id].text_sha256 != hashlib.sha256(g.text.encode("utf-8", "surrogatepass")).hexdigest()
    ]
    return warnings


# ---------------------------------------------------------------- quality floor


def flat_scores(result: dict[str, Any]) -> dict[str, float | None]:
    """Every score under one dotted name: decisions.f1, decisions.kind, meeting.body, macro_f1 ..."""
    scores: dict[str, float | None] = {}
    for name, scored in result["fields"].items():
        for measure in ("precision", "recall", "f1"):
            scores[f"{name}.{measure}"] = scored[measure]
        for attribute, counts in scored["attributes"].items():
            scores[f"{name}.{attribute}"] = counts["accuracy"]
    for name, counts in result["meeting"].items():
        scores[f"meeting.{name}"] = counts["accuracy"]
    scores["macro_f1"] = result["macro_f1"]
    return scores


def round_down(value: float, places: int = 2) -> float:
    # round() first so that 0.29 stored as 0.28999... still floors to 0.29
    scale = 10**places
    return math.floor(round(value * scale, 6)) / scale


def floor_from_scores(result: dict[str, Any]) -> dict[str, float]:
    """Today's scores rounded down to 2 decimals; absent scores get no floor."""
    return {name: round_down(value) for name, value in flat_scores(result).items() if value is not None}


def below_floor(result: dict[str, Any], floor: dict[str, float]) -> list[str]:
    """One line per score under its floor (an absent score is under any floor)."""
    scores = flat_scores(result)
    failures = []
    for name, minimum in floor.items():
        value = scores[name]
        if value is None or value < minimum:
            shown = "absent" if value is None else f"{value:.4f}"
            failures.append(f"{name} {shown} < floor {minimum}")
    return failures


def read_floor(path: Path) -> dict[str, float]:
    try:
        floor = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as problem:
        raise ValueError(f"{path}: cannot read the floor ({problem})") from None
    if not isinstance(floor, dict) or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in floor.values()
    ):
        raise ValueError(f"{path}: the floor must be a JSON object of score name -> number")
    unknown = sorted(set(floor) - score_names())
    if unknown:
        raise ValueError(f"{path}: no such score: {', '.join(unknown)} (names as in flat_scores, e.g. decisions.f1)")
    return floor


# ---------------------------------------------------------------- printing


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _accuracy_cell(name: str, counts: dict[str, Any]) -> str:
    return f"{name} {_number(counts['accuracy'])} ({counts['right']}/{counts['pairs']})"


def format_table(result: dict[str, Any]) -> str:
    lines = [f"{'field':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}  on matched pairs"]
    for name, scored in result["fields"].items():
        cells = "  ".join(_accuracy_cell(a, counts) for a, counts in scored["attributes"].items())
        lines.append(
            f"{name:<10} {_number(scored['precision']):>6} {_number(scored['recall']):>6} "
            f"{_number(scored['f1']):>6} {scored['tp']:>5} {scored['predicted']:>5} {scored['gold']:>5}  {cells}".rstrip()
        )
    meeting = "  ".join(_accuracy_cell(name, counts) for name, counts in result["meeting"].items())
    lines.append(f"{'meeting':<10} {meeting}")
    lines.append(f"{'macro F1':<10} {_number(result['macro_f1'])}  (decisions, deadlines, targets, figures, entities)")
    lines.append(f"statements: {result['statements']}, without a prediction: {len(result.get('missing_predictions', []))}")
    return "\n".join(lines)


def _describe(e: dict) -> str:
    if e["error"] == "miss":
        return f"miss            {e['gold']!r}"
    if e["error"] == "false positive":
        return f"false positive  {e['predicted']!r}"
    texts = [repr(e["gold"])] if "gold" in e else []
    if e.get("predicted", e.get("gold")) != e.get("gold"):
        texts.append(f"~ predicted {e['predicted']!r}")
    head = f"{e['error']:<15} {' '.join(texts)}".rstrip()
    return f"{head}: gold {e['gold_value']!r}, predicted {e['predicted_value']!r}"


def format_errors(errors: list[dict]) -> str:
    """Misses, false positives and wrong attributes, grouped by field, each with its statement id."""
    lines, current = [], None
    for e in errors:
        if e["field"] != current:
            current = e["field"]
            count = sum(1 for other in errors if other["field"] == current)
            lines.append(f"\n== {current} ({count})")
        lines.append(f"{e['id']}: {_describe(e)}")
    return "\n".join(lines).lstrip("\n") if lines else "no errors"


# ---------------------------------------------------------------- running the pipeline


def predict(gold: list[GoldStatement], model: str | None = None) -> dict[str, Record]:
    """Records for the gold texts, each with its `published` as the reference date."""
    from models.statement import Statement
    from pipeline.extract import Extractor  # noqa: PLC0415 - loads spaCy; --pred never needs it

    statements = (Statement(text=g.text, id=g.id, published=g.published) for g in gold)
    return {record.id: record for record in Extractor(model=model).extract_many(statements)}
