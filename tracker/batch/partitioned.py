"""Runs too big for one client: each Dask worker writes its own part files, a manifest lists them.

`extract -o DIR --engine dask --partitioned` plans partitions of about
`partition_size` inputs with the ordered engine's own plan (tracker.batch.plan:
files, JSONL byte ranges), has the workers summarize them and the client place
them in input order, then sends each as one task; the worker reads it, extracts
it with the local engine's own chunks and writes `part-NNNNNN.jsonl` (records)
and `part-NNNNNN.errors.jsonl` (error records) under DIR through fsspec, so DIR
may be a local or shared path, or `s3://...` when s3fs is installed. Neither
texts nor records pass through the client. A part file is written under a temporary name and
moved into place, and only then listed in `manifest.json` (rewritten whole,
atomically, by the client): a listed part is complete, and its entry holds the
counts and SHA-256 of its files and a hash of the inputs it was made from.

`--resume` reads the manifest and redoes only the partitions it lacks (or whose
inputs changed). `merge DIR -o OUT.jsonl` checks every part against the
manifest and joins them in input order: the bytes `--engine local` writes.
"""
import hashlib
import json
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from models import messages
from tracker.batch import workers as local
from tracker.batch.plan import Part, PartSummary, Placement, Reading, plan_parts, read_placed
from tracker.batch.run import (BatchSettings, EngineLost, Progress, Summary, UsageProblem, error_line,
                               default_errors_path)
from tracker.batch.workers import DEFAULT_CHUNK_SIZE, Result
from tracker.io.sinks import JsonLinesSink

MANIFEST = "manifest.json"
FORMAT = "statement-tracker-parts/1"
DEFAULT_PARTITION_SIZE = 16 * DEFAULT_CHUNK_SIZE
MANIFEST_EVERY_S = 2.0


class MergeProblem(ValueError):
    """A folder of parts that cannot be merged (unfinished, or a part that does not match its manifest)."""


# ---------------------------------------------------------------- names and hashes

def part_names(index: int) -> tuple[str, str]:
    return f"part-{index:06d}.jsonl", f"part-{index:06d}.errors.jsonl"


def inputs_hash(summary: PartSummary, ids: list[str | None]) -> str:
    """What a partition was made from: its inputs' ids and texts (or failures), in order."""
    digest = hashlib.sha256()
    for entry, record_id in zip(summary.entries, ids):
        digest.update(f"{record_id}\t{entry.what()}\n".encode("utf-8", "replace"))
    return digest.hexdigest()


def filesystem(target: str):
    """(fsspec filesystem, root path) for a local folder or a URL such as s3://bucket/run."""
    import fsspec

    return fsspec.core.url_to_fs(target)


# ---------------------------------------------------------------- writing one part (on a worker)

def write_atomically(fs, path: str, data: bytes) -> None:
    temporary = path + ".tmp"
    with fs.open(temporary, "wb") as handle:
        handle.write(data)
    fs.mv(temporary, path)


def write_part(target: str, index: int, inputs_sha256: str, results: Iterable[Result]) -> tuple[dict, list[str]]:
    """Write one partition's records and error records; (its manifest entry, its error messages)."""
    records, errors, said = [], [], []
    for result in results:
        if result.error is None:
            records.append(result.record_json + "\n")
        else:
            errors.append(error_line(result) + "\n")
            said.append(f"error: {result.where}: {result.error}")
    fs, root = filesystem(target)
    names = part_names(index)
    entry = {"index": index, "inputs_sha256": inputs_sha256}
    for kind, name, lines in (("records", names[0], records), ("errors", names[1], errors)):
        data = "".join(lines).encode("utf-8")
        write_atomically(fs, f"{root}/{name}", data)
        entry[kind] = {"file": name, "count": len(lines), "sha256": hashlib.sha256(data).hexdigest()}
    return entry, said


def extract_partition(target: str, index: int, inputs_sha256: str, part: Part, reading: Reading,
                      placement: Placement) -> tuple[dict, list[str]]:
    """The task each worker runs: read its partition, the local engine's chunks on this worker's pipeline,
    then the part files."""
    items = read_placed(part, reading, placement)
    results = local.results_in_process(items, local._worker_extractor, DEFAULT_CHUNK_SIZE)
    return write_part(target, index, inputs_sha256, results)


# ---------------------------------------------------------------- the manifest

