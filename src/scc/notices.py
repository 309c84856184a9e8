"""Notices and letters: the templates in notices/, their front matter, and deterministic HTML
rendering with jinja2 (the content rules they must satisfy are in scc.notice_rules).

A notice is only ever rendered from plain JSON data (dates as ISO text), so the same data and the
same template version give byte-identical HTML, and the data can be kept beside the issued copy.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import (
    ChainableUndefined,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    UndefinedError,
)

from scc.domain.errors import InvalidInput
from scc.workflow_files import load_yaml

NOTICES_DIR = Path(__file__).resolve().parents[2] / "notices"
_FRONT_MATTER = re.compile(r"\A\{#-?(.*?)-?#\}", re.DOTALL)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


class MissingFields(InvalidInput):
    """A notice lacks fields it must state; the message lists every one of them."""

    def __init__(self, title: str, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            f"The {title} cannot be issued: missing {'; '.join(missing)}. Nothing was issued."
        )


# Dates: always in English words and digits, whatever the machine's locale.

def _day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def date_words(value: str | date) -> str:
    d = _day(value)
    return f"{_DAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"


def date_digits(value: str | date) -> str:
    return _day(value).strftime("%d/%m/%Y")


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def long_date(value: str | date) -> str:
    """'Wednesday 14 January 2026 (14/01/2026)': how a notice states a date it sets."""
    return f"{date_words(value)} ({date_digits(value)})"


# Dates in Welsh, for the Welsh part of a bilingual notice (scc.notices.WELSH).

_DAYS_CY = ("Llun", "Mawrth", "Mercher", "Iau", "Gwener", "Sadwrn", "Sul")
_MONTHS_CY = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
              "Medi", "Hydref", "Tachwedd", "Rhagfyr")


def welsh_date(value: str | date) -> str:
    """'9 Ionawr 2026 (09/01/2026)': the part of a Welsh date a content rule looks for, the same
    whether the day's name before it is mutated or not."""
    d = _day(value)
    return f"{d.day} {_MONTHS_CY[d.month - 1]} {d.year} ({date_digits(d)})"


def welsh_date_words(value: str | date, mutated: bool = False) -> str:
    """'Dydd Gwener 9 Ionawr 2026'; mutated, 'ddydd Gwener 9 Ionawr 2026', as after 'ar'."""
    d = _day(value)
    return (f"{'ddydd' if mutated else 'Dydd'} {_DAYS_CY[d.weekday()]} {d.day} "
            f"{_MONTHS_CY[d.month - 1]} {d.year}")


def welsh_long_date(value: str | date, mutated: bool = False) -> str:
    return f"{welsh_date_words(value, mutated)} ({date_digits(value)})"


# Templates and their front matter.

@dataclass(frozen=True)
class Copy:
    role: str
    condition: str | None = None  # "warning-notice": only where the case had a warning notice


@dataclass(frozen=True)
class Template:
    """A notice template as its front matter describes it."""

    id: str
    version: int
    title: str
    code: str  # short code in the notice's reference, e.g. WN60
    statute: str | None
    kind_of_document: str  # "notice" or "letter", as the copy list calls it
    issues_with: str  # which case command the document accompanies
    addressee: str
    copies: tuple[Copy, ...]
    statutory: frozenset[str]  # copy roles the statute requires


def front_matter(path: Path) -> dict[str, Any]:
    found = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    data = load_yaml(found.group(1)) if found else None
    if not isinstance(data, dict) or not isinstance(data.get("version"), int):
        raise TypeError(f"{path.name} has no front matter with an integer version")
    return data


@functools.lru_cache(maxsize=64)
def template(template_id: str) -> Template:
    path = NOTICES_DIR / f"{template_id}.html.j2"
    if not path.exists():
        raise InvalidInput(f"There is no notice template '{template_id}'.")
    data = front_matter(path)
    copies = tuple(Copy(c) if isinstance(c, str) else Copy(c["role"], c.get("if"))
                   for c in data.get("copies", ()))
    return Template(
        template_id, data["version"], data["title"], data["code"], data.get("statute"),
        data.get("kind_of_document", "letter"), data["issues_with"], data["addressee"], copies,
        frozenset(data.get("statutory", ())),
    )


@dataclass(frozen=True)
class Translation:
    """A template's text in another language (`notices/ID.LANG.html.j2`), as its front matter
    describes it: which version of which template it translates, and whether the authority's
    translators have approved it. A translation of an older version of its template is stale."""

    id: str
    version: int
    language: str
    translates: str
    translates_version: int
    approval: str

    @property
    def approved(self) -> bool:
        return self.approval.startswith("approved")


AWAITING_APPROVAL = "awaiting the authority's translators' approval"


@functools.lru_cache(maxsize=16)
def translation(template_id: str, language: str) -> Translation | None:
    """The template's translation into `language`, if there is one."""
    path = NOTICES_DIR / f"{template_id}.{language}.html.j2"
    if not path.exists():
        return None
    data = front_matter(path)
    of = data["translates"]
    return Translation(f"{template_id}.{language}", data["version"], language,
                       str(of["template"]), int(of["version"]),
                       str(data.get("approval") or AWAITING_APPROVAL))


# Rendering.

def _environment(undefined: type[Any] = StrictUndefined) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(NOTICES_DIR)),
        undefined=undefined,
        autoescape=True,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(date_words=date_words, date_digits=date_digits, long_date=long_date,
                       ordinal=ordinal, welsh_date_words=welsh_date_words,
                       welsh_long_date=welsh_long_date)
    return env


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    return _environment()


def render(template_id: str, context: dict[str, Any], title: str | None = None) -> str:
    """The notice as HTML. A field the template needs but the context lacks is an error that
    lists every such field, found by rendering again with an undefined that records them."""
    try:
        return environment().get_template(f"{template_id}.html.j2").render(context)
    except UndefinedError:
        missing = _missing_names(template_id, context)
        raise MissingFields(title or template(template_id).title, missing) from None


def _missing_names(template_id: str, context: dict[str, Any]) -> list[str]:
    seen: list[str] = []

    class Recording(ChainableUndefined):
        def _note(self) -> None:
            name = self._undefined_name or "?"
            if name not in seen:
                seen.append(name)

        def __str__(self) -> str:
            self._note()
            return ""

        def __iter__(self) -> Any:
            self._note()
            return iter(())

        def __bool__(self) -> bool:
            self._note()
            return False

        def __len__(self) -> int:
            self._note()
            return 0

    _environment(Recording).get_template(f"{template_id}.html.j2").render(context)
    return seen
