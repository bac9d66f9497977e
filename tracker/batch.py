"""Batch runs that never lose work: atomic output, resume, an errors file, progress.

Records go to `<out>.partial`, one complete JSON line each, flushed and
fsynced every `SYNC_EVERY` records; only a finished run renames it to `<out>`,
so `<out>` is never half-written. `--resume` rebuilds `<out>.partial` from the
complete records of `<out>.partial` and `<out>` (a trailing half line is
dropped), skips inputs whose (`id`, `text_sha256`) is already there, and
appends the rest. Every record therefore ends up exactly once however often a
run is killed. Failed inputs have no record, so a resumed run tries them again
and writes the errors file afresh.
"""
import json
import os
import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, TextIO

from models import ErrorRecord
from pipeline.extract import Statement
from pipeline.export import text_sha256
from tracker.inputs import DEFAULT_MAX_CHARS, InputError, Item, count_inputs, iter_statements
from tracker.parallel import Result, extract_in_order, model_is_installed, shared_extractor

SYNC_EVERY = 32
PARTIAL_SUFFIX = ".partial"

Key = tuple[str, str]


class UsageProblem(ValueError):
    """The command line itself is wrong (exit code 2), found before any work."""


@dataclass
class BatchSettings:
    inputs: list[str]
    output: Path | None = None
    errors_out: Path | None = None
    published: date | None = None
    resume: bool = False
    max_chars: int = DEFAULT_MAX_CHARS
    workers: int = 1
    model: str | None = None
    progress: bool = False


@dataclass
class Summary:
    written: int = 0
    failed: int = 0
    skipped: int = 0
    interrupted: bool = False
    output_closed: bool = False
    dropped_lines: int = 0

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 1 if self.failed or self.output_closed else 0


# ---------------------------------------------------------------- paths

def partial_path(path: Path) -> Path:
    return path.with_name(path.name + PARTIAL_SUFFIX)


def default_errors_path(output: Path) -> Path:
    """outputs/records.jsonl -> outputs/records.errors.jsonl"""
    stem = output.name[: -len(".jsonl")] if output.name.endswith(".jsonl") else output.name
    return output.with_name(stem + ".errors.jsonl")


def errors_path(settings: BatchSettings) -> Path | None:
    if settings.errors_out is not None:
        return settings.errors_out
    return default_errors_path(settings.output) if settings.output is not None else None


# ---------------------------------------------------------------- resume

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


def statement_key(statement: Statement) -> Key:
    return statement.id, text_sha256(statement.text)


# ---------------------------------------------------------------- writers

class AtomicLines:
    """Lines to `<path>.partial`, renamed to `<path>` by `commit`; `abandon` leaves the partial to resume."""

    def __init__(self, path: Path, append: bool = False):
        self.path = path
        self.partial = partial_path(path)
        self.handle = self.partial.open("ab" if append else "wb")
        self.unsynced = 0

    def write(self, line: str) -> None:
        # One write per complete line, so a kill can cut at most the last line in half.
        self.handle.write(line.encode("utf-8") + b"\n")
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


