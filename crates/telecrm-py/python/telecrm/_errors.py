"""The exceptions of telecrm. Their text never holds a token."""

from __future__ import annotations


class TelecrmError(Exception):
    """Every error telecrm raises."""


class InvalidInput(TelecrmError, ValueError):
    """Refused before anything was sent; the text names the argument or field."""


class ApiError(TelecrmError):
    """TeleCRM answered with an error: ``status``, ``code`` and ``message``."""

    status: int
    code: str
    message: str

    def __init__(self, text: str, status: int, code: str, message: str) -> None:
        super().__init__(text)
        self.status = status
        self.code = code
        self.message = message


class NotFound(ApiError):
    """404: the lead, action, member, field or custom action does not exist."""


class Unauthorized(ApiError):
    """401: the token was refused."""


class RateLimited(ApiError):
    """429: too many requests, after the retries."""


class Conflict(ApiError):
    """409: e.g. a lead with this identifier exists already."""


class TransportError(TelecrmError):
    """No answer: connection failures and timeouts, after the retries."""
