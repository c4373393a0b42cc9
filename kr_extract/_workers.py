"""Worker processes: run one task at a time each, under a time limit, results in order.

`ProcessPoolExecutor` cannot stop one task that hangs, and a worker that dies breaks the
whole pool; here each worker is a plain process on a pipe, so a task that runs past its
deadline gets its worker killed and replaced, and a worker that dies takes only its own
task with it. Either way the task's result is a `TaskFailure` and the run goes on.

Workers come from a fork server that has already imported the pipeline, so starting one
(also to replace a killed one) costs milliseconds, and they never inherit the threads or
open files of the main process. They ignore Ctrl-C: the main process decides what
happens, and a worker whose main process is gone sees its pipe close and exits.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import multiprocessing.connection
import os
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

Tag = TypeVar("Tag")

# Imported once in the fork server, so each worker starts with the parsers loaded.
PRELOAD = ["kr_extract.pipeline"]


_READY = "ready"
_START_LIMIT = 120.0  # seconds; a worker starts in milliseconds unless something is broken


class WorkerStartError(RuntimeError):
    """Worker processes cannot start: the batch cannot run at all (not a document's
    fault, so not a failed row)."""


@dataclass(frozen=True)
class Done:
    """A task already resolved without a worker (e.g. rows kept from the last run)."""

    value: Any


@dataclass(frozen=True)
class Todo:
    """A task for a worker: `work(payload)`, within `time_limit` seconds (None: the run's
    timeout)."""

    payload: Any
    time_limit: float | None = None


@dataclass(frozen=True)
class TaskFailure:
    """A task that gave no result: `kind` is "timeout", "crashed" or "error"."""

    kind: str
    message: str


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Worker:
    def __init__(self, context: Any, work: Callable[[Any], Any]) -> None:
        here, there = context.Pipe()
        self.process = context.Process(target=_serve, args=(there, work, os.getpid()),
                                       daemon=True, name="kr-extract-worker")
        self.process.start()
        there.close()
        self.conn = here
        # Wait for it to be up, so that a document's time limit does not count the start.
        try:
            if not here.poll(_START_LIMIT) or here.recv() != _READY:
                raise EOFError
        except (EOFError, OSError):
            self.kill()
            raise WorkerStartError(
                f"a worker process did not start (exit code {self.process.exitcode})"
            ) from None
        self.seq = -1  # the task in flight
        self.deadline = float("inf")
        self.time_limit = 0.0
        self.started = 0.0
        self.n_done = 0

    def give(self, seq: int, payload: Any, time_limit: float) -> None:
        self.conn.send((seq, payload))
        self.seq = seq
        self.started = time.monotonic()
        self.time_limit = time_limit
        self.deadline = self.started + time_limit

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()

    def retire(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(timeout=5)
        self.kill()


def _collect_less() -> None:
    """A document's parse makes many small objects and few cycles: the cyclic collector,
    run every 700 allocations, spent about a fifth of the structure step walking the same
    long-lived objects (the modules, the lexicons). Those are set aside once, and the
    youngest generation is collected ten times less often."""
    gc.freeze()
    gc.set_threshold(7000, 10, 10)


def _serve(conn: multiprocessing.connection.Connection, work: Callable[[Any], Any],
           parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker busy with a document that hangs never sees its pipe close: it ends with
    # the process that started it all the same (even killed with -9), and so does the
    # fork server, which waits for its children.
    threading.Thread(target=exit_with, args=(parent,), daemon=True).start()
    # The workers already use every core; Tesseract (OCR) would add a thread per core.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    _collect_less()
    conn.send(_READY)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the main process is gone
        if message is None:
            return
        seq, payload = message
        try:
            result = work(payload)
        except BaseException as exc:
            result = TaskFailure("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send((seq, result))
        except (EOFError, OSError):
            return
        except Exception as exc:
            conn.send((seq, TaskFailure("error", f"cannot send the result back: {exc}")))


def exit_with(parent: int) -> None:
    """Kill this process once the process `parent` has ended (blocks: run it in a thread)."""
    try:
        handle = os.pidfd_open(parent)  # readable once the process has ended (Linux)
    except (AttributeError, OSError):
        while _alive(parent):
            time.sleep(1.0)
    else:
        select.select([handle], [], [])
    os.kill(os.getpid(), signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # not ours to signal, but there
        return True
    return True


def run_ordered(
    tasks: Iterable[tuple[Tag, Done | Todo]],
    work: Callable[[Any], Any],
    *,
    jobs: int,
    timeout: float,
    window: int | None = None,
    tasks_per_worker: int = 2000,
) -> Iterator[tuple[Tag, Any]]:
    """Yield (tag, result) for each task, in the order of `tasks`.

    A `Todo` runs as `work(payload)` in one of `jobs` worker processes; its result is
    what `work` returned, or a `TaskFailure` when it ran longer than `timeout` seconds,
    killed its worker or raised. `tasks` is consumed lazily, at most `window` ahead of
    the last result yielded, so memory stays bounded; workers are started only once a
    `Todo` comes, and replaced after `tasks_per_worker` tasks to return their memory.
    """
    window = window or max(64, 32 * jobs)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    source = iter(tasks)
    tags: dict[int, Tag] = {}
    results: dict[int, Any] = {}
    queue: deque[tuple[int, Any]] = deque()
    idle: list[_Worker] = []
    busy: list[_Worker] = []
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
                    queue.append((n_in, task.payload, task.time_limit or timeout))
                n_in += 1
            while queue and (idle or len(busy) < jobs):
                worker = idle.pop() if idle else _Worker(context, work)
                worker.give(*queue.popleft())
                busy.append(worker)
            while n_out in results:
                yield tags.pop(n_out), results.pop(n_out)
                n_out += 1
            if exhausted and n_out == n_in:
                return
            if not busy:  # results were yielded: there is room in the window again
                continue
            # The next result to yield is with a busy worker: wait for it (or another).
            _collect(busy, idle, results, tasks_per_worker)
    finally:
        for worker in busy:
            worker.kill()
        for worker in idle:
            worker.retire()


def _collect(busy: list[_Worker], idle: list[_Worker], results: dict[int, Any],
             tasks_per_worker: int) -> None:
    """Wait for the next result, death or deadline among the busy workers."""
    wait = max(0.0, min(w.deadline for w in busy) - time.monotonic())
    ready = set(multiprocessing.connection.wait(
        [w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=wait))
    now = time.monotonic()
    for worker in list(busy):
        seq = worker.seq
        if worker.conn in ready or worker.process.sentinel in ready:
            try:
                answer = worker.conn.recv() if worker.conn.poll() else None
            except (EOFError, OSError):
                answer = None
            busy.remove(worker)
            if answer is None:
                worker.process.join(timeout=1)  # let a dying worker finish, for its exit code
                worker.kill()
                results[seq] = TaskFailure("crashed", _death(worker.process.exitcode))
                continue
            results[seq] = answer[1]
            worker.seq, worker.deadline = -1, float("inf")
            worker.n_done += 1
            if worker.n_done >= tasks_per_worker:
                worker.retire()
            else:
                idle.append(worker)
        elif now >= worker.deadline:
            busy.remove(worker)
            worker.kill()
            results[seq] = TaskFailure(
                "timeout",
                f"still running after {worker.time_limit:g} s; its worker was stopped")


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        why = {"SIGKILL": " (killed from outside, e.g. by the out-of-memory killer)",
               "SIGSEGV": " (a crash in native code)"}.get(name, "")
        return f"its worker process was killed by {name}{why}"
    return f"its worker process exited unexpectedly (exit code {exitcode})"
