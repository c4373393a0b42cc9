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
does not parse its documents in the Dask worker itself: it gives them, one at a time, to
a child process of that worker, one of the local executor's (`_workers`), which stays
for the batch's next chunks and is stopped once it has been idle for IDLE_SECONDS, or
when that worker ends. A document that runs past its time limit gets that child killed
and replaced, and one that kills the child takes only itself with it, with the same
failure rows, worded alike, as in a local run. A Dask
worker that dies all the same (the out-of-memory killer, a machine lost) has its chunk
sent again by Dask. When Dask gives up on it, its documents are tried again here one at
a time, each alone on the cluster: a worker that dies then was killed by that document,
which becomes a `worker_crashed` row, while the documents that only shared its worker
are parsed.

Reaching the scheduler, and waiting for it to have a worker, take at most Dask's connect
timeout (`distributed.comm.timeouts.connect`, 30 s unless set otherwise, e.g. by
DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=60s).

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
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from kr_extract._workers import (
    PRELOAD,
    Done,
    TaskFailure,
    Todo,
    WorkerStartError,
    _collect,
    _Worker,
    exit_with,
)
from kr_extract.errors import UsageError

Tag = TypeVar("Tag")

INSTALL_HINT = "pip install kr-extract[dask]"
DEFAULT_CHUNK_SIZE = 8  # documents a chunk holds at most

# (sequence number of the task, payload, time limit in seconds)
_Task = tuple[int, Any, float]


def require_dask(scheduler: str | None = None) -> None:
    """Raise `UsageError` (exit status 2) when Dask is not installed, or when `scheduler`
    is not the address of a Dask scheduler (it is not reached here)."""
    if any(importlib.util.find_spec(name) is None for name in ("dask", "distributed")):
        raise UsageError(f"--executor dask needs Dask, which is not installed here: "
                         f"{INSTALL_HINT}")
    if scheduler:
        check_address(scheduler)


def check_address(scheduler: str) -> None:
    """Raise `UsageError` unless `scheduler` reads as a Dask address (tcp://host:8786)."""
    from distributed.comm import get_address_host_port, parse_address
    from distributed.comm.registry import get_backend

    try:
        scheme, _ = parse_address(scheduler)
        get_backend(scheme)
        if scheme in ("tcp", "tls"):
            get_address_host_port(scheduler)
    except ValueError as exc:
        raise UsageError(f"--scheduler {scheduler!r} is not the address of a Dask "
                         f"scheduler (such as tcp://host:8786): {exc}") from None


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
    dispatcher: _Dispatcher | None = None
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
            if pending and dispatcher is None:
                dispatcher = _Dispatcher(scheduler, jobs, work, timeout)
                window = max(window, 4 * limit * dispatcher.slots)
            if dispatcher is not None:
                dispatcher.dispatch(pending, limit, exhausted)
            while n_out in results:
                yield tags.pop(n_out), results.pop(n_out)
                n_out += 1
            if exhausted and n_out == n_in:
                return
            if dispatcher is None or not dispatcher.n_chunks:
                continue  # results were yielded: there is room in the window again
            dispatcher.collect(results)
    finally:
        if dispatcher is not None:
            dispatcher.close()


