"""The categories an authority works to: its policy pack's scheme. Apart from the categorisation
commands, so a list that shows each school's category (the caseload) imports neither the register's
projection nor, through it, the aggregate classes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scc.application.context import Context
from scc.category_titles import category_titles
from scc.domain.errors import RuleViolation
from scc.policy_packs import pack_file

if TYPE_CHECKING:  # a list names a category only where a school has one
    from scc.domain.authority import Authority
    from scc.domain.categorisation import CategoryScheme


def scheme_of(ctx: Context, authority: Authority) -> CategoryScheme:
    """The categories of the authority's policy pack."""
    policy = ctx.policy(authority)
    if policy.scheme is None:
        raise RuleViolation(f"The policy pack '{policy.name}' defines no categories.")
    return policy.scheme


def category_title(ctx: Context, authority: Authority, code: str) -> str:
    """The title the authority's policy pack gives category `code`: read from the pack's
    categories alone where they are written in the block form scc.category_titles reads, else
    (and for a code the pack does not name, whose refusal is the scheme's) from the whole pack."""
    titles = category_titles(pack_file(authority.policy))
    title = titles.get(code.casefold()) if titles is not None else None
    return title if title is not None else scheme_of(ctx, authority).category(code).title
