"""Claiming a snowflake worker id that no other process on this host holds."""

import fcntl
import os
from pathlib import Path
from types import TracebackType

from domain.ids import MAX_WORKER_ID


class WorkerLease:
    """A claimed worker id, held for as long as the lock file stays open.

    The lock is an ``flock`` on ``worker-<n>.lock``: the kernel drops it when the process
    exits, even on a crash, so a dead process never keeps its id.
    """

    def __init__(self, worker_id: int, fd: int, path: Path) -> None:
        self.worker_id = worker_id
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def close(self) -> None:
        """Release the id; calling it again does nothing."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __enter__(self) -> "WorkerLease":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


ALL_WORKER_IDS = range(MAX_WORKER_ID + 1)


def claim_worker_id(directory: Path, ids: range = ALL_WORKER_IDS) -> WorkerLease:
    """Lock the lowest free id of ``ids`` (default 0..1023) among processes sharing ``directory``.

    Two processes that share the directory never get the same id, so their snowflakes never
    collide. Hosts that do not share a directory need disjoint ``ids`` ranges. The directory
    must be on a local file system (``flock`` is not reliable on NFS). Raises ``RuntimeError``
    when every id of the range is taken.
    """
    if ids.step != 1 or not ids or ids.start < 0 or ids.stop > MAX_WORKER_ID + 1:
        msg = f"worker ids must be a non-empty range within 0..{MAX_WORKER_ID}, not {ids}"
        raise ValueError(msg)
    directory.mkdir(parents=True, exist_ok=True)
    for worker_id in ids:
        path = directory / f"worker-{worker_id}.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        except BaseException:
            os.close(fd)
            raise
        # The pid is for people looking at the directory; the lock is what counts.
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        return WorkerLease(worker_id, fd, path)
    msg = f"all worker ids {ids.start}..{ids.stop - 1} in {directory} are taken"
    raise RuntimeError(msg)
