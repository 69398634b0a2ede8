"""A pytest fixture for your own code's tests: a fresh sandbox per test.

    pytest crates/telecrm-py/examples/test_my_integration.py
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import telecrm


def mark_paid(client: telecrm.Client, lead_id: str, payment_id: str) -> str:
    """The code under test: yours."""
    action = client.update_action(lead_id, payment_id, type="PAYMENT", status="COMPLETED")
    return action.status or ""


@pytest.fixture
def crm() -> Iterator[telecrm.Client]:
    with telecrm.Sandbox() as sandbox:
        yield sandbox.client()


def test_mark_paid(crm: telecrm.Client) -> None:
    lead, payment = telecrm.Sandbox.SEED_LEAD, telecrm.Sandbox.SEED_PAYMENT_ACTION
    assert mark_paid(crm, lead, payment) == "COMPLETED"
    assert crm.get_action(lead, payment).status == "COMPLETED"
