"""Extraction in one or many processes, results in input order.

Each worker process loads the pipeline once (`load_worker_extractor`) and
extracts chunks of statements; what comes back is plain data (a record as its
JSON line, or an error message), never a spaCy object. One worker or many,
the same chunks go through the same `extract_chunk`, so the output bytes do
not depend on `--workers`.

Memory stays flat: at most `2 * workers + 1` chunks are in flight, and the
input iterator is read only as fast as results are taken.
"""
import importlib.util
import multiprocessing
import signal
from collections import deque
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.extract import Extractor, Statement
from tracker.inputs import InputFailure, Item

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
    global _worker_extractor, _worker_load_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _worker_extractor = Extractor(model=model)
    except Exception as error:  # a pool whose initializer raises respawns workers forever
        _worker_load_error = f"the pipeline did not load: {type(error).__name__}: {error}"


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


def settle(chunk: list[Item], pending) -> Iterator[Result]:
    try:
        outcomes = pending.get()
    except Exception as error:  # e.g. a statement that cannot be sent to a worker
        outcomes = [(None, f"extraction failed: {type(error).__name__}: {error}")] * len(statements_of(chunk))
    yield from merge(chunk, outcomes)


def results_in_pool(items: Iterable[Item], workers: int, model: str | None, chunk_size: int) -> Iterator[Result]:
    # spawn, not fork: the parent may run threads (the progress bar), and forking those can deadlock.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=load_worker_extractor, initargs=(model,)) as pool:
        in_flight: deque = deque()
        for chunk in chunks(items, chunk_size):
            statements = statements_of(chunk)
            in_flight.append((chunk, pool.apply_async(extract_chunk, (statements,)) if statements else None))
            while len(in_flight) > CHUNKS_IN_FLIGHT_PER_WORKER * workers:
                yield from settle_or_merge(*in_flight.popleft())
        while in_flight:
            yield from settle_or_merge(*in_flight.popleft())


def settle_or_merge(chunk: list[Item], pending) -> Iterator[Result]:
    return merge(chunk, []) if pending is None else settle(chunk, pending)


def extract_in_order(items: Iterable[Item], *, workers: int = 1, model: str | None = None,
                     extractor: Extractor | None = None, chunk_size: int = DEFAULT_CHUNK_SIZE) -> Iterator[Result]:
    """One Result per input item, in input order, from `workers` processes (1: this process)."""
    if workers <= 1:
        yield from results_in_process(items, extractor or shared_extractor(model), chunk_size)
    else:
        yield from results_in_pool(items, workers, model, chunk_size)
