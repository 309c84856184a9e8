"""Finding a policy pack by name and reading it once per process. Apart from the pack's values
(scc.policy) and their reading (scc.policy_reading), so that every command, which imports this
through the Context, pays for neither until it reads a pack.

A pack is read when a command first needs it, each value checked: a pack that is not YAML, lacks
a setting or gives one of the wrong kind is refused in one sentence naming the file and the
setting (PolicyPackError: the CLI exits 2, `scc serve` does not start).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from scc.domain.errors import InvalidInput
from scc.workflow_files import WORKFLOWS_DIR

if TYPE_CHECKING:
    from scc.policy import Policy

POLICIES_DIR = WORKFLOWS_DIR / "policies"


class UnknownPolicy(InvalidInput):
    """No pack of that name (SCC_POLICY, `scc authority add --policy`, or an authority's pack
    whose file has gone)."""


class PolicyPackError(InvalidInput):
    """A policy pack file that cannot be used as it is: the file and what is wrong with it."""


def available_policies() -> list[str]:
    return sorted(p.stem for p in POLICIES_DIR.glob("*.yaml"))


@functools.lru_cache(maxsize=8)
def load_policy(name: str) -> Policy:
    path = POLICIES_DIR / f"{name}.yaml"
    if not path.exists():
        raise UnknownPolicy(
            f"No policy pack '{name}'; available: {', '.join(available_policies())}."
        )
    from scc.policy_reading import read_pack  # the YAML reader and the values packs set

    return read_pack(path)
