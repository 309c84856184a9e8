"""The one source of "now". Real time by default; a fixed moment from SCC_NOW for tests and
simulations. Acts and deadlines are dates in Europe/London; timestamps are UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from scc.domain import inputs

LONDON = ZoneInfo("Europe/London")


def parse_moment(text: str) -> datetime:
    """An ISO date or date-time; without an offset it is read as Europe/London local time. Its
    date must lie between DATE_MIN and DATE_MAX (ValueError otherwise, naming the range)."""
    shown = inputs.shown(text)
    try:
        moment = datetime.fromisoformat(text)
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=LONDON)
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError, TypeError):
        raise ValueError(f"'{shown}' is not an ISO date or date-time (e.g. 2026-01-15T00:00)")
    if not inputs.DATE_MIN <= moment.date() <= inputs.DATE_MAX:
        raise ValueError(f"'{shown}' is not a moment this service works with; give one between "
                         f"{inputs.DATE_MIN.isoformat()} and {inputs.DATE_MAX.isoformat()}")
    return moment


class Clock:
    def __init__(self, fixed: datetime | None = None) -> None:
        self.fixed = fixed

    def now(self) -> datetime:
        return self.fixed if self.fixed is not None else datetime.now(UTC)

    def today(self) -> date:
        """Today's date in Europe/London: a deadline due on D has passed from 00:00 on D+1."""
        return self.now().astimezone(LONDON).date()
