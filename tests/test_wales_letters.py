"""Bilingual letters (issue 13, item 4): a Welsh authority's s3 warning notice is one document in
Welsh and English (Welsh Language Standards), its Welsh text marked as awaiting the authority's
translators' approval, the school's language preference first, and the event records the hashes."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from scc import notice_rules
from scc import notices as rendering
from scc.application import bilingual
from scc.application.notices import NoticeService
from scc.bootstrap import Services
from scc.domain import ids
from scc.domain.errors import InvalidInput, RuleViolation
from scc.notices import Translation
from tests.conftest import make_services
from tests.test_wales import wales  # noqa: F401  (the Vale, wyn, Ysgol 400001; Calderdale's Oak)

D = date.fromisoformat
VALE = "673"
YSGOL = "400001"
S3 = {"grounds": ["standards", "governance"],
      "evidence": ["Year 6 outcomes well below those of similar schools for three years"],
      "evidence_cy": ["Canlyniadau Blwyddyn 6 ymhell islaw rhai ysgolion tebyg ers tair blynedd"],
      "action_required": ["Agree an improvement plan with the authority"],
      "action_required_cy": ["Cytuno ar gynllun gwella gyda'r awdurdod"],
      "minded_to": ["Appoint additional governors under section 6"],
      "minded_to_cy": ["Penodi llywodraethwyr ychwanegol o dan adran 6"]}


def opened(svc: Services) -> tuple[NoticeService, str]:
    ref = svc.cases.open("wyn", YSGOL, "Outcomes and governance", D("2025-12-01"))
    return NoticeService(svc.ctx, svc.cases), ref


def pdf_text(content: bytes, folder: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    path = folder / "notice.pdf"
    path.write_bytes(content)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True)
    return " ".join(done.stdout.split())


def test_an_s3_warning_notice_is_issued_in_welsh_and_english_with_its_hashes_in_the_event(
        wales, tmp_path):  # noqa: F811
    letters, ref = opened(wales)
    issued = letters.issue("wyn", ref, "s3", S3, D("2025-12-15"))
    assert issued["languages"] == ["en", "cy"]  # no preference: English first
    assert issued["translation"] == {"template": "s3.cy", "version": 1,
                                     "approval": "awaiting the authority's translators' approval"}
    assert issued["untranslated"] == []
    event = list(wales.ctx.store.events.get(ids.case_id(ref)))[-1]
    assert type(event).__name__ == "WarningNoticeIssued"
    for part in ("html", "pdf", "context"):
        digest = event.notice[f"{part}_sha256"]
        assert digest == issued[f"{part}_sha256"]
        assert hashlib.sha256(letters.get("wyn", digest)[1]).hexdigest() == digest
    assert event.notice["languages"] == ["en", "cy"]

    text = pdf_text(letters.get("wyn", issued["pdf_sha256"])[1], tmp_path)
    english = text.index("Given under section 3 of the School Standards and Organisation")
    welsh = text.index("Fe'i rhoddir o dan adran 3 o Ddeddf Safonau a Threfniadaeth Ysgolion")
    assert english < welsh
    for words in ("Friday 9 January 2026 (09/01/2026)", "ddydd Gwener 9 Ionawr 2026 (09/01/2026)",
                  "Annwyl Gadeirydd y Llywodraethwyr", "Dear Chair of Governors",
                  "Cyngor Bro Morgannwg", "Vale of Glamorgan Council",
                  "Sail 1: mae safonau perfformiad disgyblion",
                  "Canlyniadau Blwyddyn 6 ymhell islaw", "Gweinidogion Cymru, Llywodraeth Cymru",
                  "The Welsh Ministers, Welsh Government", "Ref. 400001-1/WN3/2"):
        assert words in text, words


def test_the_school_that_prefers_welsh_has_its_letters_in_welsh_first(
        wales, tmp_path):  # noqa: F811
    shown = wales.schools.welsh("wyn", YSGOL, letters_first="welsh")
    assert shown["letters_first"] == "welsh"
    letters, ref = opened(wales)
    draft = letters.preview("wyn", ref, "s3", S3, D("2025-12-15"))
    assert draft.html.startswith('<!DOCTYPE html>\n<html lang="cy">')
    assert draft.html.index('data-language="cy"') < draft.html.index('data-language="en"')
    issued = letters.issue("wyn", ref, "s3", S3, D("2025-12-15"))
    assert issued["languages"] == ["cy", "en"]
    text = pdf_text(letters.get("wyn", issued["pdf_sha256"])[1], tmp_path)
    assert text.index("Hysbysiad rhybuddio") < text.index("Warning notice")


def test_words_given_only_in_english_are_recorded_and_marked_in_the_welsh_part(wales):  # noqa: F811
    letters, ref = opened(wales)
    fields = {k: v for k, v in S3.items() if k not in ("action_required_cy", "minded_to_cy")}
    issued = letters.issue("wyn", ref, "s3", fields, D("2025-12-15"))
    assert issued["untranslated"] == ["action_required", "minded_to"]
    html = letters.get("wyn", issued["html_sha256"])[1].decode()
    welsh = html[html.index('data-language="cy"'):]
    assert '<ol lang="en-GB">\n  <li>Agree an improvement plan with the authority</li>' in welsh
    described = bilingual.describe(issued)
    assert described and "awaiting the authority's translators' approval" in described
    assert "action_required_cy" in described


def test_each_language_must_state_what_s3_2_requires(wales):  # noqa: F811
    letters, ref = opened(wales)
    draft = letters.preview("wyn", ref, "s3", S3, D("2025-12-15"))
    rules = notice_rules.content_rules("wales-2014", "s3")
    assert rules.unstated(draft.html, {"compliance_end": "2026-01-09"}) == []
    english_only = draft.html.replace('data-statement="compliance-period-cy"', "")
    assert rules.unstated(english_only, {"compliance_end": "2026-01-09"}) == [
        "compliance-period-cy (the compliance period and its end, in Welsh (s3(2)(d)))"]


def test_re_rendering_a_bilingual_notice_gives_byte_identical_html(wales):  # noqa: F811
    letters, ref = opened(wales)
    issued = letters.issue("wyn", ref, "s3", S3, D("2025-12-15"))
    html = next(d for d in letters.list("wyn", ref) if d.part == "html")
    assert letters.rerender("wyn", html).encode() == letters.get("wyn", issued["html_sha256"])[1]


def test_the_welsh_text_is_marked_for_the_translators_and_versioned():
    welsh = rendering.translation("s3", "cy")
    assert welsh is not None and not welsh.approved
    assert welsh.approval == "awaiting the authority's translators' approval"
    assert (welsh.translates, welsh.translates_version) == ("s3", rendering.template("s3").version)
    assert rendering.front_matter(rendering.NOTICES_DIR / "s3.cy.html.j2")["version"] == 1


def test_a_welsh_text_of_an_older_english_version_is_refused_with_nothing_written(
        wales, monkeypatch):  # noqa: F811
    letters, ref = opened(wales)
    stale = Translation("s3.cy", 1, "cy", "s3", 0, rendering.AWAITING_APPROVAL)
    monkeypatch.setattr(bilingual.notices, "translation", lambda *_: stale)
    before = wales.ctx.store.event_count()
    with pytest.raises(RuleViolation) as refusal:
        letters.issue("wyn", ref, "s3", S3, D("2025-12-15"))
    assert "translators must bring it up to date" in str(refusal.value)
    assert wales.ctx.store.event_count() == before


def test_the_language_preference_is_for_welsh_schools_only(wales):  # noqa: F811
    with pytest.raises(RuleViolation):
        wales.schools.welsh("sam", "100001", letters_first="welsh")
    with pytest.raises(InvalidInput):
        wales.schools.welsh("wyn", YSGOL, school_number="3814000")


def test_welsh_dates_in_words():
    assert rendering.welsh_long_date("2026-01-09") == "Dydd Gwener 9 Ionawr 2026 (09/01/2026)"
    assert rendering.welsh_date_words("2025-12-15", mutated=True) == "ddydd Llun 15 Rhagfyr 2025"


def test_the_demo_s_welsh_authority_has_an_s3_notice_in_both_languages(sqlite_url: str):
    from scc.demo import load
    from scc.web.app import create_app
    from tests.web_helpers import signed_in

    svc = make_services(sqlite_url)
    demo = load(svc, wales=True)
    assert "920001-1" in demo.cases
    letters = NoticeService(svc.ctx, svc.cases)
    html = next(d for d in letters.list("wyn", "920001-1") if d.part == "html")
    page = letters.get("wyn", html.sha256)[1].decode()
    assert page.index('data-language="cy"') < page.index('data-language="en"')  # Welsh first
    shown = svc.schools.show("wyn", "920002")["wales"]
    assert shown["support_categories"][0]["category"] == "green"
    assert svc.schools.show("wyn", "920001")["partnership"]["name"] == "Western Vale CLP"
    browser = signed_in(create_app(svc), "wyn", demo.passwords["wyn"])
    assert "National support categories (Wales)" in browser.get("/schools/920002").text
    assert browser.get("/cases/920001-1").status_code == 200
    svc.close()


def vale_through_scc(scc: Any) -> None:
    """The Vale, its Service Manager wyn and Ysgol 400001, set up as an administrator types it."""
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    for args in (("authority", "add", "--policy", "vale-of-glamorgan"),
                 ("user", "add", "wyn", "--role", "service-manager", "--authority", VALE),
                 ("school", "add", "--urn", YSGOL, "--name", "Ysgol Gynradd Sain Tathan",
                  "--type", "community", "--phase", "Primary", "--authority", VALE)):
        assert scc(*args, user="ada").code == 0


def page_as(url: str, name: str, path: str) -> str:
    """The web page at `path` as `name` sees it (given a password here)."""
    from scc.web.app import create_app
    from scc.web.credentials import Credentials
    from tests.web_helpers import signed_in

    services = make_services(url)
    Credentials(services.ctx.engine).set_password(name, "a long enough password 1")
    try:
        return str(signed_in(create_app(services), name, "a long enough password 1").get(
            path).text)
    finally:
        services.close()


def test_scc_says_the_languages_and_the_welsh_text_s_approval(scc, tmp_path):
    vale_through_scc(scc)
    opened = scc("case", "open", "--urn", YSGOL, "--reason", "Outcomes and governance",
                 "--on", "2025-12-01", user="wyn")
    ref = opened.out.strip()
    assert scc("school", "welsh", YSGOL, "--letters-first", "welsh", user="wyn").code == 0
    fields = tmp_path / "s3.yaml"
    fields.write_text("grounds: [standards]\nevidence: [Outcomes low]\n"
                      "action_required: [Agree a plan]\nminded_to: [Appoint governors]\n",
                      encoding="utf-8")
    issued = scc("notice", "issue", ref, "--type", "s3", "--on", "2025-12-15", "--fields",
                 str(fields), "--json", user="wyn")
    assert issued.code == 0, issued.err
    said = " ".join(issued.err.split())
    assert "In Welsh and English, Welsh first." in said
    assert "The Welsh text s3.cy (version 1) is awaiting the authority's translators' approval" \
        in said
    assert "evidence, action_required, minded_to" in said
    assert issued.json()["languages"] == ["cy", "en"]