class _Dispatcher:
    """A Dask client (and the local cluster it started, if any) with chunks in flight."""

    def __init__(self, scheduler: str | None, jobs: int, work: Callable[[Any], Any],
                 timeout: float) -> None:
        import dask
        from dask.utils import parse_timedelta
        from distributed import Client, LocalCluster, as_completed

        self.work = _InWorker(work, str(Path.cwd()), uuid.uuid4().hex)
        self.timeout = timeout
        self.where = f"the Dask scheduler at {scheduler}" if scheduler \
            else "a local Dask cluster"
        self.cluster: Any = None
        self.chunks: dict[Any, tuple[list[_Task], bool]] = {}  # future -> tasks, alone
        # Tasks of chunks whose worker died, to be tried again one at a time, alone.
        self.suspects: deque[_Task] = deque()
        wait = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"))
        if scheduler:
            check_address(scheduler)
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=wait, set_as_default=False)
            else:
                # No dashboard; the scheduler's other HTTP routes on a free port, not
                # on 8787, which a dashboard elsewhere may hold.
                self.cluster = LocalCluster(
                    n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address=None, silence_logs=logging.ERROR,
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
                self.client = Client(self.cluster, set_as_default=False)
        except Exception as exc:
            self.close()
            raise WorkerStartError(f"cannot reach {self.where}: {exc}") from exc
        try:
            self.client.wait_for_workers(1, timeout=wait)
        except Exception as exc:
            self.close()
            raise WorkerStartError(f"{self.where} has no worker after {wait:g} s") from exc
        # Worker threads: each runs one chunk at a time.
        self.slots = max(1, sum(self.client.nthreads().values()))
        self.completed = as_completed(loop=self.client.loop)

    @property
    def n_chunks(self) -> int:
        return len(self.chunks)

    def dispatch(self, pending: list[_Task], limit: int, exhausted: bool) -> None:
        """Send chunks of `pending` (taking them out of it) to keep every worker busy; or,
        while there are suspects, one suspect at a time with nothing else running."""
        if self.suspects:
            if not self.chunks:
                self._send([self.suspects.popleft()], alone=True)
            return
        while pending and (len(pending) >= limit or exhausted or len(self.chunks) < self.slots):
            # Smaller chunks as the work runs out, so that no worker waits on another.
            size = min(limit, math.ceil(len(pending) / self.slots))
            self._send(pending[:size], alone=False)
            del pending[:size]

    def _send(self, chunk: list[_Task], alone: bool) -> None:
        future = self.client.submit(_parse_chunk, self.work,
                                    [(payload, limit) for _, payload, limit in chunk],
                                    self.timeout, pure=False)
        self.chunks[future] = (chunk, alone)
        self.completed.add(future)

    def collect(self, results: dict[int, Any]) -> None:
        """Wait for a chunk to end; put its results in `results`."""
        future = next(self.completed)
        chunk, alone = self.chunks.pop(future)
        try:
            values = future.result()
        except Exception as exc:
            self._failed(chunk, alone, exc, results)
        else:
            for (seq, _, _), value in zip(chunk, values, strict=True):
                results[seq] = value

    def _failed(self, chunk: list[_Task], alone: bool, exc: Exception,
                results: dict[int, Any]) -> None:
        from concurrent.futures import CancelledError

        from distributed import KilledWorker

        if isinstance(exc, CancelledError):
            raise WorkerStartError(f"lost the connection to {self.where}") from exc
        if not isinstance(exc, KilledWorker):
            # Not a document's doing (those fail in the child process): the workers
            # cannot run kr-extract, e.g. it is not installed there.
            raise WorkerStartError(f"a Dask worker cannot parse documents: "
                                   f"{type(exc).__name__}: {exc}") from exc
        if not alone:
            # Its worker died with other chunks on it, or with several documents in it:
            # which one killed it is not known yet.
            self.suspects.extend(sorted(chunk, key=lambda task: task[0]))
            return
        results[chunk[0][0]] = TaskFailure(
            "crashed", "its Dask worker died each time it was tried, alone on the cluster "
            "(killed from outside, e.g. by the out-of-memory killer; see the worker's log)")

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

TASKS_PER_CHILD = 2000  # documents a child parses before it is replaced (its memory back)
IDLE_SECONDS = 30.0  # a child given no chunk for this long is stopped

# Children waiting for the next chunk of their batch, by the batch's token; a Dask
# worker thread runs one chunk at a time, and takes a child from here for it.
_IDLE: dict[str, list[_Worker]] = {}
_IDLE_LOCK = threading.Lock()
_REAPER: threading.Thread | None = None


def _parse_chunk(work: _InWorker, chunk: list[tuple[Any, float]], timeout: float
                 ) -> list[Any]:
    """A Dask task: the results of `work` for each payload of `chunk`, in order, each run
    in a child process under its time limit, as in a local run. The child stays for the
    next chunk of the same batch, as a local run's workers stay for the next document:
    one started for each chunk would pay again the start-up of the parsers."""
    if not Path(work.cwd).is_dir():
        raise FileNotFoundError(
            f"this worker does not see the folder {work.cwd}, where the batch runs: Dask "
            "workers need the inputs on shared storage, at the same path")
    _allow_children()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    work = work.owned_by(os.getpid())
    worker = _take_idle(work.token)
    results: dict[int, Any] = {}
    try:
        for seq, (payload, limit) in enumerate(chunk):
            if worker is None:
                worker = _Worker(context, work)
            busy, idle = [worker], []
            worker.give(seq, payload, limit or timeout)
            while seq not in results:
                _collect(busy, idle, results, TASKS_PER_CHILD)
            # None if it was killed (past its time limit), died or was replaced
            worker = idle[0] if idle else None
    except BaseException:
        if worker is not None:
            worker.kill()
        raise
    if worker is not None:
        _put_idle(work.token, worker)
    return [results[seq] for seq in range(len(chunk))]


def _take_idle(token: str) -> _Worker | None:
    with _IDLE_LOCK:
        # Children of another batch will not be asked again: stop them.
        stale = [w for key in list(_IDLE) if key != token for w in _IDLE.pop(key)]
        mine = _IDLE.get(token)
        worker = mine.pop() if mine else None
    for other in stale:
        other.kill()
    return worker


def _put_idle(token: str, worker: _Worker) -> None:
    global _REAPER
    worker.idle_since = time.monotonic()
    with _IDLE_LOCK:
        _IDLE.setdefault(token, []).append(worker)
        if _REAPER is None or not _REAPER.is_alive():
            _REAPER = threading.Thread(target=_reap, name="kr-extract-reaper", daemon=True)
            _REAPER.start()


def _reap() -> None:
    """Stop the children left idle for IDLE_SECONDS (their batch has ended); end when
    none is left."""
    while True:
        time.sleep(min(5.0, IDLE_SECONDS))
        now = time.monotonic()
        with _IDLE_LOCK:
            old = [w for children in _IDLE.values() for w in children
                   if now - w.idle_since >= IDLE_SECONDS]
            for token in list(_IDLE):
                _IDLE[token] = [w for w in _IDLE[token] if w not in old]
                if not _IDLE[token]:
                    del _IDLE[token]
            done = not _IDLE
        for worker in old:
            worker.kill()
        if done:
            return


def _allow_children() -> None:
    # Dask starts its worker processes as daemons (distributed.worker.daemon), and
    # multiprocessing refuses to start a child from a daemon lest it be orphaned. These
    # children are not: they die with the worker (see _InWorker), so the flag is lifted.
    process = multiprocessing.current_process()
    if process.daemon:
        process._config["daemon"] = False


class _InWorker:
    """`work`, run in the child process of a Dask worker: in the folder the batch was
    started in (input paths may be relative to it), and killed if that worker dies.
    `token` names the batch, whose children are kept for its next chunks."""

    def __init__(self, work: Callable[[Any], Any], cwd: str, token: str,
                 owner: int | None = None) -> None:
        self.inner = work
        self.cwd = cwd
        self.token = token
        self.owner = owner  # the process ID of the Dask worker

    def owned_by(self, owner: int) -> _InWorker:
        return _InWorker(self.inner, self.cwd, self.token, owner)

    def __call__(self, payload: Any) -> Any:
        if self.owner is not None:
            _die_with(self.owner)
        if str(Path.cwd()) != self.cwd:
            os.chdir(self.cwd)
        return self.inner(payload)


_WATCHING = False


def _die_with(owner: int) -> None:
    """Kill this process when the Dask worker `owner` ends, killed or stopped (the
    cluster closed, Ctrl-C), whatever this process is doing: a document that hangs must
    not outlive it. (The child's parent is the fork server, which ends only once its
    children have, so the parent's death is no signal here.)"""
    global _WATCHING
    if _WATCHING:
        return
    _WATCHING = True
    threading.Thread(target=exit_with, args=(owner,), name="kr-extract-watch",
                     daemon=True).start()
