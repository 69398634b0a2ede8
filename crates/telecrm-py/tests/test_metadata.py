"""Enterprise metadata: the enterprise, custom fields and actions, the pipeline."""

from __future__ import annotations

import pytest

import telecrm


def test_metadata(sandbox: telecrm.Sandbox, client: telecrm.Client) -> None:
    meta = client.metadata()
    assert isinstance(meta, telecrm.Metadata)
    assert meta.id == sandbox.enterprise
    assert meta.name
    assert meta.lead_identifier_field_id
    assert meta.to_dict()["id"] == sandbox.enterprise


def test_custom_fields(client: telecrm.Client) -> None:
    fields = client.custom_fields()
    names = [f.api_name for f in fields]
    assert "phone" in names and "city" in names
    detailed = {f.api_name: f for f in client.custom_fields(detail=True)}
    assert detailed["contact_source"].type == "DROPDOWN"
    assert detailed["contact_source"].options
    assert detailed["phone"].is_lead_identifier


def test_custom_field(client: telecrm.Client) -> None:
    field = client.custom_field("deal_size")
    assert isinstance(field, telecrm.CustomField)
    assert (field.api_name, field.type) == ("deal_size", "NUMBER")
    with pytest.raises(telecrm.NotFound):
        client.custom_field("no_such_field")


def test_custom_actions(client: telecrm.Client) -> None:
    actions = client.custom_actions(detail=True)
    codes = {a.code for a in actions}
    assert {"ACTION_1001", "ACTION_1002"} <= codes
    assert all(isinstance(a, telecrm.CustomAction) for a in actions)
    assert client.custom_actions()[0].code


def test_custom_action(client: telecrm.Client) -> None:
    visit = client.custom_action("1001")
    assert visit.display_name == "Site Visit"
    assert visit.to_dict()
    with pytest.raises(telecrm.InvalidInput):
        client.custom_action("not a code")


def test_lead_stage_pipeline(client: telecrm.Client) -> None:
    pipeline = client.lead_stage_pipeline()
    assert isinstance(pipeline, telecrm.Pipeline)
    assert "Fresh" in pipeline.active_statuses
    assert pipeline.archived_statuses == ["Old Lead"]
    assert pipeline.to_dict()
