"""The tracker's query figures for `bench`: p50 latency of `track overdue` and `track decisions --search`
on a store of many statements (default 50,000; target <= 100 ms each).

The store is made from the bench's records (outputs/records.jsonl, real extractor output) loaded again and
again under distinct ids, each copy's dates moved back by a different number of days so the meetings and
deadlines spread over five years, as a tracker's store does. A share of the decisions with a deadline get
follow-ups from the next copy (done, extended, repeated, dropped, mentioned), so `overdue` has links to
weigh. The queries run as the CLI runs them: the default page of 100, through tracker.store.queries,
each sample with the cyclic garbage collector paused (p50_ms says why).
"""
import datetime as dt
import gc
import json
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parents[2]
BENCH_RECORDS = ROOT / "outputs" / "records.jsonl"
SPREAD_DAYS = 5 * 365
FOLLOWED_EVERY = 3  # one decision with a deadline in three gets a follow-up
STATUSES = ("done", "extended", "repeated", "dropped", "mentioned")
SEARCH_WORDS = "wheat import"
QUERY_TARGET = "<= 100 ms"


def shifted(day: str | None, days: int) -> str | None:
    return None if day is None else (dt.date.fromisoformat(day) - dt.timedelta(days=days)).isoformat()


def synthetic_copy(record: dict, copy: int) -> dict:
    """`record` as the statement of another meeting: its own id, its dates `copy % SPREAD_DAYS` days earlier."""
    days = copy % SPREAD_DAYS
    made = json.loads(json.dumps(record))
    made["id"] = f"{record['id']}~{copy}"
    made["published"] = shifted(record.get("published"), days)
    made["meeting"]["date"] = shifted(record["meeting"].get("date"), days)
    for decision in made["decisions"]:
        if decision.get("deadline"):
            decision["deadline"]["date"] = shifted(decision["deadline"].get("date"), days)
    for deadline in made["deadlines"]:
        deadline["date"] = shifted(deadline.get("date"), days)
    return made


def synthetic_records(records: list[dict], count: int) -> Iterator:
    from models import Record
    from tracker.store.load import Incoming

    for number in range(count):
        made = synthetic_copy(records[number % len(records)], number // len(records))
        yield Incoming(Record.model_validate(made), json.dumps(made))


def add_synthetic_followups(store, per_copy: int) -> int:
    """Follow-ups for one decision with a deadline in FOLLOWED_EVERY, from the statement `per_copy` keys later."""
    from tracker.store import schema

    with store.writer.begin() as connection:
        last_key = connection.execute(select(schema.Statement.key).order_by(schema.Statement.key.desc())).scalar()
        dated = list(connection.execute(select(schema.Decision.key, schema.Decision.statement_key,
                                               schema.Decision.deadline_date)
                                        .where(schema.Decision.deadline_date.is_not(None))
                                        .order_by(schema.Decision.key)))
        rows = []
        for number, (decision_key, statement_key, deadline) in enumerate(dated[::FOLLOWED_EVERY]):
            if statement_key + per_copy > last_key:
                continue
            status = STATUSES[number % len(STATUSES)]
            rows.append({"decision_key": decision_key, "later_statement_key": statement_key + per_copy,
                         "status": status, "score": 0.7, "evidence_text": "reported at the next meeting",
                         "new_deadline": deadline + dt.timedelta(days=90) if status == "extended" else None,
                         "reasons": {"synthetic": True}})
        for start in range(0, len(rows), 5000):
            connection.execute(insert(schema.FollowUp), rows[start:start + 5000])
    return len(rows)


def p50_ms(function: Callable[[], object], repeats: int) -> dict:
    """p50/p95 of `repeats` timed calls. No cyclic collection falls inside a sample: the bench process's heap
    (the extraction pipeline's objects, the records the store was made of) is not a serving process's, and a
    full collection of it, 60 to 260 ms, landed in whichever sample crossed the collector's threshold, the
    p95 then timing the heap, not the query. The garbage the samples make is collected between them."""
    function()  # warm the page cache the way a serving process has it
    gc.collect()
    samples = []
    for _ in range(repeats):
        samples.append(sample_ms(function))
    ordered = sorted(samples)
    return {"p50_ms": ordered[len(ordered) // 2], "p95_ms": ordered[min(len(ordered) - 1, round(0.95 * len(ordered)))]}


def sample_ms(function: Callable[[], object]) -> float:
    """One call's milliseconds, the cyclic collector paused for it (and run again after, outside the timing)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        function()
        return 1000 * (time.perf_counter() - start)
    finally:
        if enabled:
            gc.enable()
            gc.collect(0)


def store_query_figures(statements: int = 50_000, repeats: int = 20, records_path: Path = BENCH_RECORDS,
                        folder: Path | None = None, url: str | None = None) -> dict:
    """p50/p95 of overdue and of a search on a store of `statements` synthetic statements (SQLite unless `url`)."""
    from models.tracker import DecisionFilter
    from tracker.store import queries
    from tracker.store.database import open_store
    from tracker.store.load import load_records

    records = [json.loads(line) for line in records_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory(prefix="bench-store-", dir=folder) as tmp:
        store = open_store(url or f"sqlite:///{Path(tmp) / 'tracker.db'}")
        start = time.perf_counter()
        load_records(store, synthetic_records(records, statements), link=False)  # synthetic follow-ups below
        load_s = time.perf_counter() - start
        followups = add_synthetic_followups(store, len(records))
        reader = queries.open_existing(store.url)
        latest = max(dt.date.fromisoformat(r["meeting"]["date"]) for r in records if r["meeting"].get("date"))
        spread = min(SPREAD_DAYS, statements // len(records))  # days the copies' dates cover
        as_of = latest - dt.timedelta(days=spread // 2)  # half the deadlines have passed
        overdue = queries.overdue(reader, as_of)
        found = queries.find_decisions(reader, DecisionFilter(search=SEARCH_WORDS))
        result = {
            "statements": statements, "followups": followups, "load_s": load_s, "as_of": as_of.isoformat(),
            "search": SEARCH_WORDS, "overdue_rows": len(overdue), "search_rows": len(found),
            "overdue": p50_ms(lambda: queries.overdue(reader, as_of), repeats),
            "search_decisions": p50_ms(lambda: queries.find_decisions(reader, DecisionFilter(search=SEARCH_WORDS)),
                                       repeats),
            "overdue_by_body": p50_ms(lambda: queries.overdue(reader, as_of, DecisionFilter(body="apex committee")),
                                      repeats),
        }
        reader.dispose()
        store.dispose()
    return result


def store_query_rows(figures: dict) -> list[tuple[str, str, str]]:
    """The bench table's rows for the query figures: (figure, measured, target)."""
    size = f"{figures['statements']:,} statements"
    return [
        (f"track overdue p50/p95, {size}", f"{figures['overdue']['p50_ms']:.1f} / {figures['overdue']['p95_ms']:.1f} ms",
         QUERY_TARGET),
        (f"track overdue --body p50, {size}", f"{figures['overdue_by_body']['p50_ms']:.1f} ms", QUERY_TARGET),
        (f"track decisions --search p50/p95, {size}",
         f"{figures['search_decisions']['p50_ms']:.1f} / {figures['search_decisions']['p95_ms']:.1f} ms", QUERY_TARGET),
    ]
