"""Per-caller rate limits, and the headers that keep browsers from misusing our pages.

The limit is a token bucket per API key, or per client address for anonymous
callers: a caller may burst a tenth of a minute's allowance, then gets 429
with the seconds until a request would be admitted.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from starlette.datastructures import MutableHeaders

# Our pages load nothing from elsewhere: scripts, styles and data all come from this server.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; "
                           "base-uri 'none'; form-action 'self'")
ALWAYS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
ON_HTML = {"X-Frame-Options": "DENY", "Cross-Origin-Opener-Policy": "same-origin"}


def add_security_headers(headers: MutableHeaders) -> None:
    """The headers every response carries, and those of HTML pages; a handler's own choice is kept."""
    for name, value in ALWAYS.items():
        headers.setdefault(name, value)
    if headers.get("content-type", "").startswith("text/html"):
        for name, value in ON_HTML.items():
            headers.setdefault(name, value)
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """At most `per_minute` requests a minute per caller, in bursts of up to a tenth of that; 0 means no limit."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.capacity = max(1.0, per_minute / 10)
        self.refill = per_minute / 60.0
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def wait_needed(self, caller: str) -> float:
        """0 when `caller` may go on (and the request is counted), else the seconds until it may."""
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic()
        with self._lock:
            bucket = self._buckets.get(caller)
            if bucket is None:
                bucket = self._buckets[caller] = _Bucket(self.capacity, now)
                self._forget_idle(now)
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.refill)
            bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            return (1 - bucket.tokens) / self.refill

    def _forget_idle(self, now: float) -> None:
        # Buckets that have refilled completely carry no information; dropping them bounds memory.
        if len(self._buckets) > 10_000:
            full_after = self.capacity / self.refill
            for name in [name for name, bucket in self._buckets.items() if now - bucket.updated > full_after]:
                del self._buckets[name]


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
