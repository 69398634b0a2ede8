"""AsyncClient: the same endpoints as coroutines, async iterators that page."""

from __future__ import annotations

import asyncio

import pytest

import telecrm

LEAD = telecrm.Sandbox.SEED_LEAD


def test_every_endpoint_as_a_coroutine(sandbox: telecrm.Sandbox) -> None:
    async def run() -> None:
        client = sandbox.async_client()
        created = await client.create_lead({"name": "Async", "phone": "919822222222"})
        lead = await client.get_lead(created.lead_id, include_actions=True)
        assert lead.fields["name"] == "Async"
        assert (await client.update_lead(created.lead_id, {"city": "Goa"})).fields["city"] == "Goa"
        made = await client.create_actions(created.lead_id, [{"type": "1001", "fields": {"a": 1}}])
        action_id = made.actions[0].action_id
        assert action_id is not None
        assert (await client.get_action(created.lead_id, action_id)).type == "1001"
        updated = await client.update_action(created.lead_id, action_id, type="1001", fields={"a": 2})
        assert updated.fields == {"a": 2}
        member = await client.create_team_member("Ann", "ann@example.com", "919833333333", "CALLER")
        assert (await client.get_team_member(member.email)).name == "Ann"
        assert (await client.set_availability("ann@example.com", "Working")).status == "Working"
        assert (await client.metadata()).id == sandbox.enterprise
        assert await client.custom_fields()
        assert (await client.custom_field("city")).type == "TEXT"
        assert await client.custom_actions(detail=True)
        assert (await client.custom_action("1002")).display_name == "Demo Booked"
        assert "Fresh" in (await client.lead_stage_pipeline()).active_statuses

    asyncio.run(run())


def test_async_iterators_page(sandbox: telecrm.Sandbox) -> None:
    async def run() -> None:
        client = sandbox.async_client()
        for i in range(5):
            await client.create_lead({"name": f"A{i}", "phone": f"91984444444{i}"})
        leads = [lead async for lead in client.search_leads(page_size=2)]
        assert len(leads) == 6
        actions = [a async for a in client.search_actions(LEAD, page_size=3)]
        assert len(actions) == 4
        members = [m async for m in client.list_team_members(page_size=1)]
        assert len(members) == 2

    asyncio.run(run())


def test_many_in_flight_and_errors(sandbox: telecrm.Sandbox) -> None:
    async def run() -> None:
        client = sandbox.async_client()
        leads = await asyncio.gather(*(client.get_lead(LEAD) for _ in range(64)))
        assert {lead.id for lead in leads} == {LEAD}
        with pytest.raises(telecrm.NotFound):
            await client.get_lead("603d2b2f9b1e8a001c8e4fff")
        with pytest.raises(telecrm.InvalidInput):
            await client.create_lead({"email": "nope"})

    asyncio.run(run())
