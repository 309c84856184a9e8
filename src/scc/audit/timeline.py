"""The readable timeline of a case for a bundle: HTML always, PDF when WeasyPrint is installed."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, StrictUndefined

_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Case {{ case.id }}: timeline</title>
<style>
body { font-family: sans-serif; font-size: 10pt; margin: 1.5em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #eee; }
.hash { font-family: monospace; font-size: 8pt; word-break: break-all; }
</style></head>
<body>
<h1>Case {{ case.id }}: {{ case.school }} (URN {{ case.urn }})</h1>
<p>State when exported: {{ case.state_title }} (stage {{ case.stage or "-" }},
rule set {{ case.rule_set }}). Opened on {{ case.opened_on }}.</p>
<p>Exported by {{ exported_by.name }} ({{ exported_by.role }}) at {{ exported_at }} (UTC).</p>
<p>Case chain head: <span class="hash">{{ chain.case_head }}</span><br>
Store chain head: <span class="hash">{{ chain.store_head }}</span>
(notification {{ chain.store_head_notification_id }})</p>
<table>
<tr><th>#</th><th>Recorded at (UTC)</th><th>Effective on</th><th>Event</th><th>By</th>
<th>Reason</th><th>Details</th></tr>
{% for e in events %}
<tr><td>{{ e.version }}</td><td>{{ e.recorded_at }}</td><td>{{ e.effective_on or "" }}</td>
<td>{{ e.type }}</td><td>{{ e.actor or "" }} ({{ e.role or "" }})</td>
<td>{{ e.data.get("reason") or "" }}</td>
<td>{% for k, v in e.data.items() if k != "reason" %}{{ k }}: {{ v }}<br>{% endfor %}
<span class="hash">sha256 {{ e.event_sha256 }}</span></td></tr>
{% endfor %}
</table>
</body></html>
"""

_ENV = Environment(autoescape=True, undefined=StrictUndefined)


def timeline_html(context: dict[str, Any]) -> bytes:
    return _ENV.from_string(_TEMPLATE).render(**context).encode()


def timeline_pdf(html: bytes) -> bytes | None:
    """The PDF, or None when WeasyPrint (or its system libraries) is not installed."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (ImportError, OSError):
        return None
    pdf: bytes = HTML(string=html.decode()).write_pdf()
    return pdf
