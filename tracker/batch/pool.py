"""The worker processes of `extract --workers N` (N > 1), each loading the pipeline once (see workers.py).

A module of its own so that `extract` in one process never imports multiprocessing's pool.
"""
import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator

from models.statement import Statement
from tracker.batch.workers import (
    CHUNKS_IN_FLIGHT_PER_WORKER,
    Result,
    chunks,
    extract_chunk,
    load_worker_extractor,
    merge,
    statements_of,
)
from tracker.io.inputs import Item


class WorkerPool:
    """Worker processes that outlive one of them dying (a crash in native code, the OOM killer).

    The chunks it held are sent again to fresh workers; a chunk that kills a worker twice is retried
    statement by statement, so only the statement that kills a worker becomes an error record.
    """

    def __init__(self, workers: int, model: str | None, loader: Callable = load_worker_extractor):
        self.workers, self.model, self.loader = workers, model, loader
        self.generation = 0
        self.executor = self.start()

    def start(self) -> ProcessPoolExecutor:
        # spawn, not fork: the parent may run threads (the progress bar), and forking those can deadlock.
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=self.loader, initargs=(self.model,))

    def restart(self, generation: int) -> None:
        """Replace the broken executor, once however many of its futures report the breakage."""
        if generation == self.generation:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self.start()
            self.generation += 1

    def submit(self, statements: list[Statement]) -> tuple[Future, int]:
        try:
            return self.executor.submit(extract_chunk, statements), self.generation
        except BrokenProcessPool:
            self.restart(self.generation)
            return self.executor.submit(extract_chunk, statements), self.generation

    def outcomes(self, statements: list[Statement], submitted: tuple[Future, int], retry: bool = True) -> list:
        future, generation = submitted
        try:
            return future.result()
        except BrokenProcessPool:
            self.restart(generation)
            if retry:
                return self.outcomes(statements, self.submit(statements), retry=False)
            if len(statements) == 1:
                return [(None, "extraction failed: the worker process died on this statement")]
            return [self.outcomes([s], self.submit([s]), retry=False)[0] for s in statements]
        except Exception as error:  # e.g. a statement that cannot be sent to a worker
            return [(None, f"extraction failed: {type(error).__name__}: {error}")] * len(statements)

    def close(self) -> None:
        # Waiting lets the workers finish the chunk in hand and exit cleanly, also after Ctrl-C.
        self.executor.shutdown(wait=True, cancel_futures=True)


def results_in_pool(items: Iterable[Item], workers: int, model: str | None, chunk_size: int,
                    loader: Callable = load_worker_extractor) -> Iterator[Result]:
    pool = WorkerPool(workers, model, loader)
    try:
        in_flight: deque = deque()
        for chunk in chunks(items, chunk_size):
            statements = statements_of(chunk)
            in_flight.append((chunk, statements, pool.submit(statements) if statements else None))
            while len(in_flight) > CHUNKS_IN_FLIGHT_PER_WORKER * workers:
                yield from settle(pool, *in_flight.popleft())
        while in_flight:
            yield from settle(pool, *in_flight.popleft())
    finally:
        pool.close()


def settle(pool: WorkerPool, chunk: list[Item], statements: list[Statement], submitted) -> Iterator[Result]:
    yield from merge(chunk, pool.outcomes(statements, submitted) if submitted else [])
