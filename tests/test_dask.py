"""`--engine dask` on a real LocalCluster: the local engine's bytes, exactly once, whatever dies.

The tests share one two-worker cluster (conftest's `cluster`: each worker loads
the model once) and reach it by its address, as a user reaches theirs with --scheduler; the tests
that must start a cluster of their own (the CLI's LocalCluster, a stand-in
pipeline) say so.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from tracker.batch.dask_engine import DIED_ON_THIS, DaskEngine
from tracker.batch.plan import Reading
from tracker.batch.run import BatchSettings, UsageProblem, default_errors_path, partial_path, run_batch
from tracker.batch.workers import use_in_worker

pytestmark = [pytest.mark.cluster, pytest.mark.model]

DECISION = "The committee decided to allocate Rs {n} crore to scheme {n} by June 30."
CLI = [sys.executable, str(ROOT / "cli.py")]


def write_jsonl(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            handle.write(json.dumps({"id": f"s{n}", "text": DECISION.format(n=n)}) + "\n")
    return path


def mixed_folder(folder: Path) -> Path:
    """Good statements among inputs that fail: binary, empty, bad JSON lines, a missing text; ids that depend
    on what came before: a line's own number, an id a file already has."""
    folder.mkdir()
    (folder / "a.txt").write_text("The ECC approved the import of 0.5 million tonnes of wheat.", encoding="utf-8")
    (folder / "b.bin.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "c.txt").write_text("   ", encoding="utf-8")
    (folder / "d.html").write_text("<p>The cabinet directed the ministry to report within seven days.</p>",
                                   encoding="utf-8")
    lines = [json.dumps({"id": f"j{n}", "text": DECISION.format(n=n)}) for n in range(40)]
    lines[5], lines[17] = "not json", json.dumps({"id": "no-text"})
    lines[30], lines[33] = json.dumps({"text": DECISION.format(n=30)}), json.dumps({"id": "a.txt", "text": "Renamed."})
    (folder / "e.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run(inputs, output, engine="local", scheduler=None, extractor=None, **options):
    settings = BatchSettings(inputs=[str(p) for p in inputs], output=output, engine=engine, scheduler=scheduler,
                             **options)
    return run_batch(settings, extractor=extractor)


def on_cluster(cluster, inputs, output, **options):
    return run(inputs, output, engine="dask", scheduler=cluster.scheduler_address, **options)


def test_dask_records_and_error_records_are_the_local_engines_bytes_on_a_mixed_folder(cluster, extractor, tmp_path):
    folder = mixed_folder(tmp_path / "in")
    local_summary = run([folder], tmp_path / "local.jsonl", extractor=extractor)
    dask_summary = on_cluster(cluster, [folder], tmp_path / "dask.jsonl")
    assert (dask_summary.written, dask_summary.failed, dask_summary.exit_code) == (
        local_summary.written, local_summary.failed, local_summary.exit_code) == (40, 4, 1)
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert default_errors_path(tmp_path / "dask.jsonl").read_bytes() == \
        default_errors_path(tmp_path / "local.jsonl").read_bytes()


def test_resume_on_dask_drops_a_half_line_and_ends_with_the_local_engines_bytes(cluster, extractor, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", 50)
    fresh = tmp_path / "fresh.jsonl"
    run([source], fresh, extractor=extractor)
    output = tmp_path / "records.jsonl"
    done = fresh.read_bytes().splitlines(keepends=True)
    partial_path(output).write_bytes(b"".join(done[:20]) + done[20][:30])
    summary = on_cluster(cluster, [source], output, resume=True)
    assert (summary.skipped, summary.written, summary.dropped_lines, summary.exit_code) == (20, 30, 1, 0)
    assert output.read_bytes() == fresh.read_bytes()


def test_a_worker_killed_by_pid_mid_run_loses_no_record_and_writes_none_twice(cluster, extractor, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", 400)
    run([source], tmp_path / "local.jsonl", extractor=extractor)
    expected = (tmp_path / "local.jsonl").read_text(encoding="utf-8").splitlines()
    engine = DaskEngine(workers=2, scheduler=cluster.scheduler_address, chunk_size=4).start()
    try:
        victim = sorted(engine.worker_pids().values())[0]
        results = engine.results([str(source)], Reading())
        taken = [next(results) for _ in range(40)]
        os.kill(victim, signal.SIGKILL)
        taken += list(results)
        pids_after = set(engine.worker_pids().values())
    finally:
        engine.close()
    assert victim not in pids_after
    assert [r.error for r in taken] == [None] * 400
    assert [r.record_json for r in taken] == expected


def load_dying_extractor(model):
    """Worker set-up (importable by the workers) installing a pipeline that kills its process on 'die'."""
    use_in_worker(DyingExtractor())


class DyingExtractor:
    def extract_many(self, statements):
        for statement in statements:
            if "die" in statement.text:
                os._exit(3)
            yield Echo(statement.id)


class Echo:
    def __init__(self, record_id):
        self.record_id = record_id

    def model_dump_json(self):
        return json.dumps({"id": self.record_id})


def worker_settings(dask_worker) -> tuple:
    from tracker.batch.dask_engine import PROFILER_CALLBACKS

    return os.environ.get("MALLOC_TRIM_THRESHOLD_"), any(name in dask_worker.periodic_callbacks for name in PROFILER_CALLBACKS)


def test_workers_keep_glibcs_own_trim_threshold_and_run_no_profiler_also_after_one_died():
    engine = DaskEngine(workers=1).start()
    try:
        assert set(engine.client.run(worker_settings).values()) == {(None, False)}
        os.kill(next(iter(engine.worker_pids().values())), signal.SIGKILL)
        time.sleep(3)
        engine.client.wait_for_workers(1, timeout=120)
        assert set(engine.client.run(worker_settings).values()) == {(None, False)}
    finally:
        engine.close()


def test_a_statement_that_kills_its_worker_twice_becomes_an_error_record_and_its_neighbours_records(tmp_path):
    texts = ["one", "two", "die now", "four", "five", "six"]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": t, "text": t}) + "\n" for t in texts), encoding="utf-8")
    engine = DaskEngine(workers=2, chunk_size=3, loader=load_dying_extractor).start()
    try:
        results = list(engine.results([str(source)], Reading()))
    finally:
        engine.close()
    assert [r.item.id for r in results] == texts
    assert [r.error for r in results] == [None, None, DIED_ON_THIS, None, None, None]
    assert [json.loads(r.record_json)["id"] for r in results if r.record_json] == ["one", "two", "four", "five", "six"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_scheduler_address_that_does_not_answer_is_a_usage_error_naming_it_and_the_partial_stays(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", 3)
    output = tmp_path / "records.jsonl"
    partial_path(output).write_text('{"id": "s0", "text_sha256": "x"}\n', encoding="utf-8")
    address = f"tcp://127.0.0.1:{free_port()}"
    started = time.monotonic()
    with pytest.raises(UsageProblem, match=f"no Dask scheduler answered at {address} within 10 s"):
        run([source], output, engine="dask", scheduler=address, resume=True)
    assert time.monotonic() - started < 60
    assert partial_path(output).read_text(encoding="utf-8") == '{"id": "s0", "text_sha256": "x"}\n'


def test_scheduler_without_dask_engine_is_a_usage_error(tmp_path):
    with pytest.raises(UsageProblem, match="add --engine dask"):
        run([write_jsonl(tmp_path / "in.jsonl", 1)], None, scheduler="tcp://127.0.0.1:8786")


def test_cli_engine_dask_on_its_own_local_cluster_gives_the_corpus_bytes_of_the_local_engine(tmp_path):
    local = subprocess.run(CLI + ["extract", "corpus", "-o", str(tmp_path / "local.jsonl"), "--quiet"],
                           cwd=ROOT, capture_output=True)
    on_dask = subprocess.run(CLI + ["extract", "corpus", "-o", str(tmp_path / "dask.jsonl"), "--engine", "dask",
                                    "--workers", "2"], cwd=ROOT, capture_output=True)
    assert (local.returncode, on_dask.returncode) == (0, 0), on_dask.stderr.decode()
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert on_dask.stderr.decode() == "extract: 50 records written\n"


def wait_for_lines(path: Path, count: int, process: subprocess.Popen, limit_s: float = 300) -> None:
    deadline = time.monotonic() + limit_s
    while not (path.exists() and path.read_bytes().count(b"\n") >= count):
        assert process.poll() is None, process.communicate()[1].decode()
        assert time.monotonic() < deadline, "the run wrote nothing"
        time.sleep(0.05)


def start(command: list[str]) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the workers import this checkout, as an install would
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_scheduler_that_goes_away_mid_run_stops_with_a_clear_message_and_a_resumable_output(extractor, tmp_path):
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = start(["dask", "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"])
    worker = start(["dask", "worker", address, "--nthreads", "1", "--no-dashboard"])
    try:
        source = write_jsonl(tmp_path / "in.jsonl", 1500)
        output = tmp_path / "records.jsonl"
        command = CLI + ["extract", str(source), "-o", str(output), "--quiet", "--engine", "dask",
                         "--scheduler", address]
        run_ = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE)
        wait_for_lines(partial_path(output), 64, run_)
        scheduler.kill()
        _, stderr = run_.communicate(timeout=120)
    finally:
        for process in (worker, scheduler):
            process.kill()
            process.wait()
    assert run_.returncode == 1
    assert f"the Dask scheduler at {address} went away".encode() in stderr and b"--resume" in stderr
    assert b"Traceback" not in stderr
    resumed = subprocess.run(CLI + ["extract", str(source), "-o", str(output), "--quiet", "--resume"], cwd=ROOT,
                             capture_output=True)
    assert resumed.returncode == 0, resumed.stderr.decode()
    fresh = tmp_path / "fresh.jsonl"
    run([source], fresh, extractor=extractor)
    assert output.read_bytes() == fresh.read_bytes()
