"""Typed errors. Each carries the CLI exit code and the HTTP status it maps to."""


class SccError(Exception):
    """Base of every error a user can be shown; the message is written for them."""

    exit_code = 1
    http_status = 500


class InvalidInput(SccError):
    """The input cannot be understood: a bad date, an unknown option value."""

    exit_code = 2
    http_status = 400


class RuleViolation(SccError):
    """The input is understood but the rules (statute, workflow, policy) forbid it."""

    exit_code = 3
    http_status = 409


class NotFound(SccError):
    """The school, case, user or event named does not exist."""

    exit_code = 4
    http_status = 404


class ConcurrentChange(SccError):
    """Someone else changed the same record at the same time; nothing was written."""

    exit_code = 5
    http_status = 409


class NotPermitted(SccError):
    """The acting user's role does not allow this."""

    exit_code = 6
    http_status = 403
