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
rule set {{ case.rule_set }}). Opened on {{ day(case.opened_on) }}.</p>
<p>Exported by {{ exported_by.name }} ({{ exported_by.role }}) at {{ exported_at }}
(UK time).</p>
<h2>The two questions, answered for the moment of the export</h2>
{% set known = as_of.answers.known_at %}{% set position = as_of.answers.position_on %}
<p><strong>{{ known.label }}:</strong> {{ known.state_title }}
(stage {{ known.stage or "-" }}), from {{ known.events | length }}
event{{ "" if known.events | length == 1 else "s" }} recorded by then.</p>
<p><strong>{% if position %}{{ position.label }}:</strong> {{ position.state_title }}
(stage {{ position.stage or "-" }}), from the {{ position.events | length }}
act{{ "" if position.events | length == 1 else "s" }} dated on or before that day.
{% else %}The case's position by the dates of the acts:</strong> no act had taken effect by the
export.{% endif %}</p>
<p>Case chain head: <span class="hash">{{ chain.case_head }}</span><br>
Store chain head: <span class="hash">{{ chain.store_head }}</span>
(notification {{ chain.store_head_notification_id }})</p>
<h2>The school's inspections and categories</h2>
<table><tr><th>Inspected on</th><th>Ofsted outcome</th></tr>
{% for j in records.ofsted %}<tr><td>{{ day(j.inspected_on) }}</td><td>{{ j.outcome }}</td></tr>
{% else %}<tr><td colspan="2">No Ofsted inspection recorded.</td></tr>{% endfor %}
{% for j in records.estyn %}<tr><td>{{ day(j.inspected_on) }}</td><td>Estyn: {{ j.outcome }}</td></tr>
{% endfor %}</table>
<table><tr><th>Effective on</th><th>Step</th><th>Category</th><th>By</th><th>Reason</th></tr>
{% for c in records.category_history %}<tr><td>{{ day(c.effective_on) }}</td><td>{{ c.step }}</td>
<td>{{ c.category or "" }}</td><td>{{ c.actor }} ({{ c.role }})</td><td>{{ c.reason or "" }}</td></tr>
{% else %}<tr><td colspan="5">No category recorded.</td></tr>{% endfor %}</table>
<h2>Visits, improvement plans, progress meetings and support forms</h2>
<ul>
{% for v in records.visits %}<li>Visit {{ v.reference }} on {{ day(v.visit_on) }}: {{ v.state }};
{{ v.reports | length }} report version{{ "" if v.reports | length == 1 else "s" }} sent
{% for r in v.reports %}({{ r.reference }}, {{ day(r.issued_on) }}){% endfor %}</li>
{% endfor %}
{% for p in records.plans %}<li>{{ p.title }} ({{ p.reference }}{% if p.case %}, for case {{ p.case }}{% endif %}),
received {{ day(p.received_on) }}: {{ p.objectives | length }}
objective{{ "" if p.objectives | length == 1 else "s" }}, {{ p.reviews | length }}
termly review{{ "" if p.reviews | length == 1 else "s" }}; {{ p.state }}</li>
{% endfor %}
{% for m in records.meetings %}<li>Progress meeting {{ m.reference }} on {{ day(m.meets_on) }}: {{ m.state }};
{{ m.papers_received | length }} of {{ m.papers_due | length }} papers received;
{{ m.letters | length }} outcome letter{{ "" if m.letters | length == 1 else "s" }} sent</li>
{% endfor %}
{% for f in records.support_forms %}<li>Support form {{ f.form }} of {{ f.record }} ({{ f.reference }})
sent on {{ day(f.sent_on) }}</li>
{% endfor %}
</ul>
<p>Everything recorded for each is in records.json; each report, letter and form as sent in records/.</p>
{% if belongs %}<h2>Uploaded files</h2>
<table><tr><th>File</th><th>Uploaded to</th></tr>
{% for path, record in belongs.items() %}<tr><td>{{ path }}</td><td>{{ record }}</td></tr>{% endfor %}
</table>{% endif %}
<h2>The case's events</h2>
<table>
<tr><th>#</th><th>Recorded at (UK time)</th><th>Effective on</th><th>Event</th><th>By</th>
<th>Reason</th><th>Details</th></tr>
{% for e in events %}
<tr><td>{{ e.version }}</td><td>{{ e.recorded_at_uk }}</td>
<td>{{ day(e.effective_on) if e.effective_on else "" }}</td>
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
