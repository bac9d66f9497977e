"""`extract --partitioned`: part files written by the workers, a manifest, resume by partition, `merge`."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cli import cli
from conftest import ROOT
from tracker.batch.partitioned import MANIFEST, MergeProblem, merge_parts, part_names, run_partitioned
from tracker.batch.run import BatchSettings, UsageProblem, default_errors_path, run_batch
from test_dask import mixed_folder, write_jsonl

pytestmark = [pytest.mark.cluster, pytest.mark.model]


def settings_for(inputs, cluster, **options) -> BatchSettings:
    return BatchSettings(inputs=[str(p) for p in inputs], engine="dask", scheduler=cluster.scheduler_address,
                         **options)


def local_run(extractor, inputs, output):
    return run_batch(BatchSettings(inputs=[str(p) for p in inputs], output=output), extractor=extractor)


def manifest_of(folder) -> dict:
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def test_merged_parts_are_the_local_engines_records_and_error_records(cluster, extractor, tmp_path):
    inputs = mixed_folder(tmp_path / "in")
    local_summary = local_run(extractor, [inputs], tmp_path / "local.jsonl")
    parts = tmp_path / "parts"
    summary = run_partitioned(settings_for([inputs], cluster), str(parts), partition_size=8)
    assert (summary.written, summary.failed, summary.exit_code) == (
        local_summary.written, local_summary.failed, local_summary.exit_code)
    manifest = manifest_of(parts)
    assert manifest["complete"] and manifest["partitions"] == 6 == len(manifest["parts"])
    assert merge_parts(str(parts), tmp_path / "merged.jsonl") == (40, 4)
    assert (tmp_path / "merged.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert default_errors_path(tmp_path / "merged.jsonl").read_bytes() == \
        default_errors_path(tmp_path / "local.jsonl").read_bytes()


def test_resume_redoes_only_the_partitions_the_manifest_lacks(cluster, extractor, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", 120)
    parts = tmp_path / "parts"
    run_partitioned(settings_for([source], cluster), str(parts), partition_size=16)
    # As a run stopped after some partitions leaves it: the last three unlisted, one of their files absent.
    manifest = manifest_of(parts)
    manifest["parts"], manifest["complete"], manifest["partitions"] = manifest["parts"][:5], False, None
    (parts / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    (parts / part_names(6)[0]).unlink()
    kept = {name: (parts / name).stat().st_mtime_ns for index in range(5) for name in part_names(index)}
    done = sum(entry["records"]["count"] for entry in manifest["parts"])

    summary = run_partitioned(settings_for([source], cluster, resume=True), str(parts), partition_size=16)
    assert (summary.skipped, summary.written, summary.exit_code) == (done, 120 - done, 0)
    assert 60 < done < 100  # five partitions of about 16 lines each
    assert {name: (parts / name).stat().st_mtime_ns for name in kept} == kept
    merge_parts(str(parts), tmp_path / "merged.jsonl")
    local_run(extractor, [source], tmp_path / "local.jsonl")
    assert (tmp_path / "merged.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()


def test_a_folder_holding_a_run_needs_resume(cluster, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", 3)
    parts = tmp_path / "parts"
    run_partitioned(settings_for([source], cluster), str(parts))
    with pytest.raises(UsageProblem, match="holds a partitioned run: add --resume"):
        run_partitioned(settings_for([source], cluster), str(parts))


def test_merge_refuses_an_unfinished_run_and_names_the_way_on(cluster, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", 40)
    parts = tmp_path / "parts"
    run_partitioned(settings_for([source], cluster), str(parts), partition_size=16)
    manifest = manifest_of(parts)
    manifest["parts"], manifest["partitions"] = manifest["parts"][:2], None
    (parts / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    result = CliRunner().invoke(cli, ["merge", str(parts), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 1
    assert "unfinished run (2 partitions done): finish it with the same extract command and --resume" in result.output
    assert not (tmp_path / "out.jsonl").exists()


def test_merge_refuses_a_part_that_does_not_match_its_manifest(cluster, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", 40)
    parts = tmp_path / "parts"
    run_partitioned(settings_for([source], cluster), str(parts), partition_size=16)
    cut = parts / part_names(1)[0]
    cut.write_bytes(cut.read_bytes()[:-10])
    with pytest.raises(MergeProblem, match="part-000001.jsonl does not match the manifest"):
        merge_parts(str(parts), tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists() and not (tmp_path / "out.jsonl.partial").exists()


def test_partitioned_needs_the_dask_engine(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(write_jsonl(tmp_path / "in.jsonl", 1)), "-o",
                                      str(tmp_path / "parts"), "--partitioned"])
    assert result.exit_code == 2
    assert "--partitioned has each Dask worker write its own part files: add --engine dask" in result.output


def test_cli_partitioned_run_then_merge_gives_the_corpus_bytes_of_the_local_engine(extractor, tmp_path):
    parts = tmp_path / "parts"
    extract = subprocess.run([sys.executable, "cli.py", "extract", str(ROOT / "corpus"), "-o", str(parts), "--engine", "dask",
                              "--workers", "2", "--partitioned", "--partition-size", "5"], cwd=ROOT,
                             capture_output=True)
    assert extract.returncode == 0, extract.stderr.decode()
    assert f"join them with: python cli.py merge {parts} -o OUT.jsonl" in extract.stderr.decode()
    merged = CliRunner().invoke(cli, ["merge", str(parts), "-o", str(tmp_path / "merged.jsonl")])
    assert merged.exit_code == 0, merged.output
    local_run(extractor, [ROOT / "corpus"], tmp_path / "local.jsonl")
    assert (tmp_path / "merged.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
