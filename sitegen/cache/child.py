"""Work done in a forked child process: it sees the parent's memory as it was, and sends its result back.

Used where a stage splits across cores (reading round files) or must give its memory back when
done (loading a big registry). A failure in the child comes back as an error with its traceback.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import pickle
import signal
import traceback
from collections.abc import Callable

PR_SET_PDEATHSIG = 1


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def in_child(work: Callable[[], object], what: str) -> Callable[[], object]:
    """Start `work` in a forked child; the function returned waits for its result (pickled through a
    pipe) and raises RuntimeError, naming `what`, when the child failed or died."""
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's cleanup
        try:
            os.close(read_fd)
            die_with_parent(parent)
            _send(write_fd, work)
        finally:
            os._exit(1)
    os.close(write_fd)

    def collect() -> object:
        with os.fdopen(read_fd, "rb") as pipe:
            payload = pipe.read()
        os.waitpid(pid, 0)
        if not payload:
            raise RuntimeError(f"the process {what} died")
        kind, value = pickle.loads(payload)
        if kind != "ok":
            raise RuntimeError(f"{what} failed:\n{value}")
        return value

    return collect


def _send(fd: int, work: Callable[[], object]) -> None:
    try:
        payload = pickle.dumps(("ok", work()), pickle.HIGHEST_PROTOCOL)
    except BaseException:
        payload = pickle.dumps(("bug", traceback.format_exc()))
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(payload)
    os._exit(0)


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this child when the build process dies, even by SIGKILL (a killed build then
    leaves no process writing); Ctrl-C is the build process's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    name = ctypes.util.find_library("c")
    if name:
        ctypes.CDLL(name).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)
