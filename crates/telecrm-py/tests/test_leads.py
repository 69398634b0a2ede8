"""Leads: create, get, update, search (paged for the caller)."""

from __future__ import annotations

import datetime

import telecrm

LEAD = telecrm.Sandbox.SEED_LEAD


def test_create_lead_with_an_action(client: telecrm.Client) -> None:
    created = client.create_lead(
        {"name": "Asha", "phone": "919800000001", "city": "Pune"},
        actions=[{"type": "1001", "fields": {"note": "first visit"}}],
    )
    assert isinstance(created, telecrm.CreatedLead)
    assert created.lead_id
    assert [a.status for a in created.actions] == ["CREATED"]
    assert created.actions[0].action_id
    assert created.remarks == []
    assert created.to_dict()["lead_id"] == created.lead_id
    lead = client.get_lead(created.lead_id)
    assert lead.fields["name"] == "Asha"
    assert lead.fields["city"] == "Pune"


def test_create_lead_reports_ignored_fields_as_remarks(client: telecrm.Client) -> None:
    created = client.create_lead({"name": "Bala", "phone": "919800000002", "no_such_field": "x"})
    assert [r.field for r in created.remarks] == ["fields.no_such_field"]
    assert created.remarks[0].remark
    assert "no_such_field" in repr(created.remarks[0])


def test_get_lead(client: telecrm.Client) -> None:
    lead = client.get_lead(LEAD)
    assert isinstance(lead, telecrm.Lead)
    assert lead.id == LEAD
    assert lead.status == "Fresh"
    assert lead.fields["name"] == "Jane Doe"
    assert lead.actions is None
    raw = lead.to_dict()
    assert raw["fields"]["phone"] == "919999999999"


def test_get_lead_with_a_page_of_its_actions(client: telecrm.Client) -> None:
    lead = client.get_lead(LEAD, include_actions=True, limit=2, skip=1)
    assert lead.actions is not None
    assert len(lead.actions) == 2
    for action in lead.actions:
        assert action.id
        assert isinstance(action.created_on, datetime.datetime)
        assert action.created_on.tzinfo is not None
    assert lead.to_dict()["actions_skip"] == 1


def test_update_lead(client: telecrm.Client) -> None:
    lead = client.update_lead(LEAD, {"city": "Mumbai", "rating": 5})
    assert lead.fields["city"] == "Mumbai"
    assert lead.fields["rating"] == 5
    assert client.get_lead(LEAD).fields["city"] == "Mumbai"


def test_search_leads_pages_for_the_caller(client: telecrm.Client) -> None:
    for i in range(7):
        client.create_lead({"name": f"Lead {i}", "phone": f"91980000010{i}", "city": "Nashik"})
    found = list(client.search_leads({"fields": {"city": "Nashik"}}, page_size=2))
    assert len(found) == 7  # four pages: 2, 2, 2, 1
    assert len({lead.id for lead in found}) == 7
    assert all(isinstance(lead, telecrm.Lead) and lead.id for lead in found)
    assert {lead.fields["name"] for lead in found} == {f"Lead {i}" for i in range(7)}
    assert found[0].to_dict()["fields"]["city"] == "Nashik"
    everyone = list(client.search_leads(page_size=3))
    assert len(everyone) == 8


def test_search_leads_iterator_is_lazy(client: telecrm.Client) -> None:
    for i in range(5):
        client.create_lead({"name": f"Lazy {i}", "phone": f"91980000020{i}"})
    leads = client.search_leads(page_size=2)
    first = next(leads)
    assert isinstance(first, telecrm.Lead)
    rest = list(leads)
    assert len(rest) == 5
    assert list(leads) == []
