"""The warning notice form: drafted by the notices service, previewed, then issued with its
documents in the same step as the case event (NoticeService)."""

from __future__ import annotations

import re
from datetime import date
from html import escape
from typing import Any

from scc.web.forms import Values
from scc.web.state import Web

NOTICE_FIELDS = ("grounds", "evidence", "action_required", "minded_to", "compliance_days",
                 "compliance_end")


def notice_fields(values: Values) -> dict[str, Any]:
    found = {}
    for name in NOTICE_FIELDS:
        value = values.get(name)
        if value in (None, "", []):
            continue
        found[name] = value.isoformat() if isinstance(value, date) else value
    if values.get("kind") == "s60a":
        found.pop("grounds", None)
    return found


def issue_warning_notice(web: Web, user: str, reference: str, values: Values) -> str:
    issued = web.notices.issue(user, reference, values["kind"], notice_fields(values),
                               values["on"], reason=values["reason"])
    return (f"Warning notice {issued['reference']} issued to {len(issued['recipients'])} "
            "recipients; the compliance period has started.")


def preview_warning_notice(web: Web, user: str, reference: str, values: Values) -> str:
    """The notice's body as it will be sent, then who receives it."""
    draft = web.notices.preview(user, reference, values["kind"], notice_fields(values),
                                values["on"])
    found = re.search(r"<body[^>]*>(.*)</body>", draft.html, re.DOTALL)
    body = found.group(1) if found else draft.html
    # The notices templates autoescape every field; their own <style> is dropped (our CSP
    # allows only our stylesheet), the text and structure stay.
    body = re.sub(r"<style.*?</style>", "", body, flags=re.DOTALL)
    # Inside our page the notice's headings sit under the page's own h1 and h2.
    body = re.sub(r"<(/?)h([1-6])\b", lambda m: f"<{m[1]}h{min(6, int(m[2]) + 2)}", body)
    people = "".join(f"<li>{escape(_who(r))}</li>" for r in draft.recipients)
    return f'{body}<h3 class="heading-s">Sent to</h3><ul class="list">{people}</ul>'


def _who(recipient: dict[str, Any]) -> str:
    role = str(recipient.get("role", "")).replace("-", " ")
    name = recipient.get("name") or ""
    return f"{name} ({role})" if name else role
