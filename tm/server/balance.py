"""Even shares of the clients' connections among the server's worker processes.

uvicorn's worker processes accept from one listening socket, and whichever wakes first takes
every connection waiting: 50 clients connecting at once were split 38/12, 42/8 or 48/2, and a
keep-alive connection stays with the worker that took it. The worker with 38 then queues three
times the requests of the other, and its clients wait three times as long.

So each worker counts the connections it answered within the last ``WINDOW`` seconds and
writes the count into its slot of a small file in the folder the workers share. A worker that
holds more than its share of all the workers' connections (their sum divided by the number of
workers, rounded up) answers with ``Connection: close``: the client connects again, to whichever
worker accepts first (one in a lookup does not), and a worker that gets more than its share
closes in its turn. A connection idle for ``WINDOW`` counts no more, nor does a worker that
answered nothing within it (its slot's time is old).
"""

from __future__ import annotations

import math
import mmap
import os
import struct
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from pathlib import Path

from filelock import FileLock

from tm.fileio import alive

__all__ = ["Balancer"]

#: Seconds a connection counts after its last request: longer than a request waits under load
#: (a connection that waits longer counts no more meanwhile), and short, since a connection its
#: client closed counts that long.
WINDOW = 2.0
#: Seconds a connection this worker closed still counts in the sum, as moving: until its client
#: connects again and sends a request (it waits in the other worker's queue meanwhile).
MOVING = 1.0
#: A slot: the worker's pid, its connections, and when it counted them (monotonic seconds).
SLOT = struct.Struct("<qqd")


class Balancer:
    """This worker's side: ``closes(client)`` for each response, in the folder ``shared`` that
    ``workers`` worker processes share."""

    def __init__(
        self,
        shared: Path,
        workers: int,
        *,
        window: float = WINDOW,
        moving: float = MOVING,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = shared / "connections"
        self.workers = workers
        self.window = window
        self.moving = moving
        self._clock = clock
        #: When each connection (the client's address and port) last sent a request, the oldest first.
        self._seen: OrderedDict[Hashable, float] = OrderedDict()
        #: When this worker closed the connections still moving, the oldest first.
        self._moved: deque[float] = deque()
        self._slots: mmap.mmap | None = None
        self._slot = 0
        #: This worker's pid, which ``closes`` writes into its slot (read once, by ``_claim``: a system call).
        self._pid = 0

    def closes(self, client: Hashable) -> bool:
        """Note a request on the connection ``client``; True when this worker holds more than its
        share of the workers' connections, and this one should close after its response."""
        if self.workers <= 1:
            return False
        now = self._clock()
        seen = self._seen
        seen[client] = now
        seen.move_to_end(client)
        while seen:
            oldest, last = next(iter(seen.items()))
            if now - last < self.window:
                break
            del seen[oldest]
        moved = self._moved
        while moved and now - moved[0] >= self.moving:
            moved.popleft()
        slots = self._claim()
        SLOT.pack_into(slots, self._slot * SLOT.size, self._pid, len(seen) + len(moved), now)
        total = sum(count for _pid, count, at in SLOT.iter_unpack(slots) if now - at < self.window)
        if len(seen) <= math.ceil(total / self.workers):
            return False
        # Counted in the sum still: without it, each close would lower the share, and this worker
        # would close down to less than its share (then the other one, and so on: 15/31, 29/17, 18/32).
        del seen[client]
        moved.append(now)
        return True

    def _claim(self) -> mmap.mmap:
        """The shared slots, mapped; on first use a slot of this worker's own: a free one, or one of
        a worker that has ended (uvicorn starts another in its place)."""
        if self._slots is not None:
            return self._slots
        count = 4 * self.workers
        with FileLock(f"{self.path}.lock"):
            with self.path.open("a+b") as handle:
                if os.fstat(handle.fileno()).st_size < count * SLOT.size:
                    handle.truncate(count * SLOT.size)
                slots = mmap.mmap(handle.fileno(), count * SLOT.size)
            for index, (pid, _count, _at) in enumerate(SLOT.iter_unpack(slots)):  # noqa: B007 (the slot found)
                if pid == 0 or not alive(pid):
                    break
            else:
                index = 0  # more workers than slots: share one (the sums count it twice)
            self._pid = os.getpid()
            SLOT.pack_into(slots, index * SLOT.size, self._pid, 0, 0.0)
        self._slots, self._slot = slots, index
        return slots
