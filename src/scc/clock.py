"""The one source of "now". Real time by default; a fixed moment from SCC_NOW for tests and
simulations. Acts and deadlines are dates in Europe/London; timestamps are UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def parse_moment(text: str) -> datetime:
    """An ISO date or date-time; without an offset it is read as Europe/London local time."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not an ISO date or date-time (e.g. 2026-01-15T00:00)")
    if len(text) == 10:
        moment = datetime.combine(date.fromisoformat(text), time())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment.astimezone(UTC)


class Clock:
    def __init__(self, fixed: datetime | None = None) -> None:
        self.fixed = fixed

    def now(self) -> datetime:
        return self.fixed if self.fixed is not None else datetime.now(UTC)

    def today(self) -> date:
        """Today's date in Europe/London: a deadline due on D has passed from 00:00 on D+1."""
        return self.now().astimezone(LONDON).date()
