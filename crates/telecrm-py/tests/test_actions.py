"""Actions: create, get, update, search a lead's timeline."""

from __future__ import annotations

import datetime

import pytest

import telecrm

LEAD = telecrm.Sandbox.SEED_LEAD
PAYMENT = telecrm.Sandbox.SEED_PAYMENT_ACTION
CUSTOM = telecrm.Sandbox.SEED_CUSTOM_ACTION


def test_create_actions(client: telecrm.Client) -> None:
    created = client.create_actions(
        LEAD,
        [
            {"type": "1001", "fields": {"note": "called back"}},
            {"type": "PAYMENT", "status": "PENDING", "currency": "INR", "amount": "2500"},
        ],
    )
    assert isinstance(created, telecrm.CreatedActions)
    assert created.lead_id == LEAD
    assert [a.status for a in created.actions] == ["CREATED", "CREATED"]
    payment_id = created.actions[1].action_id
    assert payment_id is not None
    payment = client.get_action(LEAD, payment_id)
    assert (payment.type, payment.status, payment.amount, payment.currency) == (
        "PAYMENT",
        "PENDING",
        "2500",
        "INR",
    )


def test_get_action(client: telecrm.Client) -> None:
    action = client.get_action(LEAD, CUSTOM)
    assert isinstance(action, telecrm.Action)
    assert action.id == CUSTOM
    assert action.type == "1001"
    assert action.fields == {"note": "Call back next week"}
    assert action.status is None
    assert action.to_dict()["fields"]["note"] == "Call back next week"


def test_update_action_payment_status(client: telecrm.Client) -> None:
    action = client.update_action(LEAD, PAYMENT, type="PAYMENT", status="COMPLETED")
    assert action.status == "COMPLETED"
    assert action.amount == "5000"
    assert client.get_action(LEAD, PAYMENT).status == "COMPLETED"


def test_update_action_custom_fields(client: telecrm.Client) -> None:
    action = client.update_action(LEAD, CUSTOM, type="1001", fields={"note": "Follow-up completed"})
    assert action.fields is not None
    assert action.fields["note"] == "Follow-up completed"


def test_update_action_refuses_an_amount_before_sending(client: telecrm.Client) -> None:
    with pytest.raises(telecrm.InvalidInput):
        client.update_action(LEAD, PAYMENT, type="PAYMENT", fields={"amount": "1"})


def test_search_actions_pages_and_filters(client: telecrm.Client) -> None:
    for i in range(5):
        client.create_actions(LEAD, [{"type": "1002", "fields": {"n": i}}])
    everything = list(client.search_actions(LEAD, page_size=2))
    assert len(everything) == 9  # the four seeded and five new, over five pages
    assert len({a.id for a in everything}) == 9
    demos = list(client.search_actions(LEAD, types=["1002"], page_size=2))
    assert len(demos) == 5
    assert {a.type for a in demos} == {"1002"}
    payments = list(client.search_actions(LEAD, types=["PAYMENT"]))
    assert [p.id for p in payments] == [PAYMENT]
    assert all(isinstance(a.created_on, datetime.datetime) for a in everything)


def test_search_actions_by_time(client: telecrm.Client) -> None:
    # The seeded timeline: 2026-03-02, 03-15, 04-10 and 05-02 (UTC).
    start = datetime.datetime(2026, 3, 10, tzinfo=datetime.timezone.utc)
    end = datetime.datetime(2026, 4, 30, tzinfo=datetime.timezone.utc)
    found = list(client.search_actions(LEAD, from_=start, to=end))
    assert sorted(a.type for a in found) == ["OUTGOING_CALL", "PAYMENT"]
    as_millis = list(client.search_actions(LEAD, from_=int(start.timestamp() * 1000)))
    assert len(as_millis) == 3
    as_text = list(client.search_actions(LEAD, to="10/03/2026 00:00:00"))
    assert [a.type for a in as_text] == ["1001"]
