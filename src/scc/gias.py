"""Read a DfE "Get Information About Schools" (GIAS) establishments CSV into school records.

Each data row is either a school the authority acts on (maintained or academy), a row that is out
of scope (reported, not an error), or a bad row (reported with its physical line number, skipped).
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from scc.domain import inputs
from scc.domain.errors import InvalidInput

# Classification goes by the type *name*: GIAS codes have been reused and extracts in the wild
# (including our sample) carry codes that disagree with the name.
# Maintained schools: the LA's intervention powers apply (Education and Inspections Act 2006 s59).
MAINTAINED_TYPES: frozenset[str] = frozenset({
    "Community school", "Foundation school", "Voluntary aided school",
    "Voluntary controlled school", "Community special school", "Foundation special school",
    "Local authority nursery school",
})
# Academies and free schools: the Regional Director's responsibility, but still monitored.
ACADEMY_TYPES: frozenset[str] = frozenset({
    "Academy converter", "Academy sponsor led", "Academy special converter",
    "Academy special sponsor led", "Academy alternative provision converter",
    "Academy alternative provision sponsor led", "Academy 16-19 converter",
    "Academy 16 to 19 sponsor led", "Academy secure 16 to 19", "Free schools",
    "Free schools special", "Free schools alternative provision", "Free schools 16 to 19",
    "Studio schools", "University technical college",
})
# Known GIAS types outside our remit; a name in none of the three sets is a bad row, so that a
# new or misspelt type is noticed instead of silently dropping schools.
OUT_OF_SCOPE_TYPES: frozenset[str] = frozenset({
    "Other independent school", "Other independent special school", "City technology college",
    "Non-maintained special school", "Pupil referral unit", "Further education",
    "Sixth form centres", "Special post 16 institution", "Higher education institutions",
    "Welsh establishment", "Secure units", "Offshore schools", "Service childrens education",
    "British schools overseas", "Miscellaneous", "Online provider",
    "Institution funded by other government department",
})
_TYPES = {t.casefold(): t for t in MAINTAINED_TYPES | ACADEMY_TYPES | OUT_OF_SCOPE_TYPES}

URN, NAME, TYPE = "URN", "EstablishmentName", "TypeOfEstablishment (name)"
# A real download's last column lists the school's links unquoted, one per field ("144938
# Successor"), so a school with several links has more fields than the header: those are kept as
# links, and only then; any other extra field still refuses the row (a shifted row is never read).
LINKS_COLUMN = "Linked establishments"
_LINK = re.compile(r"([0-9]{6}) (\w[\w -]*)")
SUCCESSOR, PREDECESSOR = "successor", "predecessor"
_PLACEHOLDERS = frozenset({"", "Not applicable", "Does not apply", "None"})
# Checked because a malformed date is the usual sign of a row whose columns have shifted.
_DATE_COLUMNS = ("OpenDate", "CloseDate", "OfstedLastInsp")
_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4})")
_SIX_DIGITS = re.compile(r"[0-9]{6}")


class GiasFormatError(ValueError):
    """The file as a whole is not a GIAS establishments extract, or it carries a field no school
    record may hold (a control character, or longer than FIELD_MAX): nothing of it is imported."""


# Every column of every row is checked, kept or not: a field that breaks these bounds is not a
# typing slip to skip but a file to refuse (see parse_gias).
FIELD_MAX = inputs.LINE_MAX


@dataclass(frozen=True)
class SchoolRecord:
    urn: str
    name: str
    type: str
    governance: str  # "maintained" | "academy"
    phase: str | None
    la_code: str | None
    la_name: str | None
    status: str | None
    religious_character: str | None
    diocese: str | None
    trust: str | None
    federation: str | None
    street: str | None
    town: str | None
    postcode: str | None
    head_name: str | None
    ofsted_rating: str | None
    links: tuple[tuple[str, str], ...] = ()  # (URN, "successor" / "predecessor"), from the row
    open_date: str | None = None  # OpenDate, as YYYY-MM-DD
    close_date: str | None = None  # CloseDate, as YYYY-MM-DD

    def as_dict(self) -> dict[str, str | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _links(fields_: list[str]) -> tuple[tuple[str, str], ...] | None:
    """The links named in the links column's fields; None if a field is not a link."""
    found = []
    for value in fields_:
        value = value.strip()
        if value in ("", "Does not have links"):
            continue
        m = _LINK.fullmatch(value)
        if m is None:
            return None
        kind = m[2].split(" ")[0].casefold()
        if kind in (SUCCESSOR, PREDECESSOR):
            found.append((m[1], kind))
    return tuple(found)


@dataclass(frozen=True)
class RowProblem:
    line: int
    urn: str | None
    message: str


@dataclass(frozen=True)
class OutOfScope:
    line: int
    urn: str
    name: str
    type: str