class StreamLines:
    """Lines straight to a stream (stdout): nothing to rename, nothing to resume."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()

    def commit(self) -> None:
        self.stream.flush()

    abandon = commit


class NoLines:
    def write(self, line: str) -> None:
        pass

    def commit(self) -> None:
        pass

    abandon = commit


# ---------------------------------------------------------------- progress

class Progress:
    """A progress bar on stderr (done / total, rate, ETA), or nothing; messages go around it."""

    def __init__(self, enabled: bool, total: int | None, stream: TextIO):
        self.stream = stream
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="statement", file=stream, dynamic_ncols=True, smoothing=0.1)

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def say(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# ---------------------------------------------------------------- the run

def check_settings(settings: BatchSettings) -> None:
    """Usage problems, before any work or any file is touched."""
    from tracker.inputs import check_paths

    try:
        check_paths(settings.inputs)
    except InputError as error:
        raise UsageProblem(str(error)) from None
    if settings.resume and settings.output is None:
        raise UsageProblem("--resume needs -o/--output: there is nothing to resume on stdout")
    if settings.output is not None and not settings.resume and partial_path(settings.output).exists():
        raise UsageProblem(
            f"{partial_path(settings.output)} holds an unfinished run: add --resume to continue it, "
            "or delete it to start over"
        )
    for path in (settings.output, errors_path(settings)):
        if path is not None and path.is_dir():
            raise UsageProblem(f"{path}: is a folder; give a file for the output")
    if settings.workers > 1 and not model_is_installed(settings.model):
        raise UsageProblem(f"model {settings.model or '(default)'} is not installed")


def error_line(result: Result) -> str:
    item = result.item
    return ErrorRecord(id=item.id, source=item.source, error=result.error).model_dump_json()


def write_results(results: Iterable[Result], records, errors, summary: Summary, progress: Progress) -> None:
    for result in results:
        if result.error is None:
            records.write(result.record_json)
            summary.written += 1
        else:
            errors.write(error_line(result))
            summary.failed += 1
            progress.say(f"error: {result.where}: {result.error}")
        progress.advance()


def skip_done(items: Iterable[Item], done: set[Key], summary: Summary, progress: Progress) -> Iterator[Item]:
    for item in items:
        if done and isinstance(item, Statement) and statement_key(item) in done:
            summary.skipped += 1
            progress.advance()
            continue
        yield item


def own_outputs(settings: BatchSettings) -> list[Path]:
    paths = [p for p in (settings.output, errors_path(settings)) if p is not None]
    return paths + [partial_path(p) for p in paths]


def stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt


@contextmanager
def terminate_like_interrupt():
    """SIGTERM (shutdown, `kill`) stops the run as Ctrl-C does: written records stay resumable."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_batch(settings: BatchSettings, *, stdin: BinaryIO | None = None, stdout: TextIO | None = None,
              stderr: TextIO | None = None, extractor=None) -> Summary:
    """Extract every input; records and error records written as described above. Raises UsageProblem."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    check_settings(settings)
    if settings.workers <= 1 and extractor is None:
        try:
            extractor = shared_extractor(settings.model)
        except (OSError, RuntimeError) as error:
            raise UsageProblem(f"the model did not load: {error}") from None

    for path in own_outputs(settings):
        path.parent.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    done: set[Key] = set()
    if settings.resume:
        done, summary.dropped_lines = prepare_resume(settings.output)
    records = AtomicLines(settings.output, append=settings.resume) if settings.output else StreamLines(stdout)
    errors_file = errors_path(settings)
    errors = AtomicLines(errors_file) if errors_file else NoLines()
    skip = own_outputs(settings)
    total = count_inputs(settings.inputs, skip) if settings.progress and "-" not in settings.inputs else None
    progress = Progress(settings.progress, total, stderr)

    items = iter_statements(settings.inputs, settings.published, max_chars=settings.max_chars, stdin=stdin, skip=skip)
    results = extract_in_order(skip_done(items, done, summary, progress), workers=settings.workers,
                               model=settings.model, extractor=extractor)
    try:
        with terminate_like_interrupt():
            write_results(results, records, errors, summary, progress)
    except KeyboardInterrupt:
        summary.interrupted = True
        records.abandon()
        errors.abandon()
        return summary
    except BrokenPipeError:
        # The reader of stdout (`| head`) has gone: stop quietly, as Unix tools do.
        summary.output_closed = True
        silence(stdout)
        errors.abandon()
        return summary
    finally:
        results.close()  # stops the worker processes now, not when the generator is collected
        progress.close()
    records.commit()
    errors.commit()
    return summary


def silence(stream: TextIO) -> None:
    """Point a closed pipe's descriptor at /dev/null so the exit-time flush cannot fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, ValueError):
        pass


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def summary_line(summary: Summary, settings: BatchSettings) -> str:
    parts = [plural(summary.written, "record") + " written"]
    if summary.skipped:
        parts.append(f"{summary.skipped} already done (skipped)")
    if summary.failed:
        where = errors_path(settings)
        parts.append(plural(summary.failed, "input") + " failed" + (f" (see {where})" if where else ""))
    if summary.dropped_lines:
        parts.append(plural(summary.dropped_lines, "incomplete line") + " of the interrupted run dropped")
    if summary.output_closed:
        parts.append("stopped: the output was closed by its reader")
    if summary.interrupted:
        parts.append(f"interrupted: finish with the same command and --resume ({partial_path(settings.output)})"
                     if settings.output else "interrupted")
    return "extract: " + ", ".join(parts)