@dataclass
class Manifest:
    partition_size: int
    parts: dict[int, dict] = field(default_factory=dict)
    total: int | None = None  # partitions in the whole run, known once the inputs are read to the end

    @property
    def complete(self) -> bool:
        return self.total is not None and all(i in self.parts for i in range(self.total))

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "partition_size": self.partition_size, "complete": self.complete,
                           "partitions": self.total, "parts": [self.parts[i] for i in sorted(self.parts)]},
                          indent=1) + "\n"


def read_manifest(target: str) -> Manifest | None:
    fs, root = filesystem(target)
    path = f"{root}/{MANIFEST}"
    if not fs.exists(path):
        return None
    try:
        with fs.open(path, "rb") as handle:
            data = json.loads(handle.read())
        if data.get("format") != FORMAT:
            raise ValueError(f"format is {data.get('format')!r}, not {FORMAT!r}")
        parts = {int(entry["index"]): entry for entry in data["parts"]}
        return Manifest(int(data["partition_size"]), parts, data.get("partitions"))
    except (ValueError, KeyError, TypeError) as error:
        raise MergeProblem(messages.NOT_OUR_MANIFEST.format(manifest=f"{target}/{MANIFEST}", error=error)) from None


def write_manifest(target: str, manifest: Manifest) -> None:
    fs, root = filesystem(target)
    write_atomically(fs, f"{root}/{MANIFEST}", manifest.to_json().encode("utf-8"))


# ---------------------------------------------------------------- the run (on the client)

def check_partitioned(settings: BatchSettings, target: str) -> Manifest | None:
    """Usage problems before any work; the earlier run's manifest when resuming."""
    if settings.engine != "dask":
        raise UsageProblem(messages.PARTITIONED_NEEDS_DASK)
    if settings.errors_out is not None:
        raise UsageProblem(messages.PARTITIONED_WITH_ERRORS_OUT)
    if "-" in settings.inputs:
        raise UsageProblem(messages.PARTITIONED_FROM_STDIN)
    if "://" not in target and any(Path(given).is_dir() and Path(given).resolve() in Path(target).resolve().parents
                                   for given in settings.inputs):
        raise UsageProblem(messages.PARTS_INSIDE_INPUT.format(target=target))
    try:
        manifest = read_manifest(target)
    except MergeProblem as problem:
        raise UsageProblem(str(problem)) from None
    if manifest is not None and not settings.resume:
        raise UsageProblem(messages.PARTITIONED_RUN_THERE.format(target=target))
    return manifest


class PartitionedRun:
    """Partitions to tasks, finished tasks to the manifest; a poison partition redone chunk by chunk."""

    def __init__(self, engine, target: str, manifest: Manifest, summary: Summary, progress: Progress):
        self.engine, self.target, self.manifest = engine, target, manifest
        self.summary, self.progress = summary, progress
        self.pending: dict = {}  # future -> (index, inputs hash, partition, reading, placement, inputs)
        self.last_written = 0.0

    def run(self, parts: Iterable[Part], reading: Reading) -> None:
        from distributed import as_completed

        finished = as_completed(loop=self.engine.client.loop)
        limit = 2 * self.engine.threads()
        index = -1
        for index, (part, summary, placement, ids) in enumerate(self.engine.placed(parts, reading, ahead=limit)):
            digest = inputs_hash(summary, ids)
            done = self.manifest.parts.get(index)
            if done is not None and done["inputs_sha256"] == digest:
                self.skip(done, len(ids))
                continue
            future = self.engine.client.submit(extract_partition, self.target, index, digest, part, reading,
                                               placement, pure=False)
            self.pending[future] = (index, digest, part, reading, placement, len(ids))
            finished.add(future)
            while finished.count() >= limit:
                self.settle(next(finished))
        for future in finished:
            self.settle(future)
        self.manifest.total = index + 1
        for stale in [i for i in self.manifest.parts if i >= self.manifest.total]:
            del self.manifest.parts[stale]  # the inputs shrank since the earlier run
        write_manifest(self.target, self.manifest)

    def skip(self, entry: dict, count: int) -> None:
        self.summary.skipped += entry["records"]["count"]
        self.summary.failed += entry["errors"]["count"]
        for _ in range(count):
            self.progress.advance()

    def settle(self, future) -> None:
        from distributed import KilledWorker

        index, digest, part, reading, placement, count = self.pending.pop(future)
        try:
            entry, said = future.result()
        except KilledWorker:
            # A statement in it kills workers: read it here, extract it chunk by chunk (that isolates the
            # statement) and write the part from here.
            items = read_placed(part, reading, placement)
            entry, said = write_part(self.target, index, digest, self.engine.find_the_killer(items))
        except Exception as error:
            raise EngineLost(self.engine.lost_message(error)) from None
        self.manifest.parts[index] = entry
        self.summary.written += entry["records"]["count"]
        self.summary.failed += entry["errors"]["count"]
        for message in said:
            self.progress.say(message)
        for _ in range(count):
            self.progress.advance()
        if time.monotonic() - self.last_written > MANIFEST_EVERY_S:
            write_manifest(self.target, self.manifest)
            self.last_written = time.monotonic()

    def stop(self) -> None:
        """Keep what finished listed in the manifest, so --resume redoes only the rest."""
        for future in list(self.pending):
            future.cancel()
        try:
            write_manifest(self.target, self.manifest)
        except OSError:
            pass


