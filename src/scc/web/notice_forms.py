"""Notice forms: one mechanism for every notice issued on a case. A form's fields come from the
content rules of its notice type (notices/content-rules.yaml); the notices service drafts the
notice for a preview that writes nothing, then issues it with its documents in the same step as
the case event (NoticeService)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from html import escape
from typing import Any

from scc import notice_rules
from scc.rules import load_rule_book
from scc.web.forms import Field, FormSpec, Values, lines, on_field, reason_field
from scc.web.state import Web

POWERS = (
    ("s63", "s63: require the governing body to enter into arrangements"),
    ("s64", "s64: appoint additional governors"),
    ("s65", "s65: replace the governing body with an interim executive board"),
    ("s66", "s66: suspend the right to a delegated budget"),
)
GROUNDS = (
    ("standards", "(a) standards of performance are unacceptably low and likely to remain so"),
    ("governance", "(b) a serious breakdown in management or governance prejudices standards"),
    ("safety", "(c) the safety of pupils or staff is threatened"),
)
# Wales (SSO(W)A 2013): the grounds of s2 only Wales has, and the authority's powers ss5-9, from
# the rule set (each issued with its notice, power-s5 ... power-s9).
WALES = "wales-2014"
WELSH_GROUND_LABELS = {key: f"Ground {law['number']}: {law['title']}"
                       for key, law in load_rule_book().named(WALES).grounds.items()}
URGENT_GROUNDS = tuple(load_rule_book().named(WALES).urgent_risk["grounds"])
WELSH_POWERS = tuple((code.value, f"{code.value}: {rule.title}")
                     for code, rule in load_rule_book().named(WALES).powers.items())
WELSH_CONSENTED = frozenset(code.value for code, rule in load_rule_book().named(WALES).powers.items()
                            if rule.needs_consent)
CHOICE_LABELS = dict(POWERS + GROUNDS)
# The form's fields are read from the common rules: the rule sets extending them add statements
# the notice must make, not fields the person must supply. Wales's notices (s3) are its own.
RULE_SET = "england-common"
WELSH_NOTICES = frozenset(notice_rules.notice_types(WALES))


def rule_set_of(notice_type: str) -> str:
    """The rule set whose content rules give a notice type's fields."""
    return WALES if notice_type in WELSH_NOTICES else RULE_SET
WIDGETS = {"list": "textarea", "date": "date", "integer": "number", "text": "text"}
Chooser = Callable[[Values], str]


def _field(rule: notice_rules.FieldRule, only: list[str], all_types: int) -> Field:
    label = rule.describes[0].upper() + rule.describes[1:]
    hints = []
    if rule.kind == "list" and not rule.choices:
        hints.append("One item a line.")
    if len(only) < all_types:
        hints.append(f"Only for {' or '.join(t.removeprefix('power-') for t in only)}.")
    if rule.when:
        hints.append(f"Needed when {rule.when[0]} include {rule.when[1]}.")
    if rule.hint:
        hints.append(rule.hint)
    # The notices service, not the form, refuses a missing answer; the label says "(optional)"
    # only where no notice type needs it and no other answer makes it needed.
    optional = not rule.required and not rule.when
    if rule.choices:
        labels = WELSH_GROUND_LABELS if set(only) <= WELSH_NOTICES else CHOICE_LABELS
        choices = tuple((c, labels.get(c, c)) for c in rule.choices)
        # Missing answers are named by the notices service, as for every other field.
        return Field(rule.name, label, "checkboxes", required=False, hint=" ".join(hints) or None,
                     choices=choices, optional=optional)
    return Field(rule.name, label, WIDGETS[rule.kind], required=False,
                 hint=" ".join(hints) or None, optional=optional)


def content_fields(types: tuple[str, ...], skip: tuple[str, ...] = ()) -> tuple[Field, ...]:
    """The union of the fields the given notice types take, in the order the rules give them."""
    seen: dict[str, tuple[notice_rules.FieldRule, list[str]]] = {}
    for notice_type in types:
        rules = notice_rules.content_rules(rule_set_of(notice_type), notice_type)
        for rule in rules.fields:
            if rule.name in rules.fixed or rule.name in skip:
                continue
            known, only = seen.setdefault(rule.name, (rule, []))
            only.append(notice_type)
            if rule.choices and known is not rule:  # England's grounds and Wales's, as one list
                merged = known.choices + tuple(c for c in rule.choices if c not in known.choices)
                seen[rule.name] = (replace(known, choices=merged), only)
    return tuple(_field(rule, only, len(types)) for rule, only in seen.values())


def notice_fields(notice_type: str, values: Values) -> dict[str, Any]:
    """The answers the notice type takes, lists split one item a line, empty ones left out."""
    found: dict[str, Any] = {}
    for rule in notice_rules.content_rules(rule_set_of(notice_type), notice_type).fields:
        value = values.get(rule.name)
        if rule.kind == "list" and isinstance(value, str):
            value = lines(value)
        if value in (None, "", []):
            continue
        found[rule.name] = value.isoformat() if isinstance(value, date) else value
    return found


def notice_form(key: str, title: str, submit: str, triggers: tuple[str, ...],
                types: tuple[str, ...], chooser: Field | None = None,
                pick: Chooser | None = None, on_label: str = "Date the notice is given",
                reason: Field | None = None, intro: str | None = None) -> FormSpec:
    """A FormSpec issuing one notice type, or the one `pick` chooses from the `chooser` answer."""
    choose: Chooser = pick or (lambda values: types[0])

    def preview(web: Web, user: str, reference: str, values: Values) -> str:
        notice_type = choose(values)
        draft = web.notices.preview(user, reference, notice_type,
                                    notice_fields(notice_type, values), values["on"])
        return _shown(draft.html, draft.recipients)

    def run(web: Web, user: str, reference: str, values: Values) -> str:
        notice_type = choose(values)
        issued = web.notices.issue(user, reference, notice_type,
                                   notice_fields(notice_type, values), values["on"],
                                   reason=values.get("reason"))
        return (f"{issued['title']} {issued['reference']} issued to "
                f"{len(issued['recipients'])} recipients.")

    skip = (chooser.name,) if chooser else ()
    fields = ((chooser,) if chooser else ()) + content_fields(types, skip) + (
        on_field(on_label), reason or reason_field())
    return FormSpec(key, title, fields, submit, run, triggers,
                    intro=intro or "You will see the notice and its recipients before it is issued.",
                    check_first=True, preview=preview)


def _shown(html: str, recipients: list[Any]) -> str:
    """The notice's body as it will be sent, then who receives it."""
    found = re.search(r"<body[^>]*>(.*)</body>", html, re.DOTALL)
    body = found.group(1) if found else html
    # The notices templates autoescape every field; their own <style> is dropped (our CSP
    # allows only our stylesheet), the text and structure stay.
    body = re.sub(r"<style.*?</style>", "", body, flags=re.DOTALL)
    # Inside our page the notice's headings sit under the page's own h1 and h2.
    body = re.sub(r"<(/?)h([1-6])\b", lambda m: f"<{m[1]}h{min(6, int(m[2]) + 2)}", body)
    people = "".join(f"<li>{escape(_who(r))}</li>" for r in recipients)
    return f'{body}<h3 class="heading-s">Sent to</h3><ul class="list">{people}</ul>'


def _who(recipient: dict[str, Any]) -> str:
    role = str(recipient.get("role", "")).replace("-", " ")
    name = recipient.get("name") or ""
    return f"{name} ({role})" if name else role
