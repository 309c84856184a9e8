"""The authority's policy pack (workflows/policies/NAME.yaml), one active per deployment."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import yaml

from scc.rules import WORKFLOWS_DIR

POLICIES_DIR = WORKFLOWS_DIR / "policies"


class UnknownPolicy(ValueError):
    pass


@dataclass(frozen=True)
class Policy:
    name: str
    authority: str
    address: tuple[str, ...]
    signatory: dict[str, str]
    settings: dict[str, Any] = field(default_factory=dict, repr=False)


def available_policies() -> list[str]:
    return sorted(p.stem for p in POLICIES_DIR.glob("*.yaml"))


@functools.lru_cache(maxsize=8)
def load_policy(name: str) -> Policy:
    path = POLICIES_DIR / f"{name}.yaml"
    if not path.exists():
        raise UnknownPolicy(
            f"No policy pack '{name}'; available: {', '.join(available_policies())}."
        )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Policy(
        name=data["name"], authority=data["authority"], address=tuple(data.get("address", ())),
        signatory=dict(data.get("signatory", {})), settings=data,
    )
