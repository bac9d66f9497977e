"""Batch runs that never lose work: inputs in, records out to a sink, an errors file, progress.

The records go to a `RecordSink` (tracker.io.sinks): with `-o`, a JSON Lines
file written through `<out>.partial` and renamed only when the run finishes,
so `<out>` is never half-written. `--resume` asks the sink which records it
already holds and skips inputs whose (`id`, `text_sha256`) is among them, so
every record ends up exactly once however often a run is killed. Failed
inputs have no record, so a resumed run tries them again and writes the errors
file afresh. Extraction itself (one process or many) is tracker.batch.workers.
"""
import os
import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, TextIO

from models import ErrorRecord
from models import messages
from models.statement import Statement, text_sha256
from tracker.batch.workers import Result, extract_in_order, model_is_installed, shared_extractor
from tracker.io.inputs import DEFAULT_MAX_CHARS, InputError, Item, Reading, count_inputs, iter_statements
from tracker.io.sinks import JsonLinesSink, Key, NullSink, RecordSink, StreamSink, TeeSink, partial_path


class UsageProblem(ValueError):
    """The command line itself is wrong (exit code 2), found before any work."""


class EngineLost(RuntimeError):
    """The engine went away mid-run (a Dask scheduler that stopped answering): written records stay resumable."""


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
    engine: str = "local"
    scheduler: str | None = None
    db: str | None = None


@dataclass
class Summary:
    written: int = 0
    failed: int = 0
    skipped: int = 0
    interrupted: bool = False
    output_closed: bool = False
    dropped_lines: int = 0
    lost: str | None = None

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 1 if self.failed or self.output_closed or self.lost else 0


# ---------------------------------------------------------------- paths

def default_errors_path(output: Path) -> Path:
    """outputs/records.jsonl -> outputs/records.errors.jsonl"""
    stem = output.name[: -len(".jsonl")] if output.name.endswith(".jsonl") else output.name
    return output.with_name(stem + ".errors.jsonl")


def errors_path(settings: BatchSettings) -> Path | None:
    if settings.errors_out is not None:
        return settings.errors_out
    return default_errors_path(settings.output) if settings.output is not None else None


def statement_key(statement: Statement) -> Key:
    return statement.id, text_sha256(statement.text)


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
    from tracker.io.inputs import check_paths

    try:
        check_paths(settings.inputs)
    except InputError as error:
        raise UsageProblem(str(error)) from None
    if settings.resume and settings.output is None and settings.db is None:
        raise UsageProblem(messages.RESUME_NEEDS_OUTPUT)
    if settings.output is not None and not settings.resume and partial_path(settings.output).exists():
        raise UsageProblem(messages.UNFINISHED_RUN.format(partial=partial_path(settings.output)))
    for path in (settings.output, errors_path(settings)):
        if path is not None and path.is_dir():
            raise UsageProblem(messages.OUTPUT_IS_FOLDER.format(path=path))
    if settings.engine not in ENGINES:
        raise UsageProblem(messages.UNKNOWN_ENGINE.format(engine=settings.engine, engines=", ".join(ENGINES)))
    if settings.scheduler is not None and settings.engine != "dask":
        raise UsageProblem(messages.SCHEDULER_WITHOUT_DASK)
    runs_here = settings.engine == "local" or settings.scheduler is None
    if (settings.workers > 1 or settings.engine != "local") and runs_here and not model_is_installed(settings.model):
        raise UsageProblem(messages.MODEL_NOT_INSTALLED.format(model=settings.model or "(default)"))


def error_line(result: Result) -> str:
    item = result.item
    return ErrorRecord(id=item.id, source=item.source, error=result.error).model_dump_json()


def write_results(results: Iterable[Result], records: RecordSink, errors: RecordSink, summary: Summary,
                  progress: Progress) -> None:
    for result in results:
        if result.error is None:
            records.write(result.record_json, text=getattr(result.item, "text", None))
            summary.written += 1
        else:
            errors.write(error_line(result))
            summary.failed += 1
            progress.say(f"error: {result.where}: {result.error}")
        progress.advance()


def skip_done(items: Iterable[Item], done: set[Key], skipped: Callable[[], None]) -> Iterator[Item]:
    for item in items:
        if done and isinstance(item, Statement) and statement_key(item) in done:
            skipped()
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


# ---------------------------------------------------------------- engines

ENGINES = ("local", "dask")


class LocalEngine:
    """This process, or a pool of worker processes on this machine (tracker.batch.workers).

    The inputs are read here, one text at a time, and the statements sent to the workers."""

    def __init__(self, settings: BatchSettings, extractor):
        self.settings, self.extractor = settings, extractor

    def results(self, inputs: list[str], reading: Reading, stdin: BinaryIO | None = None, skip: Iterable[Path] = (),
                done: set[Key] = frozenset(), skipped: Callable[[], None] = lambda: None) -> Iterator[Result]:
        """One Result per input not in `done` (each of those calls `skipped`), in input order."""
        items = iter_statements(inputs, reading.published, max_chars=reading.max_chars, stdin=stdin, skip=skip)
        return extract_in_order(skip_done(items, done, skipped), workers=self.settings.workers,
                                model=self.settings.model, extractor=self.extractor)

    def close(self) -> None:
        pass


