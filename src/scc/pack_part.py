"""One mapping of a policy pack, read value by value, each checked: a wrong value is noted as a
problem naming the setting (as 'support.rates.roles.adviser.day') and what it accepts, and reading
goes on with a stand-in of the right kind, so that one reading finds every problem of a pack
(`scc policy check` lists them; a command refuses the pack on them, scc.policy_reading)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from scc.domain.errors import InvalidInput
from scc.domain.inputs import NAME_MAX, TEXT_MAX, is_clean, shown, whole_number
from scc.domain.money import money

REQUIRED: Any = object()  # no default: the setting must be given


@dataclass(frozen=True)
class Part:
    """A mapping of a pack and where it sits in it ('support.bids.'); `problems` is shared by
    every part of one pack."""

    path: Path
    data: Mapping[str, Any]
    at: str = ""
    problems: list[str] = field(default_factory=list)

    def wrong(self, key: str, what: str, instead: Any = None) -> Any:
        """Notes that `key` is wrong; the reading goes on with `instead`."""
        self.problems.append(f"'{self.at}{key}' {what}")
        return instead

    def within(self, data: Mapping[str, Any], at: str) -> Part:
        return Part(self.path, data, at, self.problems)

    def value(self, key: str, default: Any = REQUIRED, instead: Any = None) -> Any:
        found = self.data.get(key)
        if found is None:
            return self.wrong(key, "is missing", instead) if default is REQUIRED else default
        return found

    def text(self, key: str, default: Any = REQUIRED) -> Any:
        found = self.value(key, default, "")
        if isinstance(found, (dict, list)):
            return self.wrong(key, f"must be text, not {kind(found)}", "")
        return found if found is None else self._printable(key, str(found))

    def _printable(self, key: str, text: str) -> str:
        """A pack's text goes into letters and, as an authority's letterhead and signatory, into
        its events: refused where a form would refuse it (scc.domain.inputs)."""
        if is_clean(text) and len(text) <= TEXT_MAX:
            return text
        return self.wrong(key, f"must be text of at most {TEXT_MAX:,} characters without control "
                               f"characters, not '{shown(text)}'", "")

    def whole(self, key: str, default: Any = REQUIRED, at_least: int | None = None,
              at_most: int | None = None, why: str = "") -> Any:
        if self.data.get(key) is None:
            return self.value(key, default, 0)
        found = self.data[key]
        accepted = "a whole number" + (
            "" if at_least is None and at_most is None else f" {bounds(at_least, at_most)}")
        number = whole_number(found)
        if number is None:
            return self.wrong(key, f"must be {accepted}, not {kind(found)}{why}", 0)
        if (at_least is not None and number < at_least) or (
                at_most is not None and number > at_most):
            return self.wrong(key, f"must be {accepted}, not {number}{why}", number)
        return number

    def flag(self, key: str) -> bool:
        """A yes-or-no setting, written true or false (absent: false)."""
        found = self.value(key, False)
        if not isinstance(found, bool):
            return bool(self.wrong(key, f"must be true or false, not {kind(found)}", False))
        return found

    def amount(self, key: str, default: Any = REQUIRED) -> Any:
        """An amount of money as a form takes one (scc.domain.money.money: pounds to the penny,
        never below £0); a YAML number such as 450.50, read as a float, by what it says."""
        found = self.value(key, default, Decimal(0))
        if found is None:
            return None
        try:
            return money(key, str(found) if isinstance(found, float) else found)
        except InvalidInput:
            return self.wrong(key, f"must be an amount of money, not {kind(found)}", Decimal(0))

    def part(self, key: str, default: Any = None) -> Part | None:
        """The mapping under `key`, or None where the pack leaves it out (or empty)."""
        found = self.value(key, default, {})
        if found is not None and not isinstance(found, dict):
            return self.wrong(key, f"must be a mapping (key: value lines), not {kind(found)}")
        if not found:
            return None
        # Its keys are names that letters and events carry too (a signatory's "name", a form's
        # areas), so they are checked as its texts are.
        bad = [k for k in found if not is_clean(str(k)) or len(str(k)) > NAME_MAX]
        if bad:
            return self.wrong(key, f"has a key that is not a name of at most {NAME_MAX} "
                                   f"characters without control characters: '{shown(str(bad[0]))}'")
        return self.within(found, f"{self.at}{key}.")

    def parts(self, key: str) -> dict[str, Part]:
        """Each mapping in the mapping under `key`, by its key (one that is not a mapping is a
        problem, and left out)."""
        found = self.part(key)
        if found is None:
            return {}
        entries = {}
        for k, entry in found.data.items():
            read = found.part(str(k))
            if read is not None or not entry:
                entries[str(k)] = read or found.within({}, f"{found.at}{k}.")
        return entries

    def items(self, key: str, default: Any = (), what: str = "a list") -> list[Any]:
        found = self.value(key, default, [])
        if found is default:
            return list(found)
        if not isinstance(found, list):
            return self.wrong(key, f"must be {what}, not {kind(found)}", [])
        return found

    def texts(self, key: str, default: Any = ()) -> list[str]:
        what = "a list of texts, as [\"first line\", \"second line\"]"
        found = self.items(key, default, what)
        wrong = [item for item in found if item is None or isinstance(item, (dict, list))]
        if wrong:
            return self.wrong(key, f"must be {what}, and holds {kind(wrong[0])}", [])
        return [self._printable(key, str(item)) for item in found]

    def wholes(self, key: str, at_least: int, at_most: int, what: str) -> list[int]:
        """A list of whole numbers (reminders' working days before a deadline)."""
        accepted = f"a list of whole numbers {bounds(at_least, at_most)} ({what}), as [5, 1]"
        found = self.items(key, REQUIRED, accepted)
        wrong = [n for n in found if isinstance(n, bool) or not isinstance(n, int)
                 or not at_least <= n <= at_most]
        if wrong:
            return self.wrong(key, f"must be {accepted}, and holds {kind(wrong[0])}", [])
        return list(found)

    def labelled(self, key: str) -> dict[str, str]:
        """A mapping of texts (a signatory, a form's areas)."""
        found = self.part(key)
        return {str(k): found.text(k) for k in found.data} if found else {}

    def numbers(self, key: str) -> dict[str, int]:
        found = self.part(key)
        return {str(k): found.whole(k) for k in found.data} if found else {}

    def month_days(self, key: str) -> tuple[tuple[int, int], ...]:
        """Days of the year written MM-DD (a term's end, a board meeting)."""
        days = []
        for item in self.texts(key):
            month, _, day = item.partition("-")
            try:  # a leap year, so that 02-29 is a day of the year
                date(2000, int(month), int(day))
            except ValueError:
                self.wrong(key, f"holds '{shown(item)}', not a day of the year written MM-DD")
                continue
            days.append((int(month), int(day)))
        return tuple(days)


def bounds(at_least: int | None, at_most: int | None) -> str:
    if at_most is None:
        return f"of at least {at_least}"
    return f"of at most {at_most}" if at_least is None else f"from {at_least} to {at_most}"


def kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "nothing" if value is None else f"'{shown(value)}'"
