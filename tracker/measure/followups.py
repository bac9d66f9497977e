"""Score the follow-up linker against a gold links file (corpus/followups/links.json).

The series statements are extracted by the pipeline, loaded with their texts
into a fresh SQLite store (which links them), and the store's follow-ups are
compared with the gold. A gold link is (earlier decision, later statement); the
gold names its decision by the words of the earlier statement, a prediction by
its decision's characters, so the two match when their ranges in the earlier
statement overlap and the later statement is the same. Matching is one-to-one,
greedy, largest overlap first. Status accuracy is over matched links; the new
deadline is checked on matched links the gold calls extended.
"""
import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tracker.store import schema

STATUSES = ("done", "extended", "repeated", "dropped", "mentioned")


class FollowupGoldError(ValueError):
    """A links or series file that cannot be used; the message names it and the cause."""


def read_series(path: Path) -> list[dict]:
    try:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as error:
        raise FollowupGoldError(f"{path}: cannot read the series statements ({error})") from None


def read_links(path: Path, texts: dict[str, str]) -> list[dict]:
    """The gold links, each with the (start, end) of its decision words in the earlier statement."""
    try:
        links = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise FollowupGoldError(f"{path}: not a JSON links file ({error})") from None
    if not isinstance(links, list):
        raise FollowupGoldError(f"{path}: a links file is a JSON list of links")
    for number, link in enumerate(links, start=1):
        decision = link.get("decision", {})
        text = texts.get(decision.get("statement"))
        if text is None or link.get("later_statement") not in texts:
            raise FollowupGoldError(f"{path}: link {number} names a statement the series does not hold")
        start = text.find(decision.get("text") or "\0")
        if start < 0:
            raise FollowupGoldError(f"{path}: link {number}: {decision.get('text')!r} is not in {decision['statement']}")
        if link.get("status") not in STATUSES:
            raise FollowupGoldError(f"{path}: link {number}: status {link.get('status')!r} is not one of {STATUSES}")
        link["span"] = (start, start + len(decision["text"]))
    return links


def predicted_links(connection) -> list[dict]:
    earlier = schema.Statement.__table__.alias("earlier")
    later = schema.Statement.__table__.alias("later")
    rows = connection.execute(
        select(earlier.c.id, schema.Decision.start, schema.Decision.end, later.c.id.label("later_id"),
               schema.FollowUp.status, schema.FollowUp.new_deadline, schema.FollowUp.score,
               schema.FollowUp.evidence_text)
        .join(schema.Decision, schema.Decision.key == schema.FollowUp.decision_key)
        .join(earlier, earlier.c.key == schema.Decision.statement_key)
        .join(later, later.c.key == schema.FollowUp.later_statement_key))
    return [{"statement": r.id, "span": (r.start, r.end), "later_statement": r.later_id, "status": r.status,
             "new_deadline": r.new_deadline.isoformat() if r.new_deadline else None, "score": r.score,
             "evidence": r.evidence_text} for r in rows]


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_links(gold: list[dict], predicted: list[dict]) -> dict[str, Any]:
    """P, R, F1 of links; status and new-deadline accuracy on the matched ones; the misses and extras."""
    pairs = sorted(((overlap(g["span"], p["span"]), gi, pi)
                    for gi, g in enumerate(gold) for pi, p in enumerate(predicted)
                    if g["decision"]["statement"] == p["statement"] and g["later_statement"] == p["later_statement"]),
                   key=lambda pair: (-pair[0], pair[1], pair[2]))
    matched, used_gold, used_pred = [], set(), set()
    for size, gi, pi in pairs:
        if size > 0 and gi not in used_gold and pi not in used_pred:
            matched.append((gi, pi))
            used_gold.add(gi)
            used_pred.add(pi)
    tp = len(matched)
    precision = tp / len(predicted) if predicted else None
    recall = tp / len(gold) if gold else None
    f1 = (2 * precision * recall / (precision + recall) if precision and recall else
          0.0 if precision is not None and recall is not None else None)
    right_status = sum(gold[gi]["status"] == predicted[pi]["status"] for gi, pi in matched)
    extended = [(gi, pi) for gi, pi in matched if gold[gi]["status"] == "extended"]
    right_deadline = sum(gold[gi].get("new_deadline") == predicted[pi]["new_deadline"] for gi, pi in extended)
    return {
        "gold": len(gold), "predicted": len(predicted), "matched": tp,
        "precision": precision, "recall": recall, "f1": f1,
        "status_accuracy": right_status / tp if tp else None,
        "new_deadline_accuracy": right_deadline / len(extended) if extended else None,
        "missed": [{k: gold[gi][k] for k in ("decision", "later_statement", "status")}
                   for gi in range(len(gold)) if gi not in used_gold],
        "extra": [{k: v for k, v in predicted[pi].items() if k != "span"}
                  for pi in range(len(predicted)) if pi not in used_pred],
        "wrong_status": [{"decision": gold[gi]["decision"], "later_statement": gold[gi]["later_statement"],
                          "gold": gold[gi]["status"], "predicted": predicted[pi]["status"],
                          "evidence": predicted[pi]["evidence"]}
                         for gi, pi in matched if gold[gi]["status"] != predicted[pi]["status"]],
    }


def evaluate_followups(links_path: Path, series_path: Path | None = None, model: str | None = None) -> dict:
    """Extract the series, load it into a temporary SQLite store (linking it), and score the links."""
    from models.statement import Statement
    from pipeline.extract import Extractor  # noqa: PLC0415 - loads spaCy
    from tracker.store.database import open_store
    from tracker.store.load import Incoming, load_records

    series_path = series_path or links_path.parent / "series.jsonl"
    series = read_series(series_path)
    texts = {s["id"]: s["text"] for s in series}
    gold = read_links(links_path, texts)
    statements = [Statement(text=s["text"], id=s["id"],
                            published=dt.date.fromisoformat(s["published"]) if s.get("published") else None)
                  for s in series]
    records = list(Extractor(model=model).extract_many(statements))
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{folder}/followups.db")
        try:
            load_records(store, (Incoming(r, r.model_dump_json(), texts[r.id]) for r in records))
            with store.reader.connect() as connection:
                predicted = predicted_links(connection)
        finally:
            store.dispose()
    return score_links(gold, predicted)


def format_scores(result: dict) -> str:
    def shown(value):
        return "-" if value is None else f"{value:.3f}"
    return "\n".join([
        f"follow-up links: gold {result['gold']}, predicted {result['predicted']}, matched {result['matched']}",
        f"  precision {shown(result['precision'])}  recall {shown(result['recall'])}  f1 {shown(result['f1'])}",
        f"  status accuracy (matched) {shown(result['status_accuracy'])}  "
        f"new deadline (matched extended) {shown(result['new_deadline_accuracy'])}",
    ])
