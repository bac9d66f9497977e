"""Batch runs never lose work: atomic output, resume to exactly-once, an errors file, streaming."""
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from models import Source
from models.statement import Statement
from tracker.batch import run as batch
from tracker.batch.run import BatchSettings, UsageProblem, default_errors_path, partial_path, run_batch
from tracker.io.inputs import InputFailure, iter_statements
from tracker.batch.workers import extract_chunk, extract_in_order, use_in_worker

DECISION = "The committee decided to allocate Rs {n} crore to scheme {n} by June 30."


def write_jsonl(path: Path, count: int, start: int = 0) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(start, start + count):
            handle.write(json.dumps({"id": f"s{n}", "text": DECISION.format(n=n)}) + "\n")
    return path


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in lines(path)]


def run(extractor, inputs, output, **options):
    return run_batch(BatchSettings(inputs=[str(p) for p in inputs], output=output, **options), extractor=extractor)


# ---------------------------------------------------------------- no model needed

class ExplodingExtractor:
    """Fails on any statement containing 'boom', as a pipeline bug would."""

    def extract(self, statement):
        if "boom" in statement.text:
            raise ValueError("boom")
        return FakeRecord(statement.id)

    def extract_many(self, statements):
        for statement in statements:
            yield self.extract(statement)


class FakeRecord:
    def __init__(self, record_id):
        self.record_id = record_id

    def model_dump_json(self):
        return json.dumps({"id": self.record_id})


def test_a_statement_that_breaks_extraction_becomes_an_error_and_its_neighbours_records():
    statements = [Statement(text=t, id=t) for t in ("fine one", "boom here", "fine two")]
    outcomes = extract_chunk(statements, ExplodingExtractor())
    assert [json.loads(r)["id"] if r else None for r, _ in outcomes] == ["fine one", None, "fine two"]
    assert outcomes[1][1] == "extraction failed: ValueError: boom"


class DyingExtractor(ExplodingExtractor):
    """Kills its whole process on 'die', as a crash in native code would."""

    def extract(self, statement):
        if "die" in statement.text:
            os._exit(3)
        return super().extract(statement)


def load_dying_extractor(model):
    """Worker initializer (importable by spawned workers) installing the dying stand-in."""
    use_in_worker(DyingExtractor())


def test_a_statement_that_kills_its_worker_process_costs_only_its_own_record():
    texts = ["one", "two", "die now", "four", "boom", "six"]
    statements = [Statement(text=t, id=t) for t in texts]
    results = list(extract_in_order(statements, workers=2, chunk_size=2, loader=load_dying_extractor))
    assert [r.item.id for r in results] == texts
    assert [r.error for r in results] == [None, None, "extraction failed: the worker process died on this statement",
                                          None, "extraction failed: ValueError: boom", None]


def test_input_failures_keep_their_place_among_the_records():
    items = [Statement(text="a", id="a"), InputFailure("empty text", "b", Source()), Statement(text="c", id="c")]
    results = list(extract_in_order(items, extractor=ExplodingExtractor(), chunk_size=2))
    assert [(r.item.id, r.error) for r in results] == [("a", None), ("b", "empty text"), ("c", None)]


def test_results_stream_without_reading_all_inputs_first():
    endless = (Statement(text=f"statement {n}", id=str(n)) for n in itertools.count())
    first = list(itertools.islice(extract_in_order(endless, extractor=ExplodingExtractor(), chunk_size=4), 5))
    assert [r.item.id for r in first] == ["0", "1", "2", "3", "4"]


def test_folder_texts_are_read_one_at_a_time_not_all_first(tmp_path):
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(f"Statement {n}.", encoding="utf-8")
    items = iter_statements([str(tmp_path)])
    assert next(items).text == "Statement 0."
    (tmp_path / "1.txt").write_text("Changed after the first was read.", encoding="utf-8")
    assert next(items).text == "Changed after the first was read."


def test_errors_file_defaults_beside_the_output():
    assert default_errors_path(Path("outputs/records.jsonl")) == Path("outputs/records.errors.jsonl")


def test_resume_needs_an_output_file():
    with pytest.raises(UsageProblem, match="--resume needs"):
        run_batch(BatchSettings(inputs=["-"], resume=True))


def test_fresh_run_refuses_to_overwrite_an_unfinished_run(tmp_path):
    output = tmp_path / "records.jsonl"
    partial_path(output).write_text('{"id": "x", "text_sha256": "y"}\n', encoding="utf-8")
    with pytest.raises(UsageProblem, match="add --resume"):
        run_batch(BatchSettings(inputs=[str(tmp_path)], output=output))


def test_missing_input_is_a_usage_problem_before_any_output(tmp_path):
    output = tmp_path / "records.jsonl"
    with pytest.raises(UsageProblem, match="no such file"):
        run_batch(BatchSettings(inputs=[str(tmp_path / "nowhere")], output=output))
    assert not output.exists() and not partial_path(output).exists()


# ---------------------------------------------------------------- with the model

