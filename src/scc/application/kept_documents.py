"""A document rendered from its content rules and kept: the visit record and the meeting outcome
letter are checked (every required field given, every required statement made) and their HTML,
PDF and the data they were rendered from kept in the content-addressed document store, named by
SHA-256 in the event that sends them, like an issued notice on a case."""

from __future__ import annotations

from typing import Any

from scc import notice_rules, notices
from scc.application.documents import DocumentStore
from scc.application.notices import canonical_json
from scc.pdf import render_pdf


def render_checked(rule_set: str, notice_type: str, context: dict[str, Any]) -> str:
    """The document's HTML, refused (nothing kept) when it lacks a field or a statement its
    content rules require, each named."""
    rules = notice_rules.content_rules(rule_set, notice_type)
    missing = rules.missing(context["f"])
    if missing:
        raise notices.MissingFields(rules.title, missing)
    html = notices.render(rules.template, context, rules.title)
    unstated = rules.unstated(html, context["f"])
    if unstated:
        raise notices.MissingFields(rules.title, unstated)
    return html


def keep(store: DocumentStore, rule_set: str, context: dict[str, Any]) -> dict[str, Any]:
    """Renders the document and keeps its three parts; returns what the event records."""
    notice = context["notice"]
    html = render_checked(rule_set, notice["type"], context)
    return {
        "type": notice["type"], "template": notice["type"],
        "version": context["versions"]["template"],
        "layout_version": context["versions"]["layout"], "content_rules": rule_set,
        "title": notice["title"], "reference": notice["reference"],
        "recipients": [context["addressee"], *context["copies"]],
        "html_sha256": store.put(html.encode()), "pdf_sha256": store.put(render_pdf(html)),
        "context_sha256": store.put(canonical_json(context)),
    }
