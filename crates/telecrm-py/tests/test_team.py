"""Team members: list (paged), create, get, availability."""

from __future__ import annotations

import pytest

import telecrm


def test_list_team_members(client: telecrm.Client) -> None:
    members = list(client.list_team_members())
    assert all(isinstance(m, telecrm.TeamMember) for m in members)
    assert "priya@example.com" in {m.email for m in members}


def test_list_team_members_over_several_pages(client: telecrm.Client) -> None:
    for i in range(3):
        client.create_team_member(f"Agent {i}", f"agent{i}@example.com", f"91987654321{i}", "CALLER")
    members = list(client.list_team_members(page_size=2))
    emails = [m.email for m in members]
    assert len(emails) == len(set(emails)) == 5
    assert {f"agent{i}@example.com" for i in range(3)} <= set(emails)


def test_create_and_get_team_member(client: telecrm.Client) -> None:
    created = client.create_team_member(
        "John Doe", "john.doe@example.com", "+91 98765 43210", "MANAGER", password="TempPass!1"
    )
    assert created.email == "john.doe@example.com"
    assert created.name == "John Doe"
    got = client.get_team_member("john.doe@example.com")
    assert got.name == "John Doe"
    assert got.to_dict()["email"] == "john.doe@example.com"
    assert "TempPass" not in repr(created) + repr(got)


def test_create_team_member_refuses_an_unknown_role(client: telecrm.Client) -> None:
    with pytest.raises(telecrm.InvalidInput, match="role"):
        client.create_team_member("X", "x@example.com", "919876543210", "OWNER")


def test_get_team_member_not_found(client: telecrm.Client) -> None:
    with pytest.raises(telecrm.NotFound) as caught:
        client.get_team_member("nobody@example.com")
    assert caught.value.status == 404


def test_set_availability(client: telecrm.Client) -> None:
    changed = client.set_availability("priya@example.com", "On Leave")
    assert isinstance(changed, telecrm.Availability)
    assert (changed.email, changed.status) == ("priya@example.com", "On Leave")
    assert client.get_team_member("priya@example.com").status == "On Leave"
    with pytest.raises(telecrm.InvalidInput):
        client.set_availability("priya@example.com", "Asleep")
