"""The categories an authority works to: its policy pack's scheme. Apart from the categorisation
commands, so a list that shows each school's category (the caseload) imports neither the register's
projection nor, through it, the aggregate classes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scc.application.context import Context
from scc.domain.errors import RuleViolation

if TYPE_CHECKING:  # a list names a category only where a school has one
    from scc.domain.authority import Authority
    from scc.domain.categorisation import CategoryScheme


def scheme_of(ctx: Context, authority: Authority) -> CategoryScheme:
    """The categories of the authority's policy pack."""
    policy = ctx.policy(authority)
    if policy.scheme is None:
        raise RuleViolation(f"The policy pack '{policy.name}' defines no categories.")
    return policy.scheme
