"""The board's chart of spending against the amount approved, per cluster: an SVG drawn on the
server (no script; the page's CSP allows only the service's own), scaled to its container by its
viewBox so it never scrolls sideways, with a title and description for assistive technology and
the same figures in a table beside it on the page."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from scc.domain.money import pounds

WIDTH, LABEL, BAR, GAP = 640, 200, 14, 18  # in the viewBox's units
APPROVED, SPENT = "#1d70b8", "#00703c"  # GOV.UK blue and green, as presentation attributes


def spend_chart(clusters: list[dict[str, str]]) -> str | None:
    """The chart's markup, or None with nothing approved to draw."""
    top = max((max(Decimal(c["approved"]), Decimal(c["spent"])) for c in clusters),
              default=Decimal(0))
    if top <= 0:
        return None
    span = WIDTH - LABEL - 10
    row = 2 * BAR + GAP
    height = 30 + row * len(clusters)
    parts = [(f'<svg class="scc-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
              'aria-labelledby="spend-chart-title spend-chart-desc" '
              'xmlns="http://www.w3.org/2000/svg">'),
             '<title id="spend-chart-title">Spent against approved, by cluster</title>',
             '<desc id="spend-chart-desc">' + escape("; ".join(
                 f"{c['cluster']}: {pounds(c['spent'])} spent of {pounds(c['approved'])} "
                 "approved" for c in clusters)) + ". The table below gives the same figures."
             "</desc>",
             _key(0, APPROVED, "Approved"), _key(120, SPENT, "Spent")]
    for n, cluster in enumerate(clusters):
        y = 30 + n * row
        parts.append(f'<text x="0" y="{y + BAR + 4}" font-size="12" fill="#0b0c0c">'
                     f'{escape(cluster["cluster"][:30])}</text>')
        for offset, key, colour in ((0, "approved", APPROVED), (BAR, "spent", SPENT)):
            length = int(Decimal(cluster[key]) / top * span)
            parts.append(f'<rect x="{LABEL}" y="{y + offset}" width="{max(length, 1)}" '
                         f'height="{BAR - 2}" fill="{colour}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _key(x: int, colour: str, text: str) -> str:
    return (f'<rect x="{LABEL + x}" y="4" width="12" height="12" fill="{colour}"/>'
            f'<text x="{LABEL + x + 18}" y="15" font-size="12" fill="#0b0c0c">{text}</text>')
