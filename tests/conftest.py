"""Fixtures for every test area."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _no_local_wording_left_behind() -> Iterator[None]:
    """A test that lays a deployment's wording over the definitions takes it away after."""
    yield
    from dualpath.engine import use_local_wording

    use_local_wording(None)
