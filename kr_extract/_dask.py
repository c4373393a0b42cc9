"""The Dask executor: the batch's documents parsed on a Dask cluster.

`run_on_dask` has the contract of `_workers.run_ordered` (results in the order of the
tasks, a `TaskFailure` for a document that hung or crashed), so the pipeline writes the
same tables, byte for byte, with either executor. Without a scheduler address it starts
a `distributed.LocalCluster` on this machine: one worker process per job, one thread
each, on the loopback interface, no dashboard. With one, it uses that cluster, whose
workers read the input files themselves: inputs (and the folder the run starts in) must
be on storage every worker sees at the same path. Results come back to this process,
which writes the tables as a local run does, so a crash leaves the output as it was.

Documents go to Dask in chunks. A Dask task cannot be stopped once it runs, so a chunk
does not parse its documents in the Dask worker itself: it runs them through
`run_ordered` with one job, in a child process of that worker. A document that runs past
its time limit gets that child killed and replaced, and one that kills the child takes
only itself with it, with the same failure rows, worded alike, as in a local run. A Dask
worker that dies all the same (the out-of-memory killer, a machine lost) has its chunk
sent again, one document at a time, by Dask and then here; a document whose worker
dies again becomes a `worker_crashed` row.

`distributed` is imported only when a batch has a document to parse, so this module
imports without Dask installed; `require_dask` says how to install it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import math
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from kr_extract._workers import Done, TaskFailure, Todo, WorkerStartError, run_ordered
from kr_extract.errors import UsageError

Tag = TypeVar("Tag")

INSTALL_HINT = "pip install kr-extract[dask]"
DEFAULT_CHUNK_SIZE = 8  # documents a chunk holds at most
CONNECT_TIMEOUT = 30.0  # seconds to reach a scheduler, and for it to have a worker

# (sequence number of the task, payload, time limit in seconds)
_Task = tuple[int, Any, float]


def require_dask() -> None:
    """Raise `UsageError` (exit status 2) when Dask is not installed."""
    if any(importlib.util.find_spec(name) is None for name in ("dask", "distributed")):
        raise UsageError(f"--executor dask needs Dask, which is not installed here: "
                         f"{INSTALL_HINT}")


def run_on_dask(
    tasks: Iterable[tuple[Tag, Done | Todo]],
    work: Callable[[Any], Any],
    *,
    jobs: int,
    timeout: float,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    window: int | None = None,
) -> Iterator[tuple[Tag, Any]]:
    """Yield (tag, result) for each task, in the order of `tasks`, as `run_ordered` does,
    with each `Todo` run as `work(payload)` on a Dask worker.

    `scheduler`: the address of a running Dask scheduler; None starts a local cluster of
    `jobs` worker processes. `chunk_size`: documents sent in one Dask task at most (by
    default `DEFAULT_CHUNK_SIZE`, less when there are few left, so every worker has
    some). The cluster is reached only once a `Todo` comes, so a run that keeps every
    document from the last one needs none.
    """
    limit = chunk_size or DEFAULT_CHUNK_SIZE
    window = window or max(64, 32 * jobs)
    source = iter(tasks)
    tags: dict[int, Tag] = {}
    results: dict[int, Any] = {}
    pending: list[_Task] = []  # not yet sent
    session: _Session | None = None
    n_in = n_out = 0
    exhausted = False
    try:
        while True:
            while not exhausted and n_in - n_out < window:
                item = next(source, None)
                if item is None:
                    exhausted = True
                    break
                tags[n_in], task = item
                if isinstance(task, Done):
                    results[n_in] = task.value
                else:
                    pending.append((n_in, task.payload, task.time_limit or timeout))
                n_in += 1
            if pending and session is None:
                session = _Session(scheduler, jobs, work, timeout)
                window = max(window, 4 * limit * session.slots)
            while pending and session is not None and (
                    len(pending) >= limit or exhausted or session.n_chunks < session.slots):
                # Smaller chunks as the work runs out, so that no worker waits on another.
                size = min(limit, math.ceil(len(pending) / session.slots))
                session.send(pending[:size])
                del pending[:size]
            while n_out in results:
                yield tags.pop(n_out), results.pop(n_out)
                n_out += 1
            if exhausted and n_out == n_in:
                return
            if session is None or not session.n_chunks:
                continue  # results were yielded: there is room in the window again
            session.collect(results)
    finally:
        if session is not None:
            session.close()


class _Session:
    """A Dask client (and the local cluster it started, if any) with chunks in flight."""

    def __init__(self, scheduler: str | None, jobs: int, work: Callable[[Any], Any],
                 timeout: float) -> None:
        from distributed import Client, LocalCluster, as_completed

        self.work = _InWorker(work, str(Path.cwd()))
        self.timeout = timeout
        self.cluster: Any = None
        self.chunks: dict[Any, list[_Task]] = {}  # future -> its tasks
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            else:
                self.cluster = LocalCluster(
                    n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address=None, silence_logs=logging.ERROR)
                self.client = Client(self.cluster, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
            raise WorkerStartError(f"cannot reach {where}: {exc}") from exc
        try:
            self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise WorkerStartError(f"the Dask scheduler at {scheduler} has no worker after "
                                   f"{CONNECT_TIMEOUT:g} s") from exc
        # Worker threads: each runs one chunk at a time.
        self.slots = max(1, sum(self.client.nthreads().values()))
        self.completed = as_completed(loop=self.client.loop)

    @property
    def n_chunks(self) -> int:
        return len(self.chunks)

    def send(self, chunk: list[_Task]) -> None:
        future = self.client.submit(_parse_chunk, self.work,
                                    [(payload, limit) for _, payload, limit in chunk],
                                    self.timeout, pure=False)
        self.chunks[future] = chunk
        self.completed.add(future)

    def collect(self, results: dict[int, Any]) -> None:
        """Wait for a chunk to end; put its results in `results`."""
        future = next(self.completed)
        chunk = self.chunks.pop(future)
        try:
            values = future.result()
        except Exception as exc:
            self._failed(chunk, exc, results)
        else:
            for (seq, _, _), value in zip(chunk, values, strict=True):
                results[seq] = value

    def _failed(self, chunk: list[_Task], exc: Exception, results: dict[int, Any]) -> None:
        from distributed import KilledWorker

        if not isinstance(exc, KilledWorker):
            # Not a document's doing (those fail in the child process): the workers
            # cannot run kr-extract, e.g. it is not installed there.
            raise WorkerStartError(f"a Dask worker cannot parse documents: "
                                   f"{type(exc).__name__}: {exc}") from exc
        if len(chunk) > 1:  # find the document that kills its worker: one at a time
            for task in chunk:
                self.send([task])
            return
        results[chunk[0][0]] = TaskFailure(
            "crashed", f"its Dask worker died more than once ({exc})")

    def close(self) -> None:
        for future in self.chunks:
            with contextlib.suppress(Exception):
                future.cancel()
        self.chunks.clear()
        for part in (getattr(self, "client", None), self.cluster):
            if part is not None:
                with contextlib.suppress(Exception):
                    part.close()


# --- on a Dask worker -------------------------------------------------------------------

def _parse_chunk(work: _InWorker, chunk: list[tuple[Any, float]], timeout: float
                 ) -> list[Any]:
    """A Dask task: the results of `work` for each payload of `chunk`, in order, each run
    in a child process under its time limit, as in a local run."""
    if not Path(work.cwd).is_dir():
        raise FileNotFoundError(
            f"this worker does not see the folder {work.cwd}, where the batch runs: Dask "
            "workers need the inputs on shared storage, at the same path")
    _allow_children()
    todo = ((i, Todo(payload, limit)) for i, (payload, limit) in enumerate(chunk))
    return [value for _, value in run_ordered(todo, work, jobs=1, timeout=timeout)]


def _allow_children() -> None:
    # Dask starts its worker processes as daemons (distributed.worker.daemon), and
    # multiprocessing refuses to start a child from a daemon lest it be orphaned. These
    # children are not: they die with the worker (see _InWorker), so the flag is lifted.
    process = multiprocessing.current_process()
    if process.daemon:
        process._config["daemon"] = False


class _InWorker:
    """`work`, run in the child process of a Dask worker: in the folder the batch was
    started in (input paths may be relative to it), and killed if that worker dies."""

    def __init__(self, work: Callable[[Any], Any], cwd: str) -> None:
        self.inner = work
        self.cwd = cwd

    def __call__(self, payload: Any) -> Any:
        _die_with_parent()
        if str(Path.cwd()) != self.cwd:
            os.chdir(self.cwd)
        return self.inner(payload)


_DYING_WITH_PARENT = False


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent goes: the fork server, which ends
    with the Dask worker that started it. A document that hangs when its worker is
    stopped (Ctrl-C, the cluster closed) does not outlive it."""
    global _DYING_WITH_PARENT
    if _DYING_WITH_PARENT or not sys.platform.startswith("linux"):
        return
    _DYING_WITH_PARENT = True
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL))
