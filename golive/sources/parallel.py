"""Run numbered tasks on every core: the one place golive forks.

:func:`start` writes the task numbers into a pipe and forks a worker on every core but one; the
calling process may do other work meanwhile (the CLI validates its settings while a large tree is
read). Each worker, and then the calling process, takes numbers from the pipe one at a time until it is empty:
the kernel hands each number to one reader, so nobody waits long for the last task, and workers
inherit the tasks at the fork and receive only their numbers. Each worker sends its results back,
pickled, once the pipe is empty.

Fail closed: a worker that raises fails the run with its own error; a worker that dies fails it with
how it ended. Where forking is unsafe or impossible, the calling process does every task itself.
"""

from __future__ import annotations

import gc
import os
import signal
import struct
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Result = TypeVar("Result")

_NUMBER = struct.Struct("=H")
MAX_TASKS = 2048  # their numbers fill one page at most, which any pipe holds before anyone reads it


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def can_fork() -> bool:
    """Forking is safe and useful: a spare core, no other thread (one holding a lock, an import's
    among them, would leave the worker waiting for ever), and children that stay to be reaped (with
    SIGCHLD ignored their status is lost, and their process ids may be reused)."""
    return (
        hasattr(os, "fork")
        and cores() > 1
        and threading.active_count() == 1
        and signal.getsignal(signal.SIGCHLD) is not signal.SIG_IGN
    )


def start(count: int, task: Callable[[int], Result], order: Sequence[int] | None = None) -> Tasks[Result]:
    """``task(0)`` to ``task(count - 1)`` under way: workers forked on every core but one take them at
    once, while the caller goes on with other work until it asks for the results (in task order; it
    takes its own share then). ``order``: the order they are taken in, largest first, so that the
    last ones taken are small and nobody waits long for the others at the end."""
    if count > MAX_TASKS:
        raise ValueError(f"at most {MAX_TASKS} tasks, got {count}")
    order = range(count) if order is None else order
    if sorted(order) != list(range(count)):
        raise ValueError("order must hold every task number once")
    running = Tasks(_task_numbers(order), count, task)
    if count > 1 and can_fork():
        gc.freeze()  # the collector leaves what workers inherit alone, so its pages stay shared (6% less CPU)
        try:
            for _ in range(cores() - 1):
                running.workers.append(_Worker.fork(running.numbers, task))
        except OSError:  # no process to spare (a limit on processes, memory): fewer readers, same result
            pass
        finally:
            gc.unfreeze()
    return running


class Tasks(Generic[Result]):
    """Numbered tasks under way: the pipe of their numbers and the workers taking them."""

    def __init__(self, numbers: int, count: int, task: Callable[[int], Result]) -> None:
        self.numbers, self.count, self.task = numbers, count, task
        self.workers: list[_Worker] = []

    def results(self) -> list[Result]:
        """Every task's result, in task order: the caller takes tasks too until none is left."""
        try:
            gc.disable()  # the caller's heap is large: full collections while it reads made time grow with the tree
            try:
                results = _take_tasks(self.numbers, self.task)
            finally:
                gc.enable()
            for worker in self.workers:
                results.update(worker.results())
        finally:
            self.stop()
        return [results[index] for index in range(self.count)]

    def stop(self) -> None:
        """Kill and reap the workers, close the pipe; a second call does nothing."""
        for worker in self.workers:
            worker.stop()
        if self.numbers >= 0:
            os.close(self.numbers)
            self.numbers = -1


def _task_numbers(order: Sequence[int]) -> int:
    """The read end of a pipe holding the task numbers in ``order``, its write end closed. A read of one
    number is atomic, so no task is taken twice."""
    read_end, write_end = os.pipe()
    with open(write_end, "wb") as stream:
        stream.write(b"".join(_NUMBER.pack(index) for index in order))
    return read_end


def _take_tasks(numbers: int, task: Callable[[int], Result]) -> dict[int, Result]:
    results = {}
    while number := os.read(numbers, _NUMBER.size):
        index = _NUMBER.unpack(number)[0]
        results[index] = task(index)
    return results


class _Worker:
    """A forked process taking tasks from the pipe; it sends their results back, pickled, when the
    pipe is empty, or the error that stopped it."""

    def __init__(self, pid: int, results: int) -> None:
        self.pid, self._results = pid, results

    @classmethod
    def fork(cls, numbers: int, task: Callable[[int], object]) -> _Worker:
        import pickle  # here, before the fork: a small tree never needs it (3 ms of a pre-commit run)

        results, out = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(results)
            os.close(out)
            raise
        if pid:
            os.close(out)
            return cls(pid, results)
        status = 0  # the worker: it never returns into the caller's code, nor runs its exit handlers
        try:
            os.close(results)
            gc.disable()  # a short life, and what it reads holds no cycles
            try:
                answer: object = _take_tasks(numbers, task)
            except Exception as error:  # noqa: BLE001 - golive's bug: raised again in the caller
                answer, status = error, 1
            with open(out, "wb") as stream:
                pickle.dump(answer, stream, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - Ctrl-C, or an answer that would not pickle: the caller sees the status
            status = 2
        finally:
            os._exit(status)

    def results(self) -> dict:
        """What it did; waits for its last task. A worker that died or failed fails the run."""
        results, self._results = self._results, -1
        with open(results, "rb") as stream:
            answer = _unpickled(stream.read())
        ending = self._reap()
        if isinstance(answer, dict):  # written whole, once every task was done
            return answer
        if isinstance(answer, Exception):
            raise answer
        raise RuntimeError(f"a scan worker process ended without its result ({ending})")

    def stop(self) -> None:
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
            self._reap()
        if self._results >= 0:
            os.close(self._results)
            self._results = -1

    def _reap(self) -> str:
        pid, self.pid = self.pid, 0
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            return f"killed by signal {os.WTERMSIG(status)}"
        return f"exit status {os.waitstatus_to_exitcode(status)}"


def _unpickled(answer: bytes) -> object:
    import pickle  # imported by the fork already

    try:
        return pickle.loads(answer)
    except Exception:  # noqa: BLE001 - cut short by the worker's death
        return None
