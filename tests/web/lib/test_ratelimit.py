from __future__ import annotations

import pytest
from django.core.cache.backends.locmem import LocMemCache

from dualpath.web.lib.ratelimit import Rate, RateLimiter, parse_rate


def _limiter(limit: int, window: int, name: str) -> RateLimiter:
    cache = LocMemCache(name, {})
    return RateLimiter(cache, "test", Rate(limit, window), secret="k")


def test_it_allows_requests_up_to_the_limit_then_refuses() -> None:
    limiter = _limiter(3, 60, "rl-1")
    results = [limiter.hit("10.0.0.1", now=1000.0) for _ in range(4)]
    assert results == [True, True, True, False]


def test_it_counts_each_client_separately() -> None:
    limiter = _limiter(1, 60, "rl-2")
    assert limiter.hit("10.0.0.1", now=1000.0)
    assert limiter.hit("10.0.0.2", now=1000.0)
    assert not limiter.hit("10.0.0.1", now=1001.0)


def test_it_starts_again_in_the_next_window() -> None:
    limiter = _limiter(1, 60, "rl-3")
    assert limiter.hit("c", now=1000.0)
    assert not limiter.hit("c", now=1010.0)
    assert limiter.hit("c", now=1000.0 + 60)


def test_it_never_puts_the_client_address_in_a_cache_key() -> None:
    cache = LocMemCache("rl-4", {})
    RateLimiter(cache, "test", Rate(5, 60), secret="k").hit("192.0.2.77", now=5.0)
    keys = list(cache._cache.keys())
    assert keys and all("192.0.2.77" not in key for key in keys)


def test_it_parses_a_rate_and_refuses_nonsense() -> None:
    assert parse_rate("30/600") == Rate(30, 600)
    with pytest.raises(ValueError, match="LIMIT/SECONDS"):
        parse_rate("30 per minute")
    with pytest.raises(ValueError, match="at least 1"):
        parse_rate("0/60")
