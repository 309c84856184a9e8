"""The workflow of a rule set as a picture, the current state marked, drawn by graphviz `dot`.

The picture is a convenience: the page also lists the states as text, marking the current one in
words, so nothing depends on seeing the colours (or on graphviz being installed)."""

from __future__ import annotations

import functools
import shutil
import subprocess
from html import escape

from scc.rules import RuleSet


def dot_source(rules: RuleSet, current: str) -> str:
    lines = ["digraph workflow {", 'rankdir=TB; bgcolor="transparent"; nodesep=0.3; ranksep=0.35;',
             ('node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica",'
              ' fontsize=11, color="#505a5f"]; edge [color="#505a5f", fontname="Helvetica",'
              ' fontsize=9];')]
    for state, spec in rules.states.items():
        label = escape(f"{spec['title']}")
        stage = spec.get("stage")
        prefix = f"Stage {stage}: " if stage else ""
        if state == current:
            lines.append(f'"{state}" [label="{prefix}{label}\\n(current state)", penwidth=3, '
                         'fillcolor="#ffdd00", color="#0b0c0c"];')
        else:
            lines.append(f'"{state}" [label="{prefix}{label}"];')
    for transition in rules.machine.get_transitions():
        dest = transition.dest or transition.source
        # Every open state can close; drawing each of those edges would hide the rest.
        if dest != transition.source and dest != "closed":
            lines.append(f'"{transition.source}" -> "{dest}";')
    lines.append("}")
    return "\n".join(dict.fromkeys(lines))  # one edge per pair, however many triggers


@functools.lru_cache(maxsize=64)
def _svg(source: str) -> str | None:
    dot = shutil.which("dot")
    if dot is None:
        return None
    done = subprocess.run([dot, "-Tsvg"], input=source, capture_output=True, text=True,
                          timeout=20, check=False)
    if done.returncode != 0:
        return None
    svg = done.stdout
    return svg[svg.index("<svg"):] if "<svg" in svg else None


def workflow_svg(rules: RuleSet, current: str) -> str | None:
    """The SVG markup (trusted: made from our own workflow files), or None without graphviz."""
    return _svg(dot_source(rules, current))
