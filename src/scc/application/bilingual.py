"""Notices in Welsh and English (Welsh Language Standards): which authorities correspond in both,
in which order, and the Welsh words of the letter's frame (authority, addressee, copies).

An authority whose policy pack has a `welsh_language` section gives every notice in Welsh and
English, one document with both (notices/_bilingual.html.j2). The school's language preference
(`scc school welsh URN --letters-first welsh|english`, the school detail `language`) decides which
comes first; without one, the pack's `first` (English unless the pack says otherwise).
"""

from __future__ import annotations

from typing import Any

from scc import notices
from scc.application.recipients import Recipient, in_welsh
from scc.domain.errors import RuleViolation
from scc.domain.school import School
from scc.notices import Template, Translation
from scc.policy import Policy

# What the head of a bilingual notice says in each language: that it is given in both, and that
# the authority welcomes correspondence in Welsh (a correspondence standard of the Welsh Language
# Standards (No. 1) Regulations 2015). The Welsh awaits the authority's translators' approval.
LANGUAGES = {
    "cy": {"code": "cy", "tag": "cy", "name": "Welsh",
           "both": "Rhoddir yr hysbysiad hwn yn Gymraeg ac yn Saesneg. Rydym yn croesawu "
                   "gohebiaeth yn Gymraeg; byddwn yn ateb gohebiaeth yn Gymraeg, ac ni fydd "
                   "gohebu yn Gymraeg yn arwain at oedi."},
    "en": {"code": "en", "tag": "en-GB", "name": "English",
           "both": "This notice is given in Welsh and English. We welcome correspondence in "
                   "Welsh; we will answer correspondence in Welsh, and corresponding in Welsh "
                   "will not lead to delay."},
}
# Fields a Welsh part gives in Welsh where the person issuing wrote them (FIELD_cy).
FREE_TEXT = ("evidence", "action_required", "minded_to", "reasons", "requirements", "directions")
KIND_OF_DOCUMENT = {"notice": "hysbysiad", "letter": "llythyr"}


def welsh_settings(policy: Policy) -> dict[str, Any] | None:
    settings = policy.settings.get("welsh_language")
    return dict(settings) if settings else None


def order(school: School, policy: Policy) -> list[str]:
    """The languages in the order the school's letters give them."""
    settings = welsh_settings(policy) or {}
    first = school.details.get("language") or settings.get("first") or "en"
    return [first, "cy" if first == "en" else "en"]


def translation_for(template: Template, policy: Policy) -> Translation | None:
    """The Welsh text a notice of this template is given with, or None where the authority
    corresponds in English only. A Welsh authority's notice without a current Welsh text is
    refused: the Welsh would be missing or translate words the English no longer says."""
    if welsh_settings(policy) is None:
        return None
    found = notices.translation(template.id, "cy")
    if found is None:
        raise RuleViolation(
            f"{policy.authority} gives its notices in Welsh and English, and the {template.title} "
            f"has no Welsh text yet (notices/{template.id}.cy.html.j2). Nothing was issued.")
    if found.translates_version != template.version:
        raise RuleViolation(
            f"The Welsh text of the {template.title} ({found.id}, version {found.version}) "
            f"translates version {found.translates_version} of the English, which is now at "
            f"version {template.version}: the authority's translators must bring it up to date "
            "first. Nothing was issued.")
    return found


def context(school: School, policy: Policy, template: Template, found: Translation,
            recipients: list[Recipient], values: dict[str, Any]) -> dict[str, Any]:
    """What the bilingual layout adds to a notice's context."""
    settings = welsh_settings(policy) or {}
    titles = {"en": template.title, "cy": notices.front_matter(
        notices.NOTICES_DIR / f"{found.id}.html.j2")["title"]}
    files = {"en": f"{template.id}.html.j2", "cy": f"{found.id}.html.j2"}
    welsh = [in_welsh(r, policy) for r in recipients]
    return {
        "languages": [{**LANGUAGES[code], "title": titles[code], "template": files[code]}
                      for code in order(school, policy)],
        "welsh": {
            "authority": {"name": settings["authority"], "address": list(settings["address"]),
                          "signatory_title": settings["signatory_title"]},
            "addressee": welsh[0], "copies": welsh[1:],
            "salutation": welsh[0].get("salutation") or "Annwyl Syr neu Fadam",
            "kind_of_document": KIND_OF_DOCUMENT[template.kind_of_document],
            "translation": {"template": found.id, "version": found.version,
                            "approval": found.approval},
            "untranslated": [name for name in FREE_TEXT
                             if values.get(name) and not values.get(f"{name}_cy")],
        },
    }


def record(context: dict[str, Any]) -> dict[str, Any]:
    """What the notice's event records of its languages: their order, the Welsh text's version
    and approval, and the fields given in English only."""
    if "languages" not in context:
        return {}
    welsh = context["welsh"]
    return {"languages": [part["code"] for part in context["languages"]],
            "translation": dict(welsh["translation"]),
            "untranslated": list(welsh["untranslated"])}


def describe(recorded: dict[str, Any]) -> str | None:
    """What `scc notice preview|issue` says of a notice's languages (`recorded` as `record`
    gives it), or None for a notice in English only."""
    if not recorded.get("languages"):
        return None
    names = [LANGUAGES[code]["name"] for code in recorded["languages"]]
    welsh = recorded["translation"]
    said = (f"In {names[0]} and {names[1]}, {names[0]} first. The Welsh text {welsh['template']} "
            f"(version {welsh['version']}) is {welsh['approval']}.")
    if recorded["untranslated"]:
        said += (" Given in English only in the Welsh part: "
                 f"{', '.join(recorded['untranslated'])} (give them as "
                 f"{', '.join(name + '_cy' for name in recorded['untranslated'])}).")
    return said
