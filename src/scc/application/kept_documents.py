"""A document of a school's record rendered from its content rules and kept: the visit record and
the meeting outcome letter are framed alike (letterhead, recipients, reference), checked (every
required field given, every required statement made) and their HTML, PDF and the data they were
rendered from kept in the content-addressed document store, named by SHA-256 in the event that
sends them, like an issued notice on a case."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from scc import notice_rules, notices
from scc.application.documents import DocumentStore
from scc.application.notices import LAYOUT, canonical_json
from scc.application.recipients import derive
from scc.domain.school import School
from scc.pdf import render_pdf
from scc.policy import Policy


def context_for(rule_set: str, notice_type: str, reference: str, school: School, policy: Policy,
                on: date, fields: dict[str, Any],
                contacts: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """What the document is rendered from: its fields (`f`), the school, the authority and the
    recipients its template names (the school's recorded contacts where given). `reference`:
    the record's, numbered (e.g. 900001-V1/1): the template's code goes between."""
    rules = notice_rules.content_rules(rule_set, notice_type)
    template = notices.template(rules.template)
    recipients = derive(template, school, policy, on, False, contacts)
    record, _, number = reference.rpartition("/")
    return {
        "notice": {"type": notice_type, "title": rules.title,
                   "reference": f"{record}/{template.code}/{number}",
                   "date": on.isoformat(), "statute": None,
                   "kind_of_document": template.kind_of_document},
        "authority": {"name": policy.authority, "address": list(policy.address),
                      "signatory": dict(policy.signatory)},
        "school": {"name": school.name, "urn": school.urn},
        "addressee": recipients[0], "copies": recipients[1:],
        "salutation": recipients[0]["salutation"] or "Dear Headteacher",
        "f": fields,
        "versions": {"template": template.version,
                     "layout": notices.front_matter(LAYOUT)["version"], "content_rules": rule_set},
    }


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
