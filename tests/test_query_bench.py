"""The query figures of `bench` (tracker/measure/query_bench.py) on a small store; no time is asserted."""
import json

from tracker.measure.query_bench import BENCH_RECORDS, QUERY_TARGET, store_query_figures, store_query_rows, \
    synthetic_copy


def test_a_synthetic_copy_is_another_meeting_days_earlier():
    records = [json.loads(line) for line in BENCH_RECORDS.read_text(encoding="utf-8").splitlines()]
    record = next(r for r in records if r["id"] == "kp-apex-committee-sims")
    copy = synthetic_copy(record, 30)
    assert copy["id"] == f"{record['id']}~30" and copy["text_sha256"] == record["text_sha256"]
    assert (copy["meeting"]["date"], copy["deadlines"][0]["date"]) == ("2025-10-14", "2025-11-13")


def test_the_figures_time_both_queries_on_a_store_of_the_size_asked(tmp_path):
    figures = store_query_figures(96, repeats=2, folder=tmp_path)
    assert figures["statements"] == 96 and figures["followups"] > 0
    assert {"overdue", "search_decisions", "overdue_by_body"} <= set(figures)
    assert [target for _, _, target in store_query_rows(figures)] == [QUERY_TARGET] * 3
