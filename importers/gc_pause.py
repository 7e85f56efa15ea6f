"""Pausing Python's cyclic garbage collector while a chart is read, checked or written.

A national-scale chart makes hundreds of thousands of small, long-lived,
acyclic objects (cells, records, rows). The cyclic collector keeps scanning
them and finds nothing: about a quarter of an import's Python time, measured
with `bench/import_bench.py`. Reference counting still frees everything.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def without_cyclic_gc(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` with the cyclic collector off, restoring it as it was (calls may nest)."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused
