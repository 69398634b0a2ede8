"""Types of the native module (built from crates/telecrm-py/src)."""

import asyncio
import datetime
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Generic, Optional, TypeVar, Union, final

__version__: str

_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)

JSON = Any
"""A JSON value: None, bool, int, float, str, lists and dicts of them."""

Fields = Mapping[str, JSON]
DateBound = Union[datetime.datetime, int, str]
"""An aware or naive datetime, Unix milliseconds, or "dd/MM/yyyy HH:mm:ss"."""

@final
class Iterator(Generic[_T_co]):
    """Every match of a search; fetches the next page when the last is used up."""

    def __iter__(self) -> "Iterator[_T_co]": ...
    def __next__(self) -> _T_co: ...

@final
class AsyncIterator(Generic[_T_co]):
    """Every match of a search, for ``async for``."""

    def __aiter__(self) -> "AsyncIterator[_T_co]": ...
    def __anext__(self) -> "asyncio.Future[_T_co]": ...

@final
class Action:
    """An action: custom (``type`` is its code, ``fields``), a payment
    (``status``, ``amount``, ``currency``, ``payment_id``) or a built-in type."""

    @property
    def id(self) -> Optional[str]: ...
    @property
    def type(self) -> str: ...
    @property
    def fields(self) -> Optional[dict[str, JSON]]: ...
    @property
    def status(self) -> Optional[str]: ...
    @property
    def amount(self) -> Optional[str]: ...
    @property
    def currency(self) -> Optional[str]: ...
    @property
    def payment_id(self) -> Optional[str]: ...
    @property
    def created_on(self) -> Optional[datetime.datetime]: ...
    @property
    def performed_by(self) -> Optional[str]: ...
    def to_dict(self) -> dict[str, JSON]: ...

@final
class Lead:
    @property
    def id(self) -> Optional[str]: ...
    @property
    def fields(self) -> dict[str, JSON]: ...
    @property
    def status(self) -> Optional[str]: ...
    @property
    def assignee(self) -> Optional[str]: ...
    @property
    def created_on(self) -> Optional[datetime.datetime]: ...
    @property
    def modified_on(self) -> Optional[datetime.datetime]: ...
    @property
    def actions(self) -> Optional[list[Action]]:
        """A page of the lead's timeline, with ``include_actions=True``."""
    def to_dict(self) -> dict[str, JSON]: ...

@final
class ActionOutcome:
    @property
    def action_id(self) -> Optional[str]: ...
    @property
    def status(self) -> str:
        """``CREATED`` or ``IGNORED``."""
    def to_dict(self) -> dict[str, JSON]: ...

