"""The error hierarchy: refused before sending, the API's refusals, transport."""

from __future__ import annotations

import socket

import pytest

import telecrm

LEAD = telecrm.Sandbox.SEED_LEAD


def test_invalid_input_is_a_value_error_and_names_the_field(client: telecrm.Client) -> None:
    with pytest.raises(ValueError) as caught:
        client.create_lead({"name": "No Phone", "email": "not-an-email"})
    assert isinstance(caught.value, telecrm.InvalidInput)
    assert isinstance(caught.value, telecrm.TelecrmError)
    assert "email" in str(caught.value)


def test_invalid_input_is_raised_before_anything_is_sent() -> None:
    # Nothing listens here: a request would be a TransportError.
    client = telecrm.Client("t0k3n", "ent-1", base_url=f"http://127.0.0.1:{free_port()}/v2")
    with pytest.raises(telecrm.InvalidInput, match="status"):
        client.update_action(LEAD, "a1", type="PAYMENT", status="PAID-ISH")
    with pytest.raises(telecrm.InvalidInput):
        client.update_lead(LEAD, {})
    with pytest.raises(telecrm.InvalidInput, match="page_size"):
        client.search_leads(page_size=100_000)
    with pytest.raises(telecrm.InvalidInput):
        client.create_actions(LEAD, [])
    with pytest.raises(telecrm.InvalidInput, match="lead_id"):
        client.get_lead("")
    with pytest.raises(telecrm.InvalidInput):
        client.create_lead({"name": object()})


def test_lead_identifier_is_checked_before_sending(sandbox: telecrm.Sandbox) -> None:
    client = telecrm.Client(
        sandbox.token, sandbox.enterprise, base_url=sandbox.base_url, lead_identifier="phone"
    )
    with pytest.raises(telecrm.InvalidInput, match="phone"):
        client.create_lead({"name": "No Phone"})


def test_not_found(client: telecrm.Client) -> None:
    with pytest.raises(telecrm.NotFound) as caught:
        client.get_lead("603d2b2f9b1e8a001c8e4fff")
    err = caught.value
    assert isinstance(err, telecrm.ApiError)
    assert (err.status, err.code) == (404, "LEAD_NOT_FOUND")
    assert "not found" in err.message


def test_unauthorized(sandbox: telecrm.Sandbox) -> None:
    client = telecrm.Client("wrong-token", sandbox.enterprise, base_url=sandbox.base_url)
    with pytest.raises(telecrm.Unauthorized) as caught:
        client.metadata()
    assert caught.value.status == 401


def test_conflict(client: telecrm.Client) -> None:
    client.create_lead({"name": "Once", "phone": "919811111111"})
    with pytest.raises(telecrm.Conflict) as caught:
        client.create_lead({"name": "Twice", "phone": "919811111111"})
    assert (caught.value.status, caught.value.code) == (409, "LEAD_ALREADY_EXISTS")


def test_api_error_for_other_statuses(client: telecrm.Client) -> None:
    # The API answers 400 for an action type it cannot read one by one.
    with pytest.raises(telecrm.ApiError) as caught:
        client.get_action(LEAD, "603d2b2f9b1e8a001c8e4f60")
    assert caught.value.status == 400
    assert type(caught.value) is telecrm.ApiError


def test_transport_error_after_retries() -> None:
    client = telecrm.Client(
        "t0k3n", "ent-1", base_url=f"http://127.0.0.1:{free_port()}/v2", attempts=2, timeout=5
    )
    with pytest.raises(telecrm.TransportError, match="connect"):
        client.metadata()


def test_timeout_is_a_transport_error() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        client = telecrm.Client("t0k3n", "ent-1", base_url=f"http://127.0.0.1:{port}/v2", timeout=0.3)
        with pytest.raises(telecrm.TransportError):
            client.metadata()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port
