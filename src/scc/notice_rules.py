"""The content rules of notices (notices/content-rules.yaml), versioned with the rule sets: which
fields each notice type needs, and which statements its rendered HTML must make."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from scc.domain.errors import InvalidInput, RuleViolation
from scc.notices import NOTICES_DIR, long_date, template, welsh_date
from scc.workflow_files import load_yaml

RULES_FILE = NOTICES_DIR / "content-rules.yaml"


@dataclass(frozen=True)
class FieldRule:
    name: str
    kind: str  # text, list, date, integer
    describes: str
    required: bool = True
    choices: tuple[str, ...] = ()
    when: tuple[str, str] | None = None  # required only when field `when[0]` includes `when[1]`
    hint: str | None = None  # what the form says of the field beyond its description


@dataclass(frozen=True)
class ContentRules:
    notice_type: str
    rule_set: str
    template: str
    fixed: dict[str, Any]
    fields: tuple[FieldRule, ...]
    statements: dict[str, dict[str, Any]]
    heading: str | None = None  # a title of its own, where one template serves several types
    statute: str | None = None

    @property
    def title(self) -> str:
        return self.heading or template(self.template).title

    def field(self, name: str) -> FieldRule | None:
        return next((f for f in self.fields if f.name == name), None)

    def applies(self, when: Any, values: dict[str, Any]) -> bool:
        if not when:
            return True
        field, value = when
        return value in (values.get(field) or ())

    def missing(self, values: dict[str, Any]) -> list[str]:
        """Every required field that is absent or empty, with what it must say."""
        return [f"{f.name} ({f.describes})" for f in self.fields
                if f.required and self.applies(f.when, values) and _empty(values.get(f.name))]

    def unstated(self, html: str, values: dict[str, Any]) -> list[str]:
        """Every statement the rendered notice must make but does not."""
        said = statements_in(html)
        problems = []
        welsh = 'data-language="cy"' in html  # a bilingual notice (notices/_bilingual.html.j2)
        for name, rule in self.statements.items():
            if not self.applies(rule.get("when"), values) or (rule.get("language") == "cy"
                                                              and not welsh):
                continue
            text = " ".join(said.get(name, "").split())
            day = rule.get("date") and (welsh_date if rule.get("language") == "cy"
                                        else long_date)(values[rule["date"]])
            if not text:
                problems.append(f"{name} ({rule['describes']})")
            elif day and day not in text:
                problems.append(f"{name} must give {day}")
        return problems


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (list, tuple)):
        return not value or all(_empty(v) for v in value)
    return isinstance(value, str) and not value.strip()


def _when(raw: Any) -> tuple[str, str] | None:
    return (str(raw["field"]), str(raw["includes"])) if raw else None


@functools.lru_cache(maxsize=1)
def _rule_file() -> dict[str, Any]:
    data = load_yaml(RULES_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _notice_rules(rule_set: str) -> dict[str, dict[str, Any]]:
    entry = _rule_file().get(rule_set)
    if entry is None:
        raise RuleViolation(f"No notice content rules for the rule set {rule_set}.")
    merged = _notice_rules(entry["extends"]) if entry.get("extends") else {}
    for kind, rules in (entry.get("notices") or {}).items():
        base = merged.get(kind, {})
        merged[kind] = {
            **base, **rules,
            "fields": {**base.get("fields", {}), **rules.get("fields", {})},
            "statements": {**base.get("statements", {}), **rules.get("statements", {})},
        }
    return merged


def notice_types(rule_set: str) -> list[str]:
    return sorted(_notice_rules(rule_set))


def content_rules(rule_set: str, notice_type: str) -> ContentRules:
    rules = _notice_rules(rule_set).get(notice_type)
    if rules is None:
        raise InvalidInput(
            f"'{notice_type}' is not a notice type; use one of: {', '.join(notice_types(rule_set))}."
        )
    fields = tuple(
        FieldRule(name, spec["kind"], spec["describes"], spec.get("required", True),
                  tuple(spec.get("choices", ())), _when(spec.get("when")), spec.get("hint"))
        for name, spec in rules["fields"].items()
    )
    statements = {name: {**spec, "when": _when(spec.get("when"))}
                  for name, spec in rules["statements"].items()}
    return ContentRules(notice_type, rule_set, rules["template"], dict(rules.get("fixed", {})),
                        fields, statements, rules.get("title"), rules.get("statute"))


class _Statements(HTMLParser):
    """Collects the text of every element marked data-statement="NAME"."""

    VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.open: list[tuple[str, int]] = []
        self.text: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        self.depth += 1
        name = dict(attrs).get("data-statement")
        if name:
            self.open.append((name, self.depth))
            self.text.setdefault(name, [])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        while self.open and self.open[-1][1] >= self.depth:
            self.open.pop()
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        for name, _ in self.open:
            self.text[name].append(data)


def statements_in(html: str) -> dict[str, str]:
    parser = _Statements()
    parser.feed(html)
    parser.close()
    return {name: " ".join(parts) for name, parts in parser.text.items()}
