"""Where records go: the `RecordSink` protocol and the sinks that implement it.

A batch run talks to every output the same way: it asks `done_keys()` once
(the records already there, so `--resume` can skip their inputs), calls
`write` with each record's JSON line in input order (and, as `text`, the
statement text it was extracted from, for outputs that keep it), and ends with exactly one
of `commit` (the run finished) or `abandon` (interrupted: what is written stays,
and a resumed run continues from it). JSON Lines files, standard output, the
pretty terminal view and the database store all implement it; a new output is
one more class here (or beside its backend) with these four methods.
"""
import json
import os
from pathlib import Path
from typing import Iterator, Protocol, TextIO, runtime_checkable

SYNC_EVERY = 32
PARTIAL_SUFFIX = ".partial"

Key = tuple[str, str]
"""(record id, text_sha256): what makes a record the same record for --resume."""


@runtime_checkable
class RecordSink(Protocol):
    """An output of a batch run. `dropped_lines` counts unusable leftovers of an earlier run found by resume."""

    dropped_lines: int

    def done_keys(self) -> set[Key]:
        """Keys of the records this output already holds (empty unless resuming)."""

    def write(self, record_json: str, text: str | None = None) -> None:
        """Take one record, as its JSON line without the newline; `text` is its statement's text when known."""

    def commit(self) -> None:
        """The run finished: make everything written final."""

    def abandon(self) -> None:
        """The run stopped early: keep what is written, resumable."""


def partial_path(path: Path) -> Path:
    return path.with_name(path.name + PARTIAL_SUFFIX)


# ---------------------------------------------------------------- JSON Lines files

def complete_lines(path: Path) -> Iterator[bytes]:
    """The file's lines that end in a newline; a trailing half-written line is left out."""
    with path.open("rb") as handle:
        for line in handle:
            if line.endswith(b"\n"):
                yield line


def record_key(line: bytes) -> Key | None:
    """(id, text_sha256) of a record line, or None when the line is not a record."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    key = (record.get("id"), record.get("text_sha256"))
    return key if all(isinstance(part, str) for part in key) else None


def sync(handle) -> None:
    handle.flush()
    os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX: fsync the folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def prepare_resume(output: Path) -> tuple[set[Key], int]:
    """Rebuild `<out>.partial` from what earlier runs wrote; return the keys it holds and lines dropped."""
    partial, rebuilt = partial_path(output), partial_path(partial_path(output))
    keys: set[Key] = set()
    dropped = 0
    with rebuilt.open("wb") as target:
        for earlier in (partial, output):
            if not earlier.exists():
                continue
            with earlier.open("rb") as handle:
                dropped += sum(1 for line in handle if not line.endswith(b"\n"))
            for line in complete_lines(earlier):
                key = record_key(line)
                if key is None:
                    dropped += 1
                elif key not in keys:
                    keys.add(key)
                    target.write(line)
        sync(target)
    os.replace(rebuilt, partial)
    return keys, dropped


class JsonLinesSink:
    """Lines to `<path>.partial`, renamed to `<path>` by `commit`; `abandon` leaves the partial to resume.

    With `resume`, the partial is first rebuilt from the complete records of an earlier `<path>.partial`
    and `<path>` (see `prepare_resume`), and new lines are appended to it."""

    def __init__(self, path: Path, resume: bool = False):
        self.path = path
        self.partial = partial_path(path)
        self.keys: set[Key] = set()
        self.dropped_lines = 0
        if resume:
            self.keys, self.dropped_lines = prepare_resume(path)
        self.handle = self.partial.open("ab" if resume else "wb")
        self.unsynced = 0

    def done_keys(self) -> set[Key]:
        return self.keys

    def write(self, record_json: str, text: str | None = None) -> None:
        # One write per complete line, so a kill can cut at most the last line in half.
        self.handle.write(record_json.encode("utf-8") + b"\n")
        self.unsynced += 1
        if self.unsynced >= SYNC_EVERY:
            self.flush()

    def flush(self) -> None:
        sync(self.handle)
        self.unsynced = 0

    def commit(self) -> None:
        self.flush()
        self.handle.close()
        os.replace(self.partial, self.path)
        sync_folder(self.path.parent)

    def abandon(self) -> None:
        self.flush()
        self.handle.close()


# ---------------------------------------------------------------- streams

class StreamSink:
    """Lines straight to a stream (stdout): nothing to rename, nothing to resume."""

    dropped_lines = 0

    def __init__(self, stream: TextIO):
        self.stream = stream

    def done_keys(self) -> set[Key]:
        return set()

    def write(self, record_json: str, text: str | None = None) -> None:
        self.stream.write(record_json + "\n")
        self.stream.flush()

    def commit(self) -> None:
        self.stream.flush()

    abandon = commit


class NullSink:
    """Takes records and keeps none (no errors file when records go to stdout)."""

    dropped_lines = 0

    def done_keys(self) -> set[Key]:
        return set()

    def write(self, record_json: str, text: str | None = None) -> None:
        pass

    def commit(self) -> None:
        pass

    abandon = commit


# ---------------------------------------------------------------- several outputs at once

class TeeSink:
    """Every record to each of several sinks (`-o` and `--db`). Resume skips an input only when every sink
    holds its record; a record one sink already holds is not written to it again."""

    def __init__(self, sinks: list[RecordSink]):
        self.sinks = sinks
        self.held: list[set[Key]] = [set() for _ in sinks]

    @property
    def dropped_lines(self) -> int:
        return sum(sink.dropped_lines for sink in self.sinks)

    def done_keys(self) -> set[Key]:
        self.held = [sink.done_keys() for sink in self.sinks]
        return set.intersection(*self.held) if self.held else set()

    def write(self, record_json: str, text: str | None = None) -> None:
        key = record_key(record_json.encode("utf-8")) if any(self.held) else None
        for sink, held in zip(self.sinks, self.held):
            if key is None or key not in held:
                sink.write(record_json, text=text)

    def commit(self) -> None:
        for sink in self.sinks:  # in order: the store before the file, so a failed load leaves the file resumable
            sink.commit()

    def abandon(self) -> None:
        for sink in self.sinks:
            sink.abandon()
