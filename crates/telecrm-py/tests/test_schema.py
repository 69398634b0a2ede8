"""check_schema=True: the workspace's own rules, before anything is sent."""

from __future__ import annotations

import pytest

import telecrm


def test_a_dropdown_typo_is_refused_naming_the_options(sandbox: telecrm.Sandbox) -> None:
    client = telecrm.Client(sandbox.token, sandbox.enterprise, base_url=sandbox.base_url, check_schema=True)
    with pytest.raises(telecrm.InvalidInput, match="contact_source") as caught:
        client.create_lead({"name": "X", "phone": "919800000777", "contact_source": "Websit"})
    assert "Website" in str(caught.value)
    with pytest.raises(telecrm.InvalidInput, match="no_such"):
        client.create_lead({"name": "X", "phone": "919800000778", "no_such": "1"})
    created = client.create_lead({"name": "X", "phone": "919800000779", "contact_source": "Website"})
    assert created.lead_id


def test_without_checks_the_service_judges(client: telecrm.Client) -> None:
    created = client.create_lead({"name": "X", "phone": "919800000780", "no_such": "1"})
    assert [r.field for r in created.remarks] == ["fields.no_such"]