def start_engine(settings: BatchSettings, extractor=None):
    """The one place an engine is chosen: something with `results(inputs, reading, ...)` and `close()`.

    Started before any output is touched, so an engine that cannot start leaves earlier output as it was."""
    if settings.engine == "dask":
        from tracker.batch.dask_engine import DaskEngine, EngineProblem

        try:
            return DaskEngine(settings.workers, settings.model, settings.scheduler).start()
        except EngineProblem as problem:
            raise UsageProblem(str(problem)) from None
    if settings.workers <= 1 and extractor is None:
        try:
            extractor = shared_extractor(settings.model)
        except (OSError, RuntimeError) as error:
            raise UsageProblem(messages.MODEL_DID_NOT_LOAD.format(error=error)) from None
    return LocalEngine(settings, extractor)


def record_sink(settings: BatchSettings, stdout: TextIO | RecordSink) -> RecordSink:
    """The JSON Lines file of -o (resumable), else standard output (or a sink the caller gave as stdout);
    with --db, the store too, or the store alone when there is no -o. Raises StoreProblem."""
    if settings.db is not None:
        from tracker.store.sink import StoreSink

        store = StoreSink(settings.db)  # opened first: a store that cannot be used leaves -o's files untouched
        if settings.output is None:
            return store
        return TeeSink([store, JsonLinesSink(settings.output, resume=settings.resume)])
    if settings.output is not None:
        return JsonLinesSink(settings.output, resume=settings.resume)
    return stdout if isinstance(stdout, RecordSink) else StreamSink(stdout)


def check_store(url: str) -> None:
    """Open the store once and let it go; raises StoreProblem naming the cause (no server, a bad URL, ...)."""
    from tracker.store.database import open_store

    open_store(url).dispose()


def run_batch(settings: BatchSettings, *, stdin: BinaryIO | None = None, stdout: TextIO | RecordSink | None = None,
              stderr: TextIO | None = None, extractor=None, records: RecordSink | None = None) -> Summary:
    """Extract every input; records and error records written as described above. Raises UsageProblem."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    check_settings(settings)
    if settings.db is not None and records is None:
        check_store(settings.db)  # before the model loads: a bad --db is a quick, clear error
    engine = start_engine(settings, extractor)
    try:
        return run_with_engine(settings, engine, stdin, stdout, stderr, records)
    finally:
        engine.close()


def run_with_engine(settings: BatchSettings, engine, stdin: BinaryIO | None, stdout: TextIO | RecordSink,
                    stderr: TextIO, records: RecordSink | None) -> Summary:
    for path in own_outputs(settings):
        path.parent.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    records = records if records is not None else record_sink(settings, stdout)
    done: set[Key] = records.done_keys() if settings.resume else set()
    summary.dropped_lines = records.dropped_lines
    errors_file = errors_path(settings)
    errors = JsonLinesSink(errors_file) if errors_file else NullSink()
    skip = own_outputs(settings)
    total = count_inputs(settings.inputs, skip) if settings.progress and "-" not in settings.inputs else None
    progress = Progress(settings.progress, total, stderr)


    def skipped() -> None:
        summary.skipped += 1
        progress.advance()

    reading = Reading(settings.published, settings.max_chars)
    results = engine.results(settings.inputs, reading, stdin, skip, done, skipped)
    try:
        with terminate_like_interrupt():
            write_results(results, records, errors, summary, progress)
    except KeyboardInterrupt:
        summary.interrupted = True
        records.abandon()
        errors.abandon()
        return summary
    except EngineLost as lost:
        summary.lost = str(lost)
        records.abandon()
        errors.abandon()
        return summary
    except BrokenPipeError:
        # The reader of stdout (`| head`) has gone: stop quietly, as Unix tools do.
        summary.output_closed = True
        silence(getattr(stdout, "stream", stdout))
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


def records_written(summary: Summary, settings: BatchSettings) -> str:
    written = plural(summary.written, "record") + " written"
    if settings.db is None:
        return written
    from tracker.store.database import shown_url

    return f"{written} (and stored in {shown_url(settings.db)})" if settings.output else \
        f"{written} into {shown_url(settings.db)}"


def summary_line(summary: Summary, settings: BatchSettings) -> str:
    parts = [records_written(summary, settings)]
    if summary.skipped:
        parts.append(f"{summary.skipped} already done (skipped)")
    if summary.failed:
        where = errors_path(settings)
        parts.append(plural(summary.failed, "input") + " failed" + (f" (see {where})" if where else ""))
    if summary.dropped_lines:
        parts.append(plural(summary.dropped_lines, "incomplete line") + " of the interrupted run dropped")
    if summary.output_closed:
        parts.append("stopped: the output was closed by its reader")
    if summary.lost:
        parts.append(f"stopped: {summary.lost}: finish with the same command and --resume"
                     + (f" ({partial_path(settings.output)})" if settings.output else ""))
    if summary.interrupted:
        parts.append(f"interrupted: finish with the same command and --resume ({partial_path(settings.output)})"
                     if settings.output else "interrupted: finish with the same command and --resume"
                     if settings.db else "interrupted")
    return "extract: " + ", ".join(parts)
