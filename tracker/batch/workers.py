"""Extraction in one or many processes, results in input order.

Each worker process loads the pipeline once (`load_worker_extractor`) and
extracts chunks of statements; what comes back is plain data (a record as its
JSON line, or an error message), never a spaCy object. One worker or many,
the same chunks go through the same `extract_chunk`, so the output bytes do
not depend on `--workers`.

Memory stays flat: at most `2 * workers + 1` chunks are in flight, and the
input iterator is read only as fast as results are taken. A worker that dies
costs only the statement that killed it (WorkerPool, in tracker/batch/pool.py).
"""
import importlib.util
import os
import signal
import threading
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from models.statement import Statement
from pipeline.extract import Extractor
from tracker.io.inputs import InputFailure, Item

DEFAULT_CHUNK_SIZE = 16
CHUNKS_IN_FLIGHT_PER_WORKER = 2

# Loaded pipelines of this process, by model name: the CLI and the tests reuse one instead of reloading it.
EXTRACTORS: dict[str | None, Extractor] = {}

_worker_extractor: Extractor | None = None
_worker_load_error: str | None = None


@dataclass
class Result:
    """What became of one input: its record as a JSON line, or the reason it has none."""

    item: Item
    record_json: str | None = None
    error: str | None = None

    @property
    def where(self) -> str:
        if isinstance(self.item, InputFailure):
            return self.item.where
        source = self.item.source
        if source.path is None:
            return self.item.id
        return f"{source.path}:{source.line}" if source.line else source.path


def shared_extractor(model: str | None = None) -> Extractor:
    """This process's pipeline for `model`, loaded on first use."""
    if model not in EXTRACTORS:
        EXTRACTORS[model] = Extractor(model=model)
    return EXTRACTORS[model]


def model_is_installed(model: str | None) -> bool:
    """Cheap check, before starting workers, that `model` names a package or a folder."""
    from pipeline.settings import ModelNotFound, resolve_model_name

    try:
        name = resolve_model_name(model)
    except ModelNotFound:
        return False
    return Path(name).exists() or importlib.util.find_spec(name) is not None


def extract_one(extractor: Extractor, statement: Statement) -> tuple[str | None, str | None]:
    try:
        return extractor.extract(statement).model_dump_json(), None
    except Exception as error:  # one statement's failure must not cost the batch
        return None, f"extraction failed: {type(error).__name__}: {error}"


def extract_chunk(statements: list[Statement], extractor: Extractor | None = None) -> list[tuple[str | None, str | None]]:
    """(record JSON, None) or (None, error) per statement, in order; batched, one by one if the batch fails."""
    extractor = extractor or _worker_extractor
    if extractor is None:
        return [(None, f"extraction failed: {_worker_load_error}")] * len(statements)
    try:
        return [(record.model_dump_json(), None) for record in extractor.extract_many(statements)]
    except Exception:
        return [extract_one(extractor, statement) for statement in statements]


def load_worker_extractor(model: str | None) -> None:
    """Pool initializer: load the pipeline once per worker; Ctrl-C is the parent's to handle."""
    global _worker_load_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent()
    try:
        use_in_worker(Extractor(model=model))
    except Exception as error:  # a worker whose initializer raises leaves the pool broken
        _worker_load_error = f"the pipeline did not load: {type(error).__name__}: {error}"


def exit_with_parent() -> None:
    """End this worker when the parent dies (SIGKILL, a crash): its queues would keep it waiting forever."""
    import multiprocessing.connection  # in a worker only: `extract` in one process does without it

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def use_in_worker(extractor) -> None:
    global _worker_extractor
    _worker_extractor = extractor


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def merge(chunk: list[Item], outcomes: list[tuple[str | None, str | None]]) -> Iterator[Result]:
    """Put input failures back in their places among the extracted statements."""
    extracted = iter(outcomes)
    for item in chunk:
        if isinstance(item, InputFailure):
            yield Result(item, error=item.error)
        else:
            record_json, error = next(extracted)
            yield Result(item, record_json, error)


def statements_of(chunk: list[Item]) -> list[Statement]:
    return [item for item in chunk if isinstance(item, Statement)]


def results_in_process(items: Iterable[Item], extractor: Extractor, chunk_size: int) -> Iterator[Result]:
    for chunk in chunks(items, chunk_size):
        statements = statements_of(chunk)
        yield from merge(chunk, extract_chunk(statements, extractor) if statements else [])


def extract_in_order(items: Iterable[Item], *, workers: int = 1, model: str | None = None,
                     extractor: Extractor | None = None, chunk_size: int = DEFAULT_CHUNK_SIZE,
                     loader: Callable = load_worker_extractor) -> Iterator[Result]:
    """One Result per input item, in input order, from `workers` processes (1: this process).

    `loader` is the worker initializer that loads the pipeline; tests swap it for a stand-in.
    """
    if workers <= 1:
        yield from results_in_process(items, extractor or shared_extractor(model), chunk_size)
    else:
        from tracker.batch.pool import results_in_pool  # the process pool only when there are workers to run

        yield from results_in_pool(items, workers, model, chunk_size, loader)
