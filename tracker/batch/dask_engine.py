"""Extraction on a Dask cluster, results in input order: the local engine's interface, many machines.

The client only plans partitions (tracker.batch.plan: lists of files, byte
ranges of JSONL files) and never reads an input's text; each partition is
read on a worker by its own tasks. `summarize` sends back its inputs' keys,
the client places them in input order (line numbers, unique ids, the keys
`--resume` skips), and `extract_part` reads the partition again with that
placement and extracts it with the local engine's own `results_in_process`.
The client takes the results back in the order it planned the partitions,
so the records are the same bytes in the same order as `--engine local`. At
most `PARTS_IN_FLIGHT_PER_WORKER` partitions per worker thread are being
extracted and as many summarized ahead, so memory stays flat on the client
and on the workers.

Each worker loads the pipeline once, when it joins (`PipelinePlugin`), not per
task. A worker that dies (SIGKILL, the OOM killer, a lost node) costs nothing:
the scheduler runs its tasks again on another worker. A task whose workers
died `allowed-failures + 1` times (our LocalCluster: twice) comes back as
KilledWorker; the client then reads that one partition itself and sends its
statements in chunks (one by one if it is one chunk), and a chunk that kills
again is split into single statements, sent one at a time, so that only the
statement that kills workers becomes an error record. A scheduler that goes away ends the run with `EngineLost`: what was
written stays resumable.
"""
import logging
import os
from collections import deque
from concurrent.futures import CancelledError
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from distributed import WorkerPlugin

from models import messages
from tracker.batch import workers as local
from tracker.batch.plan import Part, PartSummary, Placement, Placer, Reading, plan_parts, read_placed, summarize
from tracker.batch.run import EngineLost
from tracker.batch.workers import DEFAULT_CHUNK_SIZE, Result, chunks, merge, statements_of
from tracker.io.inputs import Item
from tracker.io.sinks import Key

CHUNKS_IN_FLIGHT_PER_WORKER = 2
PARTS_IN_FLIGHT_PER_WORKER = 2
# Summaries are quick and each one unblocks a partition's extraction: they run before queued extractions.
SUMMARY_PRIORITY = 1
CONNECT_TIMEOUT_S = 10
# One retry after a worker dies under a task; the second death marks the task as the killer.
ALLOWED_FAILURES = 1
DIED_ON_THIS = "extraction failed: the worker process died on this statement (twice)"
PLUGIN_NAME = "statement-tracker-pipeline"


class EngineProblem(RuntimeError):
    """The cluster cannot be used at all (no answer at the address): nothing was run."""


def load_pipeline_in_worker(model: str | None) -> None:
    """Default worker set-up: the real pipeline, once per worker process."""
    try:
        local.use_in_worker(local.Extractor(model=model))
    except Exception as error:  # a worker must still answer: each task then reports why
        local._worker_load_error = f"the pipeline did not load: {type(error).__name__}: {error}"


def extract_part(part: Part, reading: Reading, placement: Placement, positions: list[int],
                 chunk_size: int = DEFAULT_CHUNK_SIZE) -> list[Result]:
    """The task that extracts a partition: read it on this worker, then the local engine's chunks."""
    items = read_placed(part, reading, placement)
    return list(local.results_in_process([items[p] for p in positions], local._worker_extractor, chunk_size))


PROFILER_CALLBACKS = ("profile", "profile-cycle")


def stop_profiler(worker) -> None:
    """The worker's statistical profiler samples the task thread's stack every 10 ms for a dashboard: a few per
    cent of extraction (see worker_config). Stopped on every worker that joins, a replacement and a user's own."""
    for name in PROFILER_CALLBACKS:
        callback = worker.periodic_callbacks.pop(name, None)
        if callback is not None:
            callback.stop()


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline when a worker joins (also a worker that replaces a dead one)."""

    name = PLUGIN_NAME

    def __init__(self, model: str | None, loader: Callable[[str | None], None]):
        self.model, self.loader = model, loader

    def setup(self, worker) -> None:
        stop_profiler(worker)
        self.loader(self.model)


def quiet_distributed() -> None:
    """Distributed logs every worker restart and closed connection; we report what matters ourselves."""
    for name in ("distributed", "distributed.nanny", "distributed.scheduler", "distributed.worker",
                 "distributed.client", "distributed.core", "distributed.comm"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    # Worker processes of a LocalCluster read the environment when they start.
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "critical")


def worker_config() -> dict:
    """Dask settings for our workers that cost extraction time and buy nothing for it:

    - MALLOC_TRIM_THRESHOLD_=65536, which Dask's nannies put in every worker's environment so that freed
      memory goes back to the system at once: spaCy allocates and frees small blocks all the time, and the
      same 120 statements took 8.1-8.3 s with it against 7.1-7.4 s without (a plain process, passes 2-4;
      a large value is as slow: setting it at all turns off glibc's adaptive thresholds);
    - the statistical profiler, which samples the worker thread's stack every 10 ms for a dashboard that
      a LocalCluster of ours does not serve (a few per cent).
    Without the two, `--engine dask` went from 0.72 / 0.79 of the local engine's rate at 1 / 2 workers to
    0.96 / 0.95 (200 statements, best of 2 rounds).
    """
    # The profiler is also stopped by PipelinePlugin on every worker that joins: a config value set here reaches
    # the first workers only, not one a nanny starts in place of a worker that died.
    return {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,  # None: the nanny does not set it
            "distributed.worker.profile.enabled": False}


def local_cluster(workers: int):
    """`workers` single-threaded worker processes on this machine, one retry after a worker dies.

    No dashboard, and the scheduler's HTTP endpoint on a free loopback port (not 8787, which another
    cluster may hold); no memory limit of Dask's own: a worker holds one pipeline and one chunk. The
    workers run with worker_config()'s settings."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES, **worker_config()}):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                            dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                            silence_logs=logging.CRITICAL, memory_limit=0)


