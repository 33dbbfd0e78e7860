"""Writes that overlap with the work of preparing the next one.

A write has a Python half (check the change set, print it as one query: FalkorDBStore.prepare) and an
engine half (run it: FalkorDBStore.send), and the engine is another process. Loading many files, the
Python half of file k+1 (read, resolve, validate, print) can run while the engine writes file k: on two
cores the time becomes the larger of the two halves instead of their sum.

`WritePipeline` keeps at most ONE write in flight, on one background thread, and hands back each write's
outcome (its result or its exception) with the tag it was submitted with, in submission order. Each write
is still one atomic query: the overlap changes when a file is written, never how. Every store has the
split (GraphStore.prepare/send); on Neo4j, prepare is next to nothing and the overlap is the driver's
Python work against the server's.

While a pipeline is open (`with WritePipeline(store) as p:`) the interpreter switches threads every
0.5 ms instead of every 5 ms: the write thread needs the GIL back after each blocking step of a send (the
version increments, the megabyte of query text in socket-sized pieces, the reply), and while the other
thread prepares the next write each of those waited up to the full interval with the engine idle
(docs/benchmarks.md, "Figures behind the code").
"""

from __future__ import annotations

import sys
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

from tongxin.graph.changes import ChangeSet
from tongxin.graph.stores.base import GraphStore, WriteResult

T = TypeVar("T")
Outcome = tuple[T, WriteResult | Exception]
SWITCH_INTERVAL = 0.0005  # seconds, while a pipeline is open (module docstring)


class WritePipeline(Generic[T]):
    def __init__(self, store: GraphStore):
        self.store = store
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="tongxin-write")
        self._pending: tuple[T, Future[WriteResult]] | None = None
        self._switch: float | None = None  # the interpreter's switch interval before __enter__ lowered it

    @property
    def in_flight(self) -> T | None:
        """The tag of the write the engine may still be running."""
        return self._pending[0] if self._pending else None

    def submit(self, changes: ChangeSet, tag: T) -> list[Outcome[T]]:
        """Prepare `changes` in this thread, wait for the write in flight, start this one; return the
        outcomes of the writes that finished (the previous one). Raises what prepare raises (InvalidData:
        nothing of `changes` was sent); the write in flight is then left running (drain() collects it)."""
        prepared = self.store.prepare(changes)  # raises before anything of it is sent; the write in flight goes on
        done = self.drain()
        self._pending = (tag, self._pool.submit(self.store.send, prepared))
        return done

    def drain(self) -> list[Outcome[T]]:
        """Wait for the write in flight, if any; return its outcome."""
        if self._pending is None:
            return []
        tag, future = self._pending
        self._pending = None
        try:
            return [(tag, future.result())]
        except Exception as exc:  # noqa: BLE001 — handed back to the caller with its tag
            return [(tag, exc)]

    def close(self) -> list[Outcome[T]]:
        done = self.drain()
        self._pool.shutdown(wait=True)
        if self._switch is not None:
            sys.setswitchinterval(self._switch)
            self._switch = None
        return done

    def __enter__(self) -> WritePipeline[T]:
        if self._switch is None:
            self._switch = sys.getswitchinterval()
            sys.setswitchinterval(min(self._switch, SWITCH_INTERVAL))
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
