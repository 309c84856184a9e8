"""Money and the quantities it is computed from, exact: `decimal.Decimal` from the boundary to the
read models, never float. Amounts are pounds to the penny; a cost computed from days and a rate is
rounded to the penny half up (ROUND_HALF_UP, as a finance office rounds). Events keep amounts as
text ("12000.00"), so what is stored is exactly what was decided.

Support plans, bids and logs (issue 14) use these; the rates and thresholds come from the
authority's policy pack (`support:`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from scc.domain.errors import InvalidInput
from scc.domain.inputs import shown

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
MONEY_MAX = Decimal(10_000_000)  # £10 million: more on one line of school support is a mistake
DAYS_MAX = Decimal(400)  # days of one activity: more than a year of working days is a mistake
HOURS_MAX = Decimal(200)  # hours of one logged piece of support

_AMOUNT = re.compile(r"£?\s*(\d{1,3}(,\d{3})+|\d{1,12})(\.\d{1,2})?")
_QUANTITY = re.compile(r"\d{1,6}(\.\d{1,2})?")


def pence(value: Decimal) -> Decimal:
    """`value` rounded to the penny, half up."""
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def money(field: str, value: object) -> Decimal:
    """An amount of money in pounds, to the penny, from 0 to MONEY_MAX: given as Decimal, int or
    text ('12000', '12,000.50', '£450'); a float is refused, as it may already be inexact."""
    if isinstance(value, (bool, float)):
        raise InvalidInput(f"{field} must be given exactly, as text or a whole number of pounds, "
                           "not as a floating-point number.")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, str) and _AMOUNT.fullmatch(value.strip()):
        amount = Decimal(value.strip().lstrip("£").strip().replace(",", ""))
    else:
        raise InvalidInput(f"{field} '{shown(value)}' is not an amount of money; write pounds and "
                           "pence, e.g. 12000 or 2450.50.")
    if not amount.is_finite() or amount != amount.quantize(PENNY, rounding=ROUND_HALF_UP):
        raise InvalidInput(f"{field} {shown(value)} is not a whole number of pence.")
    if not ZERO <= amount <= MONEY_MAX:
        raise InvalidInput(f"{field} must be from £0 to £{MONEY_MAX:,}; {shown(value)} is not.")
    return amount.quantize(PENNY)


def quantity(field: str, value: object, high: Decimal) -> Decimal:
    """Days or hours: more than zero, at most `high`, to two decimal places (e.g. 0.5, 2.25)."""
    if isinstance(value, (bool, float)):
        raise InvalidInput(f"{field} must be given exactly (e.g. '1.5'), not as a floating-point "
                           "number.")
    try:
        number = (Decimal(value) if isinstance(value, (int, Decimal)) else
                  Decimal(str(value).strip()) if _QUANTITY.fullmatch(str(value).strip()) else None)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number != number.quantize(PENNY):
        raise InvalidInput(f"{field} '{shown(value)}' is not a number like 2 or 1.5.")
    if not Decimal(0) < number <= high:
        raise InvalidInput(f"{field} must be more than 0 and at most {high}; {shown(value)} is not.")
    return number


def text_of(amount: Decimal) -> str:
    """An amount as it is kept in events and read models: '12000.00'."""
    return str(amount.quantize(PENNY))


def pounds(amount: Decimal | str) -> str:
    """An amount as a person reads it: '£12,000.00'."""
    return f"£{Decimal(amount):,.2f}"


# The parts of a day a pack may charge apart (Calderdale's appendix F: a morning, an afternoon, a
# preparation session, a staff meeting), each with the words a person reads.
SESSIONS = {"am": "morning", "pm": "afternoon", "prep": "preparation session",
            "staff_meeting": "staff meeting"}


@dataclass(frozen=True)
class Rate:
    """What a day of one role's support costs (the pack's charge rates), and, where the pack
    charges them apart, a morning, an afternoon, a preparation session or a staff meeting."""

    role: str
    title: str
    day: Decimal
    sessions: tuple[tuple[str, Decimal], ...] = ()  # (key of SESSIONS, rate)

    def cost(self, days: Decimal) -> Decimal:
        return pence(days * self.day)

    def session_cost(self, session: str, count: Decimal) -> Decimal:
        """`count` sessions (mornings, afternoons...) at the pack's rate for them; refused where
        the pack gives none for this role (the seed's 'Included' or a blank)."""
        rate = dict(self.sessions).get(session)
        if rate is None:
            raise InvalidInput(f"The charge rates give no {SESSIONS[session]} rate for "
                               f"{self.title}; cost it in days.")
        return pence(count * rate)


@dataclass(frozen=True)
class Threshold:
    """A procurement band: commitments under `below` need the record `needs` names
    ('method-record', or 'quotes-or-reason' with `quotes` written quotes)."""

    below: Decimal
    needs: str
    quotes: int
    rule: str


def procurement_refusal(bands: tuple[Threshold, ...], above: str, amount: Decimal,
                        method: str, quotes: int, reason: str) -> str | None:
    """Why a commitment of `amount` may not be recorded with this record of how it was procured,
    or None: the first band the amount falls under decides what the pack demands."""
    band = next((b for b in bands if amount < b.below), None)
    if band is None:
        return f"A commitment of {pounds(amount)} is over the highest threshold: {above}."
    if band.needs == "method-record" and not method.strip():
        return (f"A commitment of {pounds(amount)} needs a written record of why its "
                f"procurement method was chosen: {band.rule}.")
    if band.needs == "quotes-or-reason" and quotes < band.quotes and not reason.strip():
        return (f"A commitment of {pounds(amount)} needs {band.quotes} written quotes or a "
                f"written reason why they could not be obtained; {quotes} quote"
                f"{'' if quotes == 1 else 's'} and no reason given ({band.rule}).")
    return None
