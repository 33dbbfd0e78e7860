"""Pausing the cyclic garbage collector around bulk work.

Loads build hundreds of thousands of short-lived, acyclic objects (rows, nodes, edges, parameter maps)
next to a gazetteer of hundreds of thousands of long-lived ones. Every so many allocations the collector
rescans the survivors, the gazetteer included, and finds nothing to free (docs/benchmarks.md, "Figures
behind the code"). Reference counting still frees everything these objects hold; the collector runs again
as soon as the work is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block, or for each call of a function decorated `@gc_paused()`
    (nested use and other threads are fine: it is switched back on by the block that switched it off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
