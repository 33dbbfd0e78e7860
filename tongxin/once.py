"""Values built once per process, also when several threads ask for them first at the same time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache, wraps
from typing import TypeVar

T = TypeVar("T")


def built_once(factory: Callable[[], T]) -> Callable[[], T]:
    """`factory()`, built on the first call and kept. `functools.cache` alone lets every thread that calls
    before the first call returns build its own (the bundled gazetteer and resolver: seconds of CPU each,
    on the API's first concurrent requests); here the others wait for the first."""
    lock = threading.Lock()
    cached = cache(factory)

    @wraps(factory)
    def get() -> T:
        with lock:
            return cached()

    return get
