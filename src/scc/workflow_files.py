"""Reading the YAML of `workflows/` (rule sets, policy packs, visits, notice rules) and the front
matter of `notices/`."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

WORKFLOWS_DIR = Path(__file__).resolve().parents[2] / "workflows"
RULE_SETS_DIR = WORKFLOWS_DIR / "rule-sets"

# Plain words PyYAML (YAML 1.1) reads as a flag or a null, not as text: the readers of a few
# plain lines without PyYAML (scc.calendar_law, scc.category_titles) leave a file that writes one
# where they expect text to the YAML reader.
YAML_FLAGS = frozenset(form for word in ("true", "false", "yes", "no", "on", "off")
                       for form in (word, word.title(), word.upper()))
YAML_NULLS = frozenset({"null", "Null", "NULL", "~"})


def load_yaml(source: str | IO[str]) -> Any:
    """The document in `source`, with only plain YAML types (as yaml.safe_load). PyYAML is
    imported on the first document read: a command that reads none does not pay for it."""
    import yaml

    # libyaml's parser where PyYAML was built with it: the same safe documents in a tenth of the
    # time (the rule book took 60 ms of every command's start-up with the pure-Python parser).
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(source, Loader=loader)
