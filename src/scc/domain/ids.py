"""Deterministic identities: the same URN, case reference or user name always maps to the same id,
so lookups need no index and a second "create" collides in the event store instead of duplicating."""

from functools import lru_cache
from uuid import UUID, uuid5

NAMESPACE = UUID("5d8f3c2e-6a1b-4f0e-9c7d-2b3a4e5f6a7b")
# A command derives the same few ids several times (its user, case, school, authority), and a
# SHA-1 each time cost about 50 us a command (profiled); a national register's schools fit.
_REMEMBERED = 65_536


@lru_cache(maxsize=_REMEMBERED)
def school_id(urn: str) -> UUID:
    return uuid5(NAMESPACE, f"school:{urn}")


@lru_cache(maxsize=_REMEMBERED)
def case_id(reference: str) -> UUID:
    return uuid5(NAMESPACE, f"case:{reference}")


@lru_cache(maxsize=_REMEMBERED)
def user_id(name: str) -> UUID:
    return uuid5(NAMESPACE, f"user:{name.lower()}")


def support_plan_id(reference: str) -> UUID:
    return uuid5(NAMESPACE, f"support-plan:{reference}")


AUTHORITY_CALENDAR_ID = uuid5(NAMESPACE, "authority-calendar")


@lru_cache(maxsize=_REMEMBERED)
def authority_id(code: str) -> UUID:
    return uuid5(NAMESPACE, f"authority:{code}")
