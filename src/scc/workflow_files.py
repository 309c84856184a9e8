"""Reading the YAML of `workflows/` (rule sets, policy packs, visits, notice rules) and the front
matter of `notices/`."""

from __future__ import annotations

from typing import IO, Any

import yaml

# libyaml's parser where PyYAML was built with it: the same safe documents in a tenth of the time
# (the rule book took 60 ms of every command's start-up with the pure-Python parser).
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source: str | IO[str]) -> Any:
    """The document in `source`, with only plain YAML types (as yaml.safe_load)."""
    return yaml.load(source, Loader=_SAFE_LOADER)
