"""One sandbox per test: each starts from the API document's example state."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import telecrm


@pytest.fixture
def sandbox() -> Iterator[telecrm.Sandbox]:
    with telecrm.Sandbox() as running:
        yield running


@pytest.fixture
def client(sandbox: telecrm.Sandbox) -> telecrm.Client:
    return sandbox.client()