@final
class Remark:
    @property
    def field(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def remark(self) -> str: ...
    def to_dict(self) -> dict[str, JSON]: ...

@final
class CreatedLead:
    @property
    def lead_id(self) -> str: ...
    @property
    def actions(self) -> list[ActionOutcome]: ...
    @property
    def remarks(self) -> list[Remark]: ...
    def to_dict(self) -> dict[str, JSON]: ...

@final
class CreatedActions:
    @property
    def lead_id(self) -> str: ...
    @property
    def actions(self) -> list[ActionOutcome]: ...
    @property
    def remarks(self) -> list[Remark]: ...
    def to_dict(self) -> dict[str, JSON]: ...

@final
class TeamMember:
    @property
    def name(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def status(self) -> Optional[str]: ...
    @property
    def phone_number(self) -> Optional[str]: ...
    @property
    def role(self) -> Optional[str]: ...
    @property
    def manager_name(self) -> Optional[str]: ...
    @property
    def manager_email(self) -> Optional[str]: ...
    def to_dict(self) -> dict[str, JSON]: ...

@final
class Availability:
    @property
    def email(self) -> str: ...
    @property
    def status(self) -> str: ...
    def to_dict(self) -> dict[str, JSON]: ...

@final
class Metadata:
    @property
    def id(self) -> Optional[str]: ...
    @property
    def name(self) -> Optional[str]: ...
    @property
    def lead_identifier_field_id(self) -> Optional[str]: ...
    @property
    def integrations(self) -> list[str]: ...
    def to_dict(self) -> dict[str, JSON]: ...

@final
class CustomField:
    @property
    def api_name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def id(self) -> Optional[str]: ...
    @property
    def description(self) -> Optional[str]: ...
    @property
    def options(self) -> list[str]: ...
    @property
    def lock_after_create(self) -> bool: ...
    @property
    def is_lead_identifier(self) -> bool: ...
    def to_dict(self) -> dict[str, JSON]: ...

@final
class CustomAction:
    @property
    def code(self) -> str: ...
    @property
    def display_name(self) -> Optional[str]: ...
    @property
    def id(self) -> Optional[str]: ...
    @property
    def description(self) -> Optional[str]: ...
    @property
    def fields(self) -> dict[str, str]:
        """Each field's name and type."""
    def to_dict(self) -> dict[str, JSON]: ...

@final
class Pipeline:
    @property
    def active_statuses(self) -> list[str]: ...
    @property
    def archived_statuses(self) -> list[str]: ...
    def to_dict(self) -> dict[str, JSON]: ...

@final
class Client:
    """The Sync API, blocking. The GIL is released while a call waits; one
    client serves any number of threads. Ctrl-C (SIGINT) during a call
    raises ``KeyboardInterrupt`` within about 0.1 s, without waiting for
    the call's deadline."""

    def __init__(
        self,
        token: str,
        enterprise: str,
        *,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        attempts: Optional[int] = None,
        check_schema: bool = False,
        lead_identifier: Optional[str] = None,
    ) -> None: ...
    # Leads
    def create_lead(self, fields: Fields, actions: Optional[Sequence[Fields]] = None) -> CreatedLead: ...
    def get_lead(
        self,
        lead_id: str,
        include_actions: bool = False,
        limit: Optional[int] = None,
        skip: Optional[int] = None,
    ) -> Lead: ...
    def update_lead(self, lead_id: str, fields: Fields) -> Lead: ...
    def search_leads(self, filter: Optional[Fields] = None, *, page_size: int = 100) -> Iterator[Lead]: ...
    # Actions
    def create_actions(self, lead_id: str, actions: Union[Sequence[Fields], Fields]) -> CreatedActions: ...
    def get_action(self, lead_id: str, action_id: str) -> Action: ...
    def update_action(
        self,
        lead_id: str,
        action_id: str,
        *,
        type: str,
        fields: Optional[Fields] = None,
        status: Optional[str] = None,
    ) -> Action: ...
    def search_actions(
        self,
        lead_id: str,
        *,
        types: Optional[Sequence[str]] = None,
        from_: Optional[DateBound] = None,
        to: Optional[DateBound] = None,
        page_size: int = 100,
    ) -> Iterator[Action]: ...
    # Team members
    def list_team_members(self, include_deleted: bool = False, *, page_size: int = 10) -> Iterator[TeamMember]: ...
    def create_team_member(
        self, name: str, email: str, phone_number: str, role: str, *, password: Optional[str] = None
    ) -> TeamMember: ...
    def get_team_member(self, email: str, include_deleted: bool = False) -> TeamMember: ...
    def set_availability(self, email: str, status: str) -> Availability: ...
    # Enterprise metadata
    def metadata(self) -> Metadata: ...
    def custom_fields(self, detail: bool = False) -> list[CustomField]: ...
    def custom_field(self, api_name: str) -> CustomField: ...
    def custom_actions(self, detail: bool = False) -> list[CustomAction]: ...
    def custom_action(self, code: str) -> CustomAction: ...
    def lead_stage_pipeline(self) -> Pipeline: ...

@final
class AsyncClient:
    """The Sync API for asyncio: the methods of ``Client``, awaitable."""

    def __init__(
        self,
        token: str,
        enterprise: str,
        *,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        attempts: Optional[int] = None,
        check_schema: bool = False,
        lead_identifier: Optional[str] = None,
    ) -> None: ...
    def create_lead(
        self, fields: Fields, actions: Optional[Sequence[Fields]] = None
    ) -> "asyncio.Future[CreatedLead]": ...
    def get_lead(
        self,
        lead_id: str,
        include_actions: bool = False,
        limit: Optional[int] = None,
        skip: Optional[int] = None,
    ) -> "asyncio.Future[Lead]": ...
    def update_lead(self, lead_id: str, fields: Fields) -> "asyncio.Future[Lead]": ...
    def search_leads(self, filter: Optional[Fields] = None, *, page_size: int = 100) -> AsyncIterator[Lead]: ...
    def create_actions(
        self, lead_id: str, actions: Union[Sequence[Fields], Fields]
    ) -> "asyncio.Future[CreatedActions]": ...
    def get_action(self, lead_id: str, action_id: str) -> "asyncio.Future[Action]": ...
    def update_action(
        self,
        lead_id: str,
        action_id: str,
        *,
        type: str,
        fields: Optional[Fields] = None,
        status: Optional[str] = None,
    ) -> "asyncio.Future[Action]": ...
    def search_actions(
        self,
        lead_id: str,
        *,
        types: Optional[Sequence[str]] = None,
        from_: Optional[DateBound] = None,
        to: Optional[DateBound] = None,
        page_size: int = 100,
    ) -> AsyncIterator[Action]: ...
    def list_team_members(
        self, include_deleted: bool = False, *, page_size: int = 10
    ) -> AsyncIterator[TeamMember]: ...
    def create_team_member(
        self, name: str, email: str, phone_number: str, role: str, *, password: Optional[str] = None
    ) -> "asyncio.Future[TeamMember]": ...
    def get_team_member(self, email: str, include_deleted: bool = False) -> "asyncio.Future[TeamMember]": ...
    def set_availability(self, email: str, status: str) -> "asyncio.Future[Availability]": ...
    def metadata(self) -> "asyncio.Future[Metadata]": ...
    def custom_fields(self, detail: bool = False) -> "asyncio.Future[list[CustomField]]": ...
    def custom_field(self, api_name: str) -> "asyncio.Future[CustomField]": ...
    def custom_actions(self, detail: bool = False) -> "asyncio.Future[list[CustomAction]]": ...
    def custom_action(self, code: str) -> "asyncio.Future[CustomAction]": ...
    def lead_stage_pipeline(self) -> "asyncio.Future[Pipeline]": ...

@final
class Ingest:
    """Leads through the Async API on the batch engine every door uses
    (``telecrm lead ingest``'s): paced (``rate_per_hour``, ``None`` for no
    pace), ``concurrency`` in flight, rows of one lead (``lead_identifier``)
    in input order.

    ``journal``: the rows applied (and those in doubt), so that a re-run sends
    each row once; one process at a time (an OS lock: a second holder gets
    ``TelecrmError`` naming the journal), and a journal belongs to one input
    file. ``rejects``: every refused row is written there, in the input's
    format (CSV: the row plus ``#line`` and ``#reason`` columns; JSON rows:
    ``{"line", "reason", "row"}`` lines, plus ``"status"``, ``"code"`` and
    ``"message"`` when the server refused the row). ``resend_in_doubt``:
    send again the rows an earlier run left in doubt (sent, answer lost: they
    may have been applied already)."""

    def __init__(
        self,
        async_token: str,
        enterprise: str,
        *,
        base_url: Optional[str] = None,
        rate_per_hour: Optional[int] = 18000,
        concurrency: int = 8,
        journal: Union[str, "os.PathLike[str]", None] = None,
        rejects: Union[str, "os.PathLike[str]", None] = None,
        resend_in_doubt: bool = False,
        lead_identifier: str = "phone",
    ) -> None: ...
    def send(self, rows: Union[Iterable[Mapping[str, JSON]], str, "os.PathLike[str]"]) -> dict[str, Any]:
        """Sends ``rows``: dicts (a lead's fields, or ``{"fields", "actions"}``)
        or the path of a CSV or JSON-lines file, read as a stream (a UTF-8 BOM
        is skipped). A row that cannot be read or is refused before sending
        (a key written twice, an integer past 64 bits, a CSV quote that never
        closes: nothing after it is sent) is reported and the run goes on. A
        row not applied (refused, failed, in doubt) holds back the later rows
        of its lead for a re-run (``blocked``, not journaled). An empty input
        warns (``UserWarning``).

        Returns ``telecrm lead ingest``'s summary: lines, sent, ok, refused
        (``{"line", "reason"}``), refused_count, failed (``{"line", "kind",
        "error"}``, kind ``api``, ``transport`` or ``in_doubt``), failed_count,
        in_doubt (sent, answer lost; journaled as such and not resent by a
        re-run unless ``resend_in_doubt``), in_doubt_skipped, blocked, skipped
        (journaled by an earlier run), remaining (``None`` when unknown),
        elapsed_s, stopped (``finished``, ``interrupted``, ``fatal_answer``,
        ``transport_failures``), stop_detail, rate_per_hour, sent_per_s.

        Ctrl-C: no new row is taken, the rows in flight finish and are
        journaled, then ``KeyboardInterrupt`` is raised with this summary as
        its ``summary`` attribute (``stopped == "interrupted"``); a re-run
        with the same journal sends only the rest. Raises ``TelecrmError``
        when the journal is held by another process (nothing is sent) or
        the journal or rejects file cannot be written (the run ends),
        ``InvalidInput`` when the run is refused before anything is sent (an
        unreadable input or CSV header, a journal of another input)."""

@final
class Sandbox:
    """A local stand-in for TeleCRM on a free loopback port of this process."""

    SEED_LEAD: ClassVar[str]
    SEED_PAYMENT_ACTION: ClassVar[str]
    SEED_CUSTOM_ACTION: ClassVar[str]

    def __init__(self, state: Union[str, "os.PathLike[str]", None] = None, seed: Optional[int] = None) -> None: ...
    @property
    def base_url(self) -> str: ...
    @property
    def async_base_url(self) -> str: ...
    @property
    def token(self) -> str: ...
    @property
    def async_token(self) -> str: ...
    @property
    def enterprise(self) -> str: ...
    @property
    def running(self) -> bool: ...
    def client(self) -> Client: ...
    def async_client(self) -> AsyncClient: ...
    def drain(self) -> None:
        """Waits until every lead the Async API queued is applied."""
    def close(self) -> None: ...
    def __enter__(self) -> "Sandbox": ...
    def __exit__(self, *args: object) -> bool: ...
