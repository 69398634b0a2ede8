"""The README's tour, runnable offline: a sandbox in this process stands in
for TeleCRM. With an account, use telecrm.Client(token, enterprise) instead.

    python crates/telecrm-py/examples/quickstart.py
"""

from __future__ import annotations

import asyncio

import telecrm


def tour(client: telecrm.Client) -> None:
    created = client.create_lead(
        {"name": "Jane Roe", "phone": "919800000001", "city": "Pune"},
        actions=[{"type": "PAYMENT", "status": "PENDING", "currency": "INR", "amount": "10000"}],
    )
    payment_id = created.actions[0].action_id
    assert payment_id is not None
    paid = client.update_action(created.lead_id, payment_id, type="PAYMENT", status="COMPLETED")
    print(f"payment {paid.id}: {paid.status} {paid.amount} {paid.currency}")

    for lead in client.search_leads({"fields": {"city": "Pune"}}, page_size=50):
        print(lead.id, lead.fields["name"], lead.created_on)
    for action in client.search_actions(created.lead_id, types=["PAYMENT"]):
        print(action.type, action.status, action.to_dict())

    try:
        client.update_action(created.lead_id, payment_id, type="PAYMENT", fields={"amount": "1"})
    except telecrm.InvalidInput as refused:  # nothing was sent
        print("refused:", refused)
    try:
        client.get_lead("603d2b2f9b1e8a001c8e4fff")
    except telecrm.NotFound as missing:
        print("not found:", missing.code, missing.message)


async def concurrent(client: telecrm.AsyncClient, lead_id: str) -> None:
    leads = await asyncio.gather(*(client.get_lead(lead_id) for _ in range(16)))
    print(len(leads), "leads read concurrently")


def main() -> None:
    with telecrm.Sandbox() as sandbox:
        tour(sandbox.client())
        asyncio.run(concurrent(sandbox.async_client(), telecrm.Sandbox.SEED_LEAD))
        summary = telecrm.Ingest(
            sandbox.async_token, sandbox.enterprise, base_url=sandbox.async_base_url
        ).send([{"name": "Ingested", "phone": "919800000002"}])
        print(summary)


if __name__ == "__main__":
    main()
