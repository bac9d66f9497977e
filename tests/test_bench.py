"""`bench` keeps working on a tiny input; it reports times, and no test asserts one."""
import importlib.util
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from tracker.measure.bench import run_cli_measured, run_measured

pytestmark = pytest.mark.model

HOLD_200_MB = "b = bytearray(200 * 2**20); b[::4096] = b'x' * len(b[::4096])"  # touched, so resident
FIGURES = ("raw", "full", "full_over_raw", "latency", "cold_start", "process", "workers", "dask", "memory", "store",
           "store_queries")


@pytest.fixture(scope="module")
def tiny_bench(tmp_path_factory, postgres_url):
    statement = tmp_path_factory.mktemp("bench") / "statement.txt"
    statement.write_text("The committee decided to set up a cell within seven days. It approved Rs 5 crore.",
                         encoding="utf-8")
    args = ["bench", "--inputs", str(statement), "--statements", "4", "--repeats", "2",
            "--memory-sizes", "2,3", "--workers", "1,2", "--store-records", "48", "--store-url", postgres_url, "--json"]
    return CliRunner().invoke(cli, args)


def test_bench_runs_on_a_tiny_input(tiny_bench):
    assert tiny_bench.exit_code == 0, tiny_bench.output


def test_bench_json_reports_every_figure(tiny_bench):
    result = json.loads(tiny_bench.stdout)
    assert set(FIGURES) <= set(result)
    assert set(result["workers"]) == {"1", "2"}
    assert set(result["dask"]["workers"]) == {"1", "2"} and result["dask"]["cluster_startup_s"] > 0
    assert set(result["dask"]["workers"]["2"]["client_peak_rss_mb"]) == {"1", str(result["statements"])}
    assert set(result["memory"]) == {"2", "3", "growth_mb"}
    assert {server: figures["records"] for server, figures in result["store"].items() if server != "target_records_per_s"} \
        == {"sqlite": 48, "sqlite_linked": 48, "postgresql": 48, "postgresql_linked": 48}


def test_bench_json_sets_start_up_against_the_bare_models(tiny_bench):
    result = json.loads(tiny_bench.stdout)
    assert result["cold_start"]["bare_median_s"] > 0 and result["cold_start"]["over_bare"] > 0
    assert result["process"]["statements"] == 4 and result["process"]["over_bare"] > 0


def test_bench_json_times_a_byte_compiled_copy_of_our_code_beside_the_checkout(tiny_bench):
    cold = json.loads(tiny_bench.stdout)["cold_start"]
    assert cold["compiled_median_s"] > 0 and cold["compiled_over_bare"] > 0
    assert cold["writes_bytecode"] is (not sys.dont_write_bytecode)


def test_byte_compiled_copy_holds_bytecode_for_every_module_and_leaves_the_checkout_alone(tmp_path):
    from tracker.measure.bench import ROOT, byte_compiled_copy, project_packages

    before = sorted(ROOT.rglob("__pycache__/*.pyc"))
    copied_cli = byte_compiled_copy(tmp_path)
    assert copied_cli == tmp_path / "cli.py" and copied_cli.exists()
    assert set(project_packages()) == {"pipeline", "models", "tracker"}
    modules = [source for source in tmp_path.rglob("*.py") if source != copied_cli]
    assert modules and all(Path(importlib.util.cache_from_source(str(source))).exists() for source in modules)
    assert sorted(ROOT.rglob("__pycache__/*.pyc")) == before


def test_bench_table_checks_the_cold_start_target_on_the_like_for_like_figure():
    from tracker.measure.bench import TARGETS, cold_start_rows

    rows = cold_start_rows({"median_s": 1.7, "max_s": 1.8, "bare_median_s": 1.4, "over_bare": 1.21,
                            "writes_bytecode": False, "compiled_median_s": 1.6, "compiled_over_bare": 1.14})
    as_run, compiled = rows[1], rows[2]
    assert "as run here" in as_run[0] and as_run[1].startswith("1.21 (PYTHONDONTWRITEBYTECODE") and as_run[2] == ""
    assert "bytecode cached" in compiled[0] and compiled[1].startswith("1.14 (1.60 s; ours byte-compiled")
    assert compiled[2] == TARGETS["cold_start_over_bare"]


def test_bench_reads_inputs_as_extract_does_jsonl_in_a_folder_included(tmp_path):
    from tracker.measure.bench import read_texts

    (tmp_path / "a.txt").write_text("The cabinet met.", encoding="utf-8")
    (tmp_path / "more.jsonl").write_text('{"id": "b", "text": "The ECC met."}\n{"id": "c", "text": " "}\n',
                                         encoding="utf-8")
    assert sorted(read_texts([tmp_path])) == ["The ECC met.", "The cabinet met."]


def test_bench_table_names_the_targets():
    from tracker.measure.bench import format_table

    result = {
        "statements": 4, "distinct_texts": 1, "model": "m", "load_s": 0.5,
        "raw": {"statements_per_s": 10.0, "tokens_per_s": 1000.0},
        "full": {"statements_per_s": 9.0}, "full_over_raw": 0.9,
        "latency": {"words": 500, "extract": {"p50_ms": 11.0, "p95_ms": 12.0},
                    "raw": {"p50_ms": 10.0, "p95_ms": 11.0}, "p50_ratio": 1.1},
        "cold_start": {"median_s": 1.5, "max_s": 1.6},
        "workers": {"1": {"statements_per_s": 9.0, "speedup": 1.0}, "2": {"statements_per_s": 17.0, "speedup": 1.89}},
        "memory": {"100": {"peak_rss_mb": 300.0}, "10000": {"peak_rss_mb": 320.0}, "growth_mb": 20.0},
    }
    table = format_table(result)
    assert "full / raw throughput  " in table and ">= 0.80" in table
    assert "speed-up 2 over 1 workers" in table and "1.89" in table
    assert "+20 MB" in table


def test_bench_json_gives_the_trained_layers_share_of_the_time(tiny_bench):
    trained = json.loads(tiny_bench.stdout)["trained"]
    assert 0.0 <= trained["share"] < 1.0
    from pipeline.trained_layers import ENABLED, component_name

    assert trained["layers"] == [component_name(name) for name in ENABLED]


def test_peak_memory_is_the_measured_runs_own_not_the_benchs():
    ballast = bytearray(400 * 2**20)  # the bench process is big (the model is loaded) when it starts a run
    ballast[::4096] = b"x" * len(ballast[::4096])
    _, peak = run_cli_measured(["schema"], None)
    assert 0 < peak < 300 * 2**20


def test_peak_memory_counts_a_peak_held_only_just_before_exit():
    _, peak = run_measured([sys.executable, "-c", HOLD_200_MB])
    assert peak >= 200 * 2**20


def test_peak_memory_of_a_small_run_is_not_an_earlier_bigger_runs():
    run_measured([sys.executable, "-c", HOLD_200_MB])
    _, peak = run_measured([sys.executable, "-c", "pass"])
    assert peak < 100 * 2**20


def test_bench_only_store_reports_just_the_store_figures(tmp_path):
    statement = tmp_path / "statement.txt"
    statement.write_text("The committee decided to set up a cell within seven days.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["bench", "--only", "store", "--inputs", str(statement), "--store-records", "20"])
    assert result.exit_code == 0, result.output
    assert "store load into SQLite with follow-up linking, 20 records" in result.stdout
    assert "full extraction" not in result.stdout