class DaskEngine:
    """A connected client (to a LocalCluster of ours, or the user's scheduler) with the pipeline on every worker.

    `start` is the slow part (cluster start-up, connecting): call it before any output is touched.
    """

    def __init__(self, workers: int = 1, model: str | None = None, scheduler: str | None = None,
                 chunk_size: int = DEFAULT_CHUNK_SIZE, loader: Callable = load_pipeline_in_worker,
                 connect_timeout: float = CONNECT_TIMEOUT_S, partition_size: int | None = None):
        self.workers, self.model, self.scheduler = workers, model, scheduler
        self.chunk_size, self.loader, self.connect_timeout = chunk_size, loader, connect_timeout
        # A partition of one chunk: the local pool's task size, so small runs keep every worker busy too.
        self.partition_size = partition_size or chunk_size
        self.cluster = None
        self.client = None

    # ------------------------------------------------------------ set-up

    def start(self) -> "DaskEngine":
        from distributed import Client

        quiet_distributed()
        try:
            if self.scheduler is None:
                self.cluster = local_cluster(self.workers)
                self.client = Client(self.cluster, set_as_default=False)
            else:
                self.client = Client(self.scheduler, timeout=self.connect_timeout, set_as_default=False)
        except (OSError, TimeoutError) as error:
            self.close()
            where = self.scheduler or "a LocalCluster on this machine"
            raise EngineProblem(messages.NO_SCHEDULER.format(where=where, seconds=self.connect_timeout,
                                                             error=type(error).__name__)) from None
        try:
            self.client.register_plugin(PipelinePlugin(self.model, self.loader), name=PLUGIN_NAME)
        except Exception as error:  # raised on a worker, e.g. statement-tracker not installed there
            self.close()
            raise EngineProblem(messages.WORKERS_WITHOUT_PIPELINE.format(error=error)) from None
        return self

    def threads(self) -> int:
        """Worker threads the cluster has now (at least one, so a cluster still scaling up gets work)."""
        try:
            return max(1, sum(self.client.nthreads().values()))
        except Exception:
            return max(1, self.workers)

    def worker_pids(self) -> dict[str, int]:
        return self.client.run(os.getpid)

    def close(self) -> None:
        for part in (self.client, self.cluster):
            if part is not None:
                try:
                    part.close()
                except Exception:  # closing after the scheduler went away: nothing left to close
                    pass
        self.client = self.cluster = None

    # ------------------------------------------------------------ the run: partitions read by the workers

    def results(self, inputs: list[str], reading: Reading, stdin: BinaryIO | None = None, skip: Iterable[Path] = (),
                done: set[Key] = frozenset(), skipped: Callable[[], None] = lambda: None) -> Iterator[Result]:
        """One Result per input not in `done` (each of those calls `skipped`), in input order."""
        parts = plan_parts(inputs, self.partition_size, reading, stdin, skip)
        return self.extract_parts(parts, reading, done, skipped)

    def extract_parts(self, parts: Iterable[Part], reading: Reading, done: set[Key] = frozenset(),
                      skipped: Callable[[], None] = lambda: None) -> Iterator[Result]:
        in_flight: deque = deque()
        limit = PARTS_IN_FLIGHT_PER_WORKER * self.threads()
        for part, summary, placement, ids in self.placed(parts, reading, ahead=limit):
            positions = not_done(summary, ids, done, skipped)
            future = self.submit_part(part, reading, placement, positions) if positions else None
            in_flight.append((part, reading, placement, positions, future))
            while len(in_flight) > limit:
                yield from self.settle_part(*in_flight.popleft())
        while in_flight:
            yield from self.settle_part(*in_flight.popleft())

    def placed(self, parts: Iterable[Part], reading: Reading, ahead: int
               ) -> Iterator[tuple[Part, PartSummary, Placement, list[str | None]]]:
        """Each partition with its summary, its placement and its inputs' ids, in input order; `ahead`
        partitions are summarized on the workers before the client needs them."""
        placer = Placer()
        pending: deque = deque()
        for part in parts:
            pending.append((part, self.client.submit(summarize, part, reading, pure=False,
                                                     priority=SUMMARY_PRIORITY)))
            if len(pending) > ahead:
                yield self.place(placer, reading, *pending.popleft())
        while pending:
            yield self.place(placer, reading, *pending.popleft())

    def place(self, placer: Placer, reading: Reading, part: Part, future):
        from distributed import KilledWorker

        try:
            summary = self.result_of(future)
        except KilledWorker:  # reading never kills a worker: its workers were killed from outside, twice
            summary = summarize(part, reading)
        return (part, summary, *placer.place(part, summary))

    def submit_part(self, part: Part, reading: Reading, placement: Placement, positions: list[int]):
        return self.client.submit(extract_part, part, reading, placement, positions, self.chunk_size, pure=False)

    def settle_part(self, part: Part, reading: Reading, placement: Placement, positions: list[int],
                    future) -> Iterator[Result]:
        if future is None:
            return
        try:
            results = self.result_of(future)
        except EngineLost:
            raise
        except Exception:  # KilledWorker above all: a statement in it kills workers
            items = read_placed(part, reading, placement)
            results = self.find_the_killer([items[p] for p in positions])
        yield from results

    def find_the_killer(self, items: list[Item]) -> Iterator[Result]:
        """A partition that killed its workers, from the client: in chunks, or one by one if it is one chunk."""
        if len(items) > self.chunk_size:
            return self.extract_in_order(items)
        return merge(items, self.one_at_a_time(statements_of(items)))

    def result_of(self, future):
        """The task's result; EngineLost when the scheduler is gone, else the task's own exception."""
        try:
            return future.result()
        except (CancelledError, OSError, TimeoutError) as error:
            raise EngineLost(self.lost_message(error)) from None
        except Exception as error:
            if self.client.status in ("closing", "closed"):
                raise EngineLost(self.lost_message(error)) from None
            raise

    def lost_message(self, error: Exception) -> str:
        where = self.scheduler or "the LocalCluster"
        return f"the Dask scheduler at {where} went away ({type(error).__name__})"

    # ------------------------------------------------------------ statements sent by the client

    def submit(self, statements: list):
        # pure=False: a chunk sent again after KilledWorker is a new task, not the failed one's key.
        return self.client.submit(local.extract_chunk, statements, pure=False)

    def outcomes(self, statements: list, future) -> list[tuple[str | None, str | None]]:
        from distributed import KilledWorker

        try:
            return self.result_of(future)
        except KilledWorker:
            if len(statements) == 1:
                return [(None, DIED_ON_THIS)]
            return self.one_at_a_time(statements)
        except EngineLost:
            raise
        except Exception as error:  # e.g. a statement that cannot be sent to a worker
            return [(None, f"extraction failed: {type(error).__name__}: {error}")] * len(statements)

    def one_at_a_time(self, statements: list) -> list[tuple[str | None, str | None]]:
        # One at a time: a dying worker takes down every task assigned to it, so singles sent together
        # would blame the killer's neighbours too.
        return [self.outcomes([statement], self.submit([statement]))[0] for statement in statements]

    def extract_in_order(self, items: Iterable[Item]) -> Iterator[Result]:
        """One Result per input item, in input order: the statements go to the workers in chunks.

        The way of a partition that killed its workers: its chunks, then its single statements, find the killer."""
        in_flight: deque = deque()
        limit = CHUNKS_IN_FLIGHT_PER_WORKER * self.threads()
        for chunk in chunks(items, self.chunk_size):
            statements = statements_of(chunk)
            in_flight.append((chunk, statements, self.submit(statements) if statements else None))
            while len(in_flight) > limit:
                yield from self.settle(*in_flight.popleft())
        while in_flight:
            yield from self.settle(*in_flight.popleft())

    def settle(self, chunk: list, statements: list, future) -> Iterator[Result]:
        yield from merge(chunk, self.outcomes(statements, future) if future is not None else [])


def not_done(summary: PartSummary, ids: list[str | None], done: set[Key], skipped: Callable[[], None]) -> list[int]:
    """Positions of the partition's inputs to extract: all but the statements whose key is in `done`."""
    positions = []
    for position, (entry, record_id) in enumerate(zip(summary.entries, ids)):
        if done and entry.sha is not None and (record_id, entry.sha) in done:
            skipped()
        else:
            positions.append(position)
    return positions
