"""Form descriptions and their parsing: every command form is data, rendered by one template.

Parsing checks only what a form can know (a field is missing, a date is not a date, text too long
or carrying control characters, a number out of bounds); the rules themselves are the service
layer's, whose refusals are shown in the same error summary."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.datastructures import FormData

from scc.domain import inputs
from scc.domain.errors import InvalidInput
from scc.web.dates import long_date
from scc.web.state import Web

Values = dict[str, Any]
# The longest answer each kind of field takes, in characters.
LIMITS = {"text": inputs.NAME_MAX, "textarea": inputs.TEXT_MAX, "password": inputs.PASSWORD_MAX,
          "date": inputs.REFERENCE_MAX, "number": inputs.REFERENCE_MAX,
          "radios": inputs.NAME_MAX, "checkboxes": inputs.NAME_MAX}
Runner = Callable[[Web, str, str, Values], str]
Previewer = Callable[[Web, str, str, Values], str]
# Checks between answers (one needed only given another), run before the check page: the errors
# by field name.
CrossCheck = Callable[[Values], dict[str, str]]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text | textarea | date | number | radios | checkboxes
    required: bool = True
    hint: str | None = None
    choices: tuple[tuple[str, str], ...] = ()
    default_today: bool = False
    maximum: int = inputs.EVENT_NUMBER_MAX  # the largest number a "number" field takes
    # Whether the label says "(optional)". By default, when the form does not require it; but a
    # field another layer requires (a notice's content) or needed only given another answer is
    # not optional, though the form itself lets it be empty.
    optional: bool | None = None

    @property
    def marked_optional(self) -> bool:
        return not self.required if self.optional is None else self.optional


@dataclass(frozen=True)
class FormSpec:
    """One command as a form. `run(web, user, target, values)` calls one service method and
    returns the sentence to show once it is done. `triggers` are the workflow steps it serves.
    `preview` (with check_first) renders what will be issued, shown with the answers."""

    key: str
    title: str
    fields: tuple[Field, ...]
    submit: str
    run: Runner
    triggers: tuple[str, ...] = ()
    intro: str | None = None
    check_first: bool = False  # show the answers back for confirmation before recording
    permission: str = "case.escalate"  # checked by the service layer before the form is shown
    preview: Previewer | None = None
    cross_check: CrossCheck | None = None


def on_field(label: str = "Date it happened") -> Field:
    return Field("on", label, "date", hint="The day of the act itself, for example 14 1 2026. "
                 "It cannot be in the future.", default_today=True)


def reason_field(required: bool = False, label: str = "Reason") -> Field:
    hint = "Recorded in the case history with your name."
    return Field("reason", label, "textarea", required=required, hint=hint)


def parse(spec: FormSpec, form: FormData) -> tuple[Values, dict[str, str]]:
    """The answers, each checked by its kind: text within its length and free of control
    characters (scc.domain.inputs), dates real and within range, numbers bounded, choices among
    those offered. A refused answer is named in the error summary and offered back without the
    characters refused, so nothing the form cannot take reaches a service."""
    values: Values = {}
    errors: dict[str, str] = {}
    for field in spec.fields:
        limit = LIMITS.get(field.kind, inputs.NAME_MAX)
        if field.kind == "checkboxes":
            picked = [str(v) for v in form.getlist(field.name)]
            problem = _refused(field, picked, limit)
            values[field.name] = [inputs.printable(v, limit) for v in picked] if problem \
                else picked
            if problem:
                errors[field.name] = problem
            elif field.required and not picked:
                errors[field.name] = f"Select at least one: {field.label.lower()}."
            continue
        given = date_text(field.name, form) if field.kind == "date" else \
            str(form.get(field.name) or "")
        try:
            inputs.text(field.label, given, limit)
        except InvalidInput as refusal:
            values[field.name] = inputs.printable(given, limit).strip()
            errors[field.name] = str(refusal)
            continue
        raw = given.strip()
        values[field.name] = raw
        if not raw:
            if field.required:
                errors[field.name] = f"Enter {field.label.lower()}." if field.kind != "radios" \
                    else f"Select {field.label.lower()}."
            values[field.name] = None
            continue
        problem = _convert(field, raw, values)
        if problem:
            errors[field.name] = problem
    if not errors and spec.cross_check is not None:
        errors = spec.cross_check(values)
    return values, errors


def lines(text: str | None) -> list[str]:
    """A textarea answered "one per line": its non-empty lines, trimmed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def date_text(name: str, form: Mapping[str, Any]) -> str:
    """A date from its three boxes (day, month, year) as YYYY-MM-DD text, or from one field
    holding that text (the check page's hidden answers, and clients that post ISO dates). Boxes
    that make no date give text that is no date either, refused in the usual way."""
    boxes = [str(form.get(f"{name}-{part}") or "").strip() for part in ("year", "month", "day")]
    if not any(boxes):
        return str(form.get(name) or "")
    year, month, day = boxes
    if not all(boxes):
        return f"{year}-{month}-{day}"
    return f"{year}-{month.zfill(2)}-{day.zfill(2)}"


def _refused(field: Field, picked: list[str], limit: int) -> str | None:
    """Why the ticked boxes cannot be taken, if they cannot: a box this form does not offer."""
    offered = {value for value, _ in field.choices}
    for value in picked:
        try:
            inputs.text(field.label, value, limit)
        except InvalidInput as problem:
            return str(problem)
        if value not in offered:
            return f"Select from the options offered for {field.label.lower()}."
    return None


def _convert(field: Field, raw: str, values: Values) -> str | None:
    if field.kind == "date":
        try:
            values[field.name] = inputs.day(field.label, date.fromisoformat(raw))
        except ValueError:
            return f"{field.label} must be a real date, for example 14 1 2026."
        except InvalidInput as problem:
            return str(problem)
    elif field.kind == "number":
        try:
            values[field.name] = inputs.count(field.label, raw, 1, field.maximum)
        except InvalidInput:
            return f"{field.label} must be a whole number from 1 to {field.maximum:,}."
    elif field.kind == "radios" and raw not in {value for value, _ in field.choices}:
        return f"Select one of the options for {field.label.lower()}."
    return None


def shown(spec: FormSpec, values: Values) -> list[tuple[str, str]]:
    """The answers as a person reads them back (labels, not codes)."""
    rows = []
    for field in spec.fields:
        value = values.get(field.name)
        labels = dict(field.choices)
        if isinstance(value, list):
            text = ", ".join(labels.get(v) or v for v in value) or "none"
        elif value is None:
            text = "not given"
        elif isinstance(value, date):
            text = long_date(value)
        else:
            text = labels.get(str(value), str(value))
        rows.append((field.label, text))
    return rows


def raw_values(values: Values) -> Values:
    """Values as the form fields hold them (dates back to ISO text), to refill a form."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