def run_partitioned(settings: BatchSettings, target: str, partition_size: int = DEFAULT_PARTITION_SIZE,
                    stderr=None) -> Summary:
    """Extract every input into part files under `target` (see the module docstring). Raises UsageProblem."""
    import sys

    from tracker.batch.run import check_settings, start_engine, terminate_like_interrupt
    from tracker.io.inputs import count_inputs

    # check_settings knows -o files; the folder of parts is checked by check_partitioned.
    check_settings(replace(settings, resume=False, output=None))
    manifest = check_partitioned(settings, target) or Manifest(partition_size)
    engine = start_engine(settings)
    summary = Summary()
    fs, root = filesystem(target)
    fs.makedirs(root, exist_ok=True)
    total = count_inputs(settings.inputs) if settings.progress else None
    progress = Progress(settings.progress, total, stderr or sys.stderr)
    run = PartitionedRun(engine, target, manifest, summary, progress)
    try:
        with terminate_like_interrupt():
            reading = Reading(settings.published, settings.max_chars)
            run.run(plan_parts(settings.inputs, manifest.partition_size, reading), reading)
    except KeyboardInterrupt:
        summary.interrupted = True
        run.stop()
    except EngineLost as lost:
        summary.lost = str(lost)
        run.stop()
    finally:
        progress.close()
        engine.close()
    return summary


# ---------------------------------------------------------------- merge

def part_lines(fs, root: str, entry: dict, kind: str) -> list[str]:
    """A part file's lines, after checking it is the file the manifest lists."""
    listed = entry[kind]
    with fs.open(f"{root}/{listed['file']}", "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != listed["sha256"] or data.count(b"\n") != listed["count"]:
        raise MergeProblem(messages.PART_CHANGED.format(file=listed["file"]))
    return data.decode("utf-8").splitlines()


def merge_parts(target: str, output: Path, errors_out: Path | None = None) -> tuple[int, int]:
    """Join the parts in input order into `output` (and the error records beside it); (records, errors)."""
    manifest = read_manifest(target)
    if manifest is None:
        raise MergeProblem(messages.NO_MANIFEST.format(target=target, manifest=MANIFEST))
    if not manifest.complete:
        done = len(manifest.parts)
        of = f" of {manifest.total}" if manifest.total is not None else ""
        raise MergeProblem(messages.UNFINISHED_PARTITIONED_RUN.format(target=target, done=done, of=of))
    fs, root = filesystem(target)
    records, errors = JsonLinesSink(output), JsonLinesSink(errors_out or default_errors_path(output))
    counts = [0, 0]
    try:
        for index in range(manifest.total):
            for position, (kind, sink) in enumerate((("records", records), ("errors", errors))):
                for line in part_lines(fs, root, manifest.parts[index], kind):
                    sink.write(line)
                    counts[position] += 1
    except BaseException:
        records.abandon()
        errors.abandon()
        for sink in (records, errors):
            sink.partial.unlink(missing_ok=True)
        raise
    records.commit()
    errors.commit()
    return counts[0], counts[1]


def summary_line(summary: Summary, target: str) -> str:
    from tracker.batch.run import plural

    parts = [plural(summary.written, "record") + f" written to part files in {target}"]
    if summary.skipped:
        parts.append(f"{summary.skipped} already done (skipped)")
    if summary.failed:
        parts.append(plural(summary.failed, "input") + " failed (error records in the part files)")
    stopped = summary.lost or ("interrupted" if summary.interrupted else None)
    if stopped:
        parts.append(f"stopped: {stopped}: finish with the same command and --resume")
    else:
        parts.append(f"join them with: python cli.py merge {target} -o OUT.jsonl")
    return "extract: " + ", ".join(parts)
