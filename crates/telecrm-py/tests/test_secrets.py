"""The token never appears in a repr or in an exception's text."""

from __future__ import annotations

import asyncio
import socket

import pytest

import telecrm

SECRET = "sk_live_4b1f0c2d9e8a7f6e5d4c3b2a"


def texts(err: BaseException) -> str:
    parts = [str(err), repr(err)]
    parts.extend(str(arg) for arg in err.args)
    for name in ("message", "code"):
        parts.append(str(getattr(err, name, "")))
    cause = err.__cause__ or err.__context__
    if cause is not None:
        parts.append(texts(cause))
    return "\n".join(parts)


def test_token_absent_from_reprs(sandbox: telecrm.Sandbox) -> None:
    client = telecrm.Client(SECRET, sandbox.enterprise, base_url=sandbox.base_url)
    async_client = telecrm.AsyncClient(SECRET, sandbox.enterprise, base_url=sandbox.base_url)
    ingest = telecrm.Ingest("async_" + SECRET, sandbox.enterprise, base_url=sandbox.async_base_url)
    for obj in (client, async_client, ingest):
        assert SECRET not in repr(obj) and SECRET not in str(obj)
    assert sandbox.token not in repr(sandbox)
    assert sandbox.async_token not in repr(sandbox)
    good = sandbox.client()
    assert sandbox.token not in repr(good)
    results: list[object] = [
        good.get_lead(telecrm.Sandbox.SEED_LEAD, include_actions=True),
        good.metadata(),
        good.lead_stage_pipeline(),
        *good.custom_fields(),
        *good.list_team_members(),
    ]
    for result in results:
        assert sandbox.token not in repr(result)


def test_token_absent_from_every_exception(sandbox: telecrm.Sandbox) -> None:
    caught: list[BaseException] = []
    client = telecrm.Client(SECRET, sandbox.enterprise, base_url=sandbox.base_url)
    with pytest.raises(telecrm.Unauthorized) as unauthorized:
        client.get_lead(telecrm.Sandbox.SEED_LEAD)
    caught.append(unauthorized.value)
    with pytest.raises(telecrm.InvalidInput) as invalid:
        telecrm.Client(SECRET + " \x7f", sandbox.enterprise)
    caught.append(invalid.value)
    with pytest.raises(telecrm.InvalidInput) as invalid_url:
        telecrm.Client(SECRET, sandbox.enterprise, base_url="http://example.com/" + "x")
    caught.append(invalid_url.value)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    offline = telecrm.Client(SECRET, sandbox.enterprise, base_url=f"http://127.0.0.1:{port}/v2", attempts=1)
    with pytest.raises(telecrm.TransportError) as transport:
        offline.metadata()
    caught.append(transport.value)

    async def failing() -> None:
        await telecrm.AsyncClient(SECRET, sandbox.enterprise, base_url=sandbox.base_url).metadata()

    with pytest.raises(telecrm.Unauthorized) as async_unauthorized:
        asyncio.run(failing())
    caught.append(async_unauthorized.value)
    summary = telecrm.Ingest(
        "async_" + SECRET, sandbox.enterprise, base_url=sandbox.async_base_url, rate_per_hour=None
    ).send([{"name": "x", "phone": "919800004444"}])
    assert SECRET not in str(summary)
    for err in caught:
        assert SECRET not in texts(err), type(err)
