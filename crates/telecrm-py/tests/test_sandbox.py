"""The in-process sandbox: a free port, stopped on exit, state and seed."""

from __future__ import annotations

from pathlib import Path

import pytest

import telecrm


def test_context_manager_starts_and_stops() -> None:
    with telecrm.Sandbox() as sandbox:
        assert sandbox.running
        assert sandbox.base_url.startswith("http://127.0.0.1:")
        assert sandbox.async_base_url.startswith("http://127.0.0.1:")
        assert sandbox.client().get_lead(telecrm.Sandbox.SEED_LEAD).fields["name"] == "Jane Doe"
        client = sandbox.client()
    assert not sandbox.running
    with pytest.raises(telecrm.TransportError):
        client.metadata()


def test_two_sandboxes_side_by_side() -> None:
    with telecrm.Sandbox() as a, telecrm.Sandbox() as b:
        assert a.base_url != b.base_url
        a.client().create_lead({"name": "Only in A", "phone": "919800001111"})
        assert len(list(a.client().search_leads())) == 2
        assert len(list(b.client().search_leads())) == 1


def test_state_file_survives_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.db"
    with telecrm.Sandbox(state=state) as sandbox:
        lead_id = sandbox.client().create_lead({"name": "Kept", "phone": "919800002222"}).lead_id
    with telecrm.Sandbox(state=str(state)) as sandbox:
        assert sandbox.client().get_lead(lead_id).fields["name"] == "Kept"


def test_a_held_state_file_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "held.db"
    with telecrm.Sandbox(state=state):
        with pytest.raises(telecrm.TelecrmError, match="held.db"):
            telecrm.Sandbox(state=state)


def test_seed_makes_runs_alike() -> None:
    with telecrm.Sandbox(seed=7) as a:
        token, first = a.token, a.client().create_lead({"name": "S", "phone": "919800003333"})
    with telecrm.Sandbox(seed=7) as b:
        assert b.token == token
        again = b.client().create_lead({"name": "S", "phone": "919800003333"})
    assert again.lead_id[8:] == first.lead_id[8:]  # the first 8 digits are the time