@pytest.mark.model
def test_fresh_run_writes_records_in_input_order_and_leaves_no_partial(extractor, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", 40)
    output = tmp_path / "out" / "records.jsonl"
    summary = run(extractor, [source], output)
    assert (summary.written, summary.failed, summary.exit_code) == (40, 0, 0)
    assert ids(output) == [f"s{n}" for n in range(40)]
    assert not partial_path(output).exists()
    assert lines(default_errors_path(output)) == []


@pytest.mark.model
def test_failed_inputs_get_one_error_record_each_and_exit_code_1(extractor, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "ok", "text": "The ECC approved it."}\n{"id": "bad"}\nnot json\n', encoding="utf-8")
    output = tmp_path / "records.jsonl"
    summary = run(extractor, [source], output)
    errors = [json.loads(line) for line in lines(default_errors_path(output))]
    assert summary.exit_code == 1
    assert ids(output) == ["ok"]
    assert [(e["id"], e["source"]["line"]) for e in errors] == [("bad", 2), ("in.jsonl:3", 3)]
    assert all(set(e) == {"schema_version", "id", "source", "error"} for e in errors)


@pytest.mark.model
def test_interrupted_run_leaves_the_old_output_untouched_and_complete_lines_in_partial(extractor, tmp_path, monkeypatch):
    source = write_jsonl(tmp_path / "in.jsonl", 10)
    output = tmp_path / "records.jsonl"
    output.write_text("old run\n", encoding="utf-8")

    def interrupted_after_three(items, **options):
        yield from itertools.islice(extract_in_order(items, **options), 3)
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "extract_in_order", interrupted_after_three)
    summary = run(extractor, [source], output)
    assert summary.interrupted
    assert output.read_text(encoding="utf-8") == "old run\n"
    assert [json.loads(line)["id"] for line in lines(partial_path(output))] == ["s0", "s1", "s2"]


@pytest.mark.model
def test_resume_drops_a_half_written_line_and_ends_with_every_record_once(extractor, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", 12)
    fresh = tmp_path / "fresh.jsonl"
    run(extractor, [source], fresh)
    output = tmp_path / "records.jsonl"
    done = fresh.read_bytes().splitlines(keepends=True)
    partial_path(output).write_bytes(b"".join(done[:5]) + done[5][:40])
    summary = run(extractor, [source], output, resume=True)
    assert (summary.skipped, summary.written, summary.dropped_lines) == (5, 7, 1)
    assert output.read_bytes() == fresh.read_bytes()
    assert not partial_path(output).exists()


@pytest.mark.model
def test_resume_extracts_again_an_input_whose_text_changed(extractor, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", 3)
    output = tmp_path / "records.jsonl"
    run(extractor, [source], output)
    source.write_text(source.read_text(encoding="utf-8").replace("scheme 1 ", "scheme 99 "), encoding="utf-8")
    summary = run(extractor, [source], output, resume=True)
    assert (summary.skipped, summary.written) == (2, 1)
    assert ids(output) == ["s0", "s1", "s2", "s1"]


@pytest.mark.model
def test_resume_after_a_finished_run_with_more_inputs_appends_only_the_new_ones(extractor, tmp_path):
    output = tmp_path / "records.jsonl"
    run(extractor, [write_jsonl(tmp_path / "a.jsonl", 3)], output)
    inputs = [tmp_path / "a.jsonl", write_jsonl(tmp_path / "b.jsonl", 2, start=3)]
    summary = run(extractor, inputs, output, resume=True)
    assert (summary.skipped, summary.written) == (3, 2)
    assert ids(output) == ["s0", "s1", "s2", "s3", "s4"]


@pytest.mark.model
def test_resume_merges_a_finished_output_and_an_unfinished_partial_without_duplicates(extractor, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", 6)
    fresh = tmp_path / "fresh.jsonl"
    run(extractor, [source], fresh)
    done = fresh.read_bytes().splitlines(keepends=True)
    output = tmp_path / "records.jsonl"
    output.write_bytes(b"".join(done[:3]))
    partial_path(output).write_bytes(b"".join(done[:4]))
    run(extractor, [source], output, resume=True)
    assert output.read_bytes() == fresh.read_bytes()


def wait_for_lines(path: Path, count: int, process: subprocess.Popen, limit_s: float = 300) -> None:
    """Poll until the file holds `count` lines (the run is mid-way), or fail if the run ends first."""
    waited = 0.0
    while not (path.exists() and path.read_bytes().count(b"\n") >= count):
        assert process.poll() is None, "the run finished before it could be interrupted"
        assert waited < limit_s, "the run wrote nothing"
        time.sleep(0.05)
        waited += 0.05


def child_pids(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(n) for n in children.read_text().split()] if children.exists() else []


def wait_until_gone(pids: list[int], limit_s: float = 60) -> list[int]:
    waited = 0.0
    while (alive := [p for p in pids if Path(f"/proc/{p}").exists()]) and waited < limit_s:
        time.sleep(0.1)
        waited += 0.1
    return alive


@pytest.mark.model
@pytest.mark.parametrize("stop, workers", [(signal.SIGKILL, 1), (signal.SIGINT, 1), (signal.SIGKILL, 2), (signal.SIGTERM, 2)],
                         ids=["SIGKILL", "SIGINT", "SIGKILL-2-workers", "SIGTERM-2-workers"])
def test_run_killed_mid_way_and_resumed_ends_with_every_record_exactly_once(extractor, tmp_path, stop, workers):
    source = write_jsonl(tmp_path / "in.jsonl", 2000 * workers)
    output = tmp_path / "records.jsonl"
    command = [sys.executable, str(ROOT / "cli.py"), "extract", str(source), "-o", str(output), "--quiet",
               "--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE)
    wait_for_lines(partial_path(output), 64, process)
    children = child_pids(process.pid)
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == (-signal.SIGKILL if stop == signal.SIGKILL else 130), stderr.decode()
    assert not output.exists()
    assert wait_until_gone(children) == [], "worker processes outlived the run"
    if stop != signal.SIGKILL:
        assert b"--resume" in stderr and b"Traceback" not in stderr

    resumed = subprocess.run(command + ["--resume"], cwd=ROOT, env=env, capture_output=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr.decode()
    fresh = tmp_path / "fresh.jsonl"
    run(extractor, [source], fresh)
    assert output.read_bytes() == fresh.read_bytes()