@dataclass
class GiasResult:
    schools: list[SchoolRecord] = field(default_factory=list)
    out_of_scope: list[OutOfScope] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return None if value in _PLACEHOLDERS else value


def _is_date(value: str) -> bool:
    m = _DATE.fullmatch(value)
    try:
        return m is not None and bool(date(int(m[3]), int(m[2]), int(m[1])))
    except ValueError:  # e.g. 31-02-2020
        return False


def _rows(reader: Any) -> Iterator[list[str]]:
    """The reader's rows; a record the csv module cannot read (e.g. a field beyond its own limit of
    131,072 characters) refuses the file, naming the line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as problem:
            raise GiasFormatError(f"line {reader.line_num}: cannot be read as CSV ({problem}); "
                                  f"no field may be longer than {FIELD_MAX:,} characters. "
                                  "Nothing was imported.") from None
        yield row


def _check_fields(line: int, header: list[str], row: list[str]) -> None:
    # One check of the whole row (joined by a space, which cannot hide or make a refusal); only a
    # refused row is gone through field by field, to name its column.
    if max(map(len, row), default=0) <= FIELD_MAX and inputs.is_clean(" ".join(row)):
        return
    for i, value in enumerate(row):
        column = header[i] if i < len(header) else f"{i + 1}"
        try:
            inputs.text(f"column {inputs.shown(column)}", value, FIELD_MAX)
        except InvalidInput as problem:
            raise GiasFormatError(f"line {line}: {problem} Nothing was imported.") from None


def _iso_date(value: str | None) -> str | None:
    """DD-MM-YYYY (checked by _is_date) as YYYY-MM-DD."""
    return f"{value[6:]}-{value[3:5]}-{value[:2]}" if value else None


def parse_gias(lines: Iterable[str], on_row: Callable[[int], None] | None = None) -> GiasResult:
    reader = csv.reader(lines)
    rows = _rows(reader)
    header = next(rows, None)
    if not header or not any(h.strip() for h in header):
        raise GiasFormatError("The GIAS file is empty: expected a header row.")
    header = [h.strip().lstrip("\ufeff") for h in header]
    _check_fields(1, header, header)
    missing = [c for c in (URN, NAME, TYPE) if c not in header]
    if missing:
        raise GiasFormatError(f"Not a GIAS establishments file: header lacks {', '.join(missing)}.")
    index = {name: i for i, name in enumerate(header)}
    result = GiasResult()
    seen: dict[str, int] = {}  # URN -> line of the row we kept
    line_end = reader.line_num
    for row in rows:
        # A quoted field may span lines; report the line the record starts on.
        line, line_end = line_end + 1, reader.line_num
        if on_row:
            on_row(line)
        if not row:
            continue
        _check_fields(line, header, row)

        def get(column: str, row: list[str] = row) -> str | None:
            i = index.get(column)
            return None if i is None else _clean(row[i])

        links: tuple[tuple[str, str], ...] | None = ()
        if header[-1] == LINKS_COLUMN and len(row) >= len(header):
            links = _links(row[len(header) - 1:])
            if links is not None:
                row = row[: len(header) - 1] + [" ".join(row[len(header) - 1:])]
        if len(row) != len(header):
            raw_urn = row[index[URN]].strip() if len(row) > index[URN] else ""
            result.problems.append(RowProblem(line, raw_urn or None, (
                f"Row has {len(row)} columns but the header has {len(header)}; skipped.")))
            continue
        urn, name, type_name = get(URN), get(NAME), get(TYPE)
        errors: list[str] = []
        if urn is None:
            errors.append("no URN (column URN is blank)")
        elif not _SIX_DIGITS.fullmatch(urn):
            errors.append(f"URN '{urn}' is not six digits (column URN)")
        if name is None:
            errors.append(f"no school name (column {NAME} is blank)")
        canonical = _TYPES.get((type_name or "").casefold())
        if canonical is None:
            errors.append(f"column {TYPE} is blank" if type_name is None
                          else f"'{type_name}' is not a known GIAS type (column {TYPE})")
        # Dates only matter for schools we keep; out-of-scope rows would just add noise.
        if canonical not in OUT_OF_SCOPE_TYPES:
            errors += [f"'{v}' in column {c} is not a DD-MM-YYYY date"
                       for c in _DATE_COLUMNS if (v := get(c)) and not _is_date(v)]
        if errors:
            message = "; ".join(errors)
            result.problems.append(RowProblem(line, urn, message[0].upper() + message[1:] + "."))
            continue
        assert urn and name and canonical  # for the type checker: errors was empty
        if urn in seen:
            result.problems.append(RowProblem(line, urn, f"URN {urn} already appears on line "
                                              f"{seen[urn]}; this later row is skipped."))
            continue
        seen[urn] = line
        if canonical in OUT_OF_SCOPE_TYPES:
            result.out_of_scope.append(OutOfScope(line, urn, name, canonical))
            continue
        first, last = get("HeadFirstName"), get("HeadLastName")
        head = " ".join(p for p in (get("HeadTitle (name)"), first, last) if p)
        result.schools.append(SchoolRecord(
            urn=urn, name=name, type=canonical,
            governance="maintained" if canonical in MAINTAINED_TYPES else "academy",
            phase=get("PhaseOfEducation (name)"), la_code=get("LA (code)"),
            la_name=get("LA (name)"), status=get("EstablishmentStatus (name)"),
            religious_character=get("ReligiousCharacter (name)"), diocese=get("Diocese (name)"),
            trust=get("Trusts (name)"), federation=get("Federations (name)"),
            street=get("Street"), town=get("Town"), postcode=get("Postcode"),
            head_name=head if (first or last) else None,
            ofsted_rating=get("OfstedRating (name)"), links=links or (),
            open_date=_iso_date(get("OpenDate")), close_date=_iso_date(get("CloseDate")),
        ))
    return result


def _encoding(path: Path) -> str:
    # Real extracts are Windows-1252. Check the whole file is valid UTF-8 first (chunked, so a
    # 60 MB extract is not held twice) rather than restart a half-done parse on a bad byte.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def read_gias(path: Path, on_row: Callable[[int], None] | None = None) -> GiasResult:
    # errors="replace" covers the five bytes cp1252 leaves undefined; UTF-8 was checked above.
    with open(path, encoding=_encoding(path), errors="replace", newline="") as f:
        return parse_gias(f, on_row)


def count_rows(path: Path) -> int:
    """Data rows, by counting line breaks: may overcount multi-line fields (fine for a progress bar)."""
    count, last = 0, b"\n"
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            count, last = count + chunk.count(b"\n"), chunk[-1:]
    return max(0, count + (last != b"\n") - 1)


@dataclass(frozen=True)
class Link:
    line: int
    urn: str
    link_urn: str
    kind: str  # SUCCESSOR: link_urn succeeds urn; PREDECESSOR: link_urn preceded it
    link_type: str
    linked_on: str | None  # YYYY-MM-DD


LINK_COLUMNS = ("URN", "LinkURN", "LinkType", "LinkEstablishedDate")


def whole_rows(lines: Iterable[str], required: tuple[str, ...], what: str,
               key: Callable[[str], str] = lambda h: h.strip().lstrip("\ufeff"),
               ) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, {header: value}) for each row of a file refused whole on a bad row: every field
    within the input bounds and every row as wide as the header, else GiasFormatError naming the
    line. `key` normalises the header names; `required` are normalised names."""
    reader = csv.reader(lines)
    rows = _rows(reader)
    raw = next(rows, None) or []
    _check_fields(1, raw, raw)
    header = [key(h) for h in raw]
    missing = [c for c in required if c not in header]
    if missing:
        raise GiasFormatError(f"Not {what}: the header lacks {', '.join(missing)}.")
    line_end = reader.line_num
    for row in rows:
        line, line_end = line_end + 1, reader.line_num
        if not row:
            continue
        _check_fields(line, raw, row)
        if len(row) != len(header):
            raise GiasFormatError(f"line {line}: has {len(row)} columns but the header has "
                                  f"{len(header)}. Nothing was imported.")
        yield line, dict(zip(header, row, strict=True))


def parse_links(lines: Iterable[str]) -> list[Link]:
    """The successor and predecessor links of a GIAS links file (other link types, e.g. sixth
    form centres, are left out). A bad row refuses the file, naming its line."""
    links: list[Link] = []
    for line, get in whole_rows(lines, LINK_COLUMNS, "a GIAS links file"):
        urn, other, kind, on = (get[c].strip() for c in LINK_COLUMNS)
        for column, value in (("URN", urn), ("LinkURN", other)):
            if not _SIX_DIGITS.fullmatch(value):
                raise GiasFormatError(f"line {line}: '{inputs.shown(value)}' in column {column} "
                                      "is not a URN (six digits). Nothing was imported.")
        if on and not _is_date(on):
            raise GiasFormatError(f"line {line}: '{inputs.shown(on)}' in column "
                                  "LinkEstablishedDate is not a DD-MM-YYYY date. Nothing was imported.")
        word = kind.split(" ")[0].casefold()
        if word in (SUCCESSOR, PREDECESSOR):
            links.append(Link(line, urn, other, word, kind, _iso_date(on or None)))
    return links


def read_links(path: Path) -> list[Link]:
    with open(path, encoding=_encoding(path), errors="replace", newline="") as f:
        return parse_links(f)
