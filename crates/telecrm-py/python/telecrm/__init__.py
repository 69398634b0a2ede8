"""The TeleCRM SDK for Python.

A binding of the Rust SDK (telecrm-hyper over telecrm-core), not a second
implementation: the same checks before sending, retries, timeouts and
decoding. ``Client`` blocks (and releases the GIL while it waits);
``AsyncClient`` returns awaitables for asyncio; ``Ingest`` pushes leads
through the Async API at its rate with a journal; ``Sandbox`` runs a local
stand-in for the service in this process, for tests.
"""

from __future__ import annotations

from telecrm._errors import (
    ApiError,
    Conflict,
    InvalidInput,
    NotFound,
    RateLimited,
    TelecrmError,
    TransportError,
    Unauthorized,
)
from telecrm._native import (
    Action,
    ActionOutcome,
    AsyncClient,
    AsyncIterator,
    Availability,
    Client,
    CreatedActions,
    CreatedLead,
    CustomAction,
    CustomField,
    Ingest,
    Iterator,
    Lead,
    Metadata,
    Pipeline,
    Remark,
    Sandbox,
    TeamMember,
    __version__,
)

__all__ = [
    "Action",
    "ActionOutcome",
    "ApiError",
    "AsyncClient",
    "AsyncIterator",
    "Availability",
    "Client",
    "Conflict",
    "CreatedActions",
    "CreatedLead",
    "CustomAction",
    "CustomField",
    "Ingest",
    "InvalidInput",
    "Iterator",
    "Lead",
    "Metadata",
    "NotFound",
    "Pipeline",
    "RateLimited",
    "Remark",
    "Sandbox",
    "TeamMember",
    "TelecrmError",
    "TransportError",
    "Unauthorized",
    "__version__",
]
