"""Bulk loads: an import into an empty memory writes its units without the key index, which the
backend builds at its end; the keys written so far are held in a ``KeySet``.

Apart from the importer so that the processes that only read a file (``importer._worker``) do not
import numpy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy

#: Slots of the old array a KeySet places again at a time when it grows (the temporary arrays of
#: a placement take some 60 bytes a key).
_REHASH = 1 << 16


class KeySet:
    """A set of 64-bit unit keys in about 12 bytes a key (a Python set of ints takes 60): open
    addressing with linear probing over a numpy array, probed a whole batch of keys at a time.
    Keys are hashes already, so their low bits place them. What lets an import of 10 million units
    into an empty memory go without the key index."""

    __slots__ = ("count", "slots", "zero")

    def __init__(self) -> None:
        self.slots = numpy.zeros(1024, numpy.int64)
        self.count = 0
        self.zero = False  # 0 marks an empty slot, so the key 0 is kept here

    def __len__(self) -> int:
        return self.count + self.zero

    def isdisjoint(self, keys: Iterable[int]) -> bool:
        """Whether none of ``keys`` is in the set."""
        found = numpy.fromiter(keys, numpy.int64)
        if self.zero and not found.all():
            return False
        return not self._probe(found[found != 0])[1].any()

    def update(self, keys: Iterable[int]) -> None:
        """Add ``keys``."""
        # Sorted and each kept once as numpy.unique does, which first imports numpy.ma to see whether
        # the array is masked (0.02 s, on the writer's way at the first batch of an import).
        new = numpy.sort(numpy.fromiter(keys, numpy.int64))
        new = new[numpy.append(True, new[1:] != new[:-1])] if len(new) else new
        if not new.all():
            self.zero = True
            new = new[new != 0]
        while (self.count + len(new)) * 10 > len(self.slots) * 7:  # at most 70 % full
            old = self.slots
            self.slots, self.count = numpy.zeros(2 * len(old), numpy.int64), 0
            for start in range(0, len(old), _REHASH):  # a slice at a time: no copy of all the keys at once
                part = old[start : start + _REHASH]
                self._place(part[part != 0])
        self._place(new)

    def _probe(self, keys: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        """For each of ``keys`` (none 0): the slot holding it, else the empty slot its probe ends
        at; and whether it is in the set."""
        mask = len(self.slots) - 1
        where = keys & mask
        found = numpy.zeros(len(keys), bool)
        going = numpy.arange(len(keys))
        while len(going):
            seen = self.slots[where[going]]
            hit = seen == keys[going]
            found[going[hit]] = True
            going = going[(seen != 0) & ~hit]
            where[going] = (where[going] + 1) & mask
        return where, found

    def _place(self, keys: numpy.ndarray) -> None:
        """Add ``keys`` (distinct, none 0): of keys whose probes end at the same empty slot, one
        takes it (whichever write lands: no sort to find the first) and the others probe on."""
        while len(keys):
            where, found = self._probe(keys)
            keys, where = keys[~found], where[~found]
            self.slots[where] = keys
            placed = self.slots[where] == keys
            self.count += int(placed.sum())
            keys = keys[~placed]


@dataclass(slots=True)
class BulkLoad:
    """An import into an empty memory, writing its units without the key index (built at the end).

    The memory's meta ``bulk_load`` holds ``token`` while the load goes on: any other write first
    builds the index and ends it. ``keys`` holds the keys written so far: each batch is checked
    against them; a batch repeating a unit of an earlier one ends the load, so that unit is found
    through the index as in any import.
    """

    token: str
    keys: KeySet = field(default_factory=KeySet)
    active: bool = True

    def goes_on(self, marked: str | None, keys: Iterable[int]) -> bool:
        """Whether a batch of ``keys`` may be written without the index, the memory's meta marking
        the load ``marked`` (None: no load); if not, the load ends."""
        if self.active and marked == self.token and self.keys.isdisjoint(keys):
            return True
        self.end()
        return False

    def end(self) -> None:
        """End the load: every later batch goes through the index."""
        self.active = False
        self.keys = KeySet()
