"""Notices: preview, issue, list and fetch. Issuing a notice is one case event plus its documents.

The fields are checked against the content rules of the notice type under the case's rule set
(every missing field is named at once), the recipients are derived from the school, the HTML is
rendered and checked to state what the rules require, and only then is the PDF made. The HTML,
the PDF and the data they were rendered from go into the content-addressed store, and the event
that changes the case (for a warning notice, the one that starts the compliance period) records
the template, its version, the recipients and the SHA-256 of each file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from scc import notice_rules, notices
from scc.application import bilingual
from scc.application.cases import CaseService
from scc.application.contacts import by_role
from scc.application.context import Context
from scc.application.documents import (
    DocumentStore,
    IssuedDocument,
    document_store,
    issued_documents,
    valid_prefix,
)
from scc.application.recipients import Recipient, derive, given, keep_derived
from scc.application.scope import Scope, scope_of
from scc.domain import ids, inputs
from scc.domain.case import ConcernCase
from scc.domain.errors import InvalidInput, NotFound, RuleViolation
from scc.domain.guards import Act
from scc.domain.school import School
from scc.domain.workflow import Deadline
from scc.pdf import render_pdf
from scc.policy import Policy
from scc.projections.queries import list_cases

LAYOUT = notices.NOTICES_DIR / "_letter.html.j2"
# The workflow trigger each kind of notice accompanies: checked before anything is rendered.
TRIGGERS = {"notice-of-concern": "issue_notice_of_concern", "warning-notice": "issue_warning_notice",
            "intention": "give_intention_to_intervene", "power": "exercise_power"}
# The notice types that are warning notices (EIA 2006 s60, s60A; SSO(W)A 2013 s3): their
# compliance period is computed as the warning-notice command computes it.
WARNING_NOTICES = frozenset({"s60", "s60a", "s3"})


@dataclass(frozen=True)
class Draft:
    reference: str
    title: str
    recipients: list[Recipient]
    context: dict[str, Any]
    html: str


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _coerce(rule: notice_rules.FieldRule, value: Any) -> Any:
    """A field's value as its rule's kind takes it, within the bounds of scc.domain.inputs: the
    one check of notice fields, whether they come from --fields/--set or a web notice form."""
    if rule.kind == "list":
        given = value if isinstance(value, (list, tuple)) else [value]
        if len(given) > inputs.LIST_MAX:
            raise InvalidInput(f"{rule.name} has {len(given):,} items; it may have at most "
                               f"{inputs.LIST_MAX:,}.")
        items = [inputs.text(rule.name, str(v), inputs.TEXT_MAX).strip() for v in given]
        wrong = [v for v in items if rule.choices and v not in rule.choices]
        if wrong:
            raise InvalidInput(f"{rule.name}: '{inputs.shown(wrong[0])}' is not one of "
                               f"{', '.join(rule.choices)}.")
        return list(dict.fromkeys(v for v in items if v))
    if isinstance(value, (list, tuple)):
        raise InvalidInput(f"{rule.name} takes one value, not several.")
    if rule.kind == "date":
        if isinstance(value, date):
            return inputs.day(rule.name, value).isoformat()
        return inputs.parse_day(rule.name, str(value)).isoformat()
    if rule.kind == "integer":
        high = inputs.COMPLIANCE_DAYS_MAX if rule.name == "compliance_days" \
            else inputs.WORKING_DAYS_MAX
        return inputs.count(rule.name, value, 1, high)
    return inputs.text(rule.name, str(value), inputs.TEXT_MAX).strip()


def _values(rules: notice_rules.ContentRules, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = [name for name in fields if rules.field(name) is None]
    if unknown:
        allowed = ", ".join(f.name for f in rules.fields)
        raise InvalidInput(f"The {rules.title} takes no field {', '.join(unknown)}; it takes: "
                           f"{allowed}.")
    return {name: _coerce(rules.field(name), value)  # type: ignore[arg-type]
            for name, value in fields.items() if value is not None}


def _document(template_id: str, context: dict[str, Any]) -> str:
    """The template that renders the whole document: the bilingual layout where the notice is
    given in two languages, else the notice's own template."""
    return "_bilingual" if "languages" in context else template_id


def _warning_notice(case: ConcernCase) -> dict[str, Any] | None:
    if case.warning_notice is None:
        return None
    windows = [d["due"] for k, d in case.deadlines.items() if k.startswith("intervention-window-")]
    return {"kind": case.warning_notice["kind"], "grounds": case.warning_notice["grounds"],
            "issued_on": case.warning_notice["issued_on"].isoformat(),
            "compliance_end": str(case.due("compliance-period") or ""),
            "window_end": max(windows).isoformat() if windows else None}


class NoticeService:
    def __init__(self, ctx: Context, cases: CaseService, store: DocumentStore | None = None) -> None:
        self.ctx = ctx
        self.cases = cases
        self.store = store or document_store(ctx.engine)

    # Drafting: the same path for preview and issue.

    def _draft(self, case: ConcernCase, school: School, act: Act, notice_type: str,
               fields: dict[str, Any], facts: dict[str, Any], added: list[Recipient]) -> Draft:
        rules = notice_rules.content_rules(act.workflow.name, notice_type)
        template = notices.template(rules.template)
        values = {**_values(rules, fields), **rules.fixed}
        policy = self.ctx.policy_of(school)
        values.update(self._computed(notice_type, facts, values, act, policy))
        missing = rules.missing(values)
        if missing:
            raise notices.MissingFields(rules.title, missing)
        welsh = bilingual.translation_for(template, policy)
        derived = derive(template, school, policy, act.on, case.warning_notice is not None,
                         by_role(self.ctx, school.urn, act.on))
        recipients = keep_derived(derived, derived + added)
        reference = f"{case.reference}/{template.code}/{case.version + 1}"
        context = {
            "notice": {"type": notice_type, "title": rules.title, "reference": reference,
                       "date": act.on.isoformat(), "statute": rules.statute or template.statute,
                       "kind_of_document": template.kind_of_document},
            "authority": {"name": policy.authority, "address": list(policy.address),
                          "signatory": dict(policy.signatory)},
            "school": {"name": school.name, "urn": school.urn, "type": school.details.get("type"),
                       "diocese": given(school.details.get("diocese"))},
            "case": {"reference": case.reference, "rule_set": act.workflow.name,
                     "warning_notice": _warning_notice(case)},
            "addressee": recipients[0], "copies": recipients[1:],
            "salutation": recipients[0]["salutation"] or "Dear Sir or Madam",
            "powers": {p.value: rule.title
                       for p, rule in self.ctx.rules.named(act.workflow.name).powers.items()},
            "f": values,
            "versions": {"template": template.version, "layout": notices.front_matter(LAYOUT)[
                "version"], "content_rules": act.workflow.name},
        }
        if welsh is not None:  # Welsh and English, one document (Welsh Language Standards)
            context.update(bilingual.context(school, policy, template, welsh, recipients, values))
        html = notices.render(_document(rules.template, context), context, rules.title)
        unstated = rules.unstated(html, values)
        if unstated:
            raise RuleViolation(f"The {rules.title} would not state: {'; '.join(unstated)}. "
                                "Nothing was issued.")
        return Draft(reference, rules.title, recipients, context, html)

    def _computed(self, notice_type: str, facts: dict[str, Any], given: dict[str, Any],
                  act: Act, policy: Policy) -> dict[str, Any]:
        """Values the system works out: a warning notice's dates, the policy's periods."""
        found: dict[str, Any] = {}
        if notice_type in WARNING_NOTICES and not given.get("compliance_end"):
            found["compliance_days"] = self.cases.compliance_days(
                self.ctx.rules.named(act.workflow.name), act, given.get("compliance_days"))[0]
        deadlines: list[Deadline] = facts.get("deadlines", [])
        for deadline in deadlines:
            if deadline.kind == "compliance-period":
                found["compliance_end"] = deadline.due.isoformat()
            if deadline.kind == "representations-period":
                found["representations_end"] = deadline.due.isoformat()
        if notice_type == "visit-report":
            visits = policy.settings.get("visits") or {}
            found["return_working_days"] = int(visits.get("return_due_working_days", 5))
        return found

    def _deadlines(self, notice_type: str, fields: dict[str, Any], act: Act) -> list[Deadline]:
        if notice_type not in WARNING_NOTICES:
            return []
        days, end = fields.get("compliance_days"), fields.get("compliance_end")
        return self.cases.warning_notice_deadlines(
            notice_type, act, int(days) if days else None,
            date.fromisoformat(str(end)) if end else None)

    # Commands and queries

    def preview(self, user: str | None, ref: str, notice_type: str, fields: dict[str, Any],
                on: date, added: list[Recipient] | None = None) -> Draft:
        case, school, act = self.cases.prepare(user, ref, on)
        facts = {"deadlines": self._deadlines(notice_type, fields, act)}
        return self._draft(case, school, act, notice_type, fields, facts, added or [])

    def issue(self, user: str | None, ref: str, notice_type: str, fields: dict[str, Any],
              on: date, added: list[Recipient] | None = None,
              reason: str | None = None) -> dict[str, Any]:
        issued: dict[str, Any] = {}

        def attach(case: ConcernCase, act: Act, facts: dict[str, Any]) -> dict[str, Any]:
            template = notices.template(notice_rules.content_rules(act.workflow.name,
                                                              notice_type).template)
            if template.issues_with in TRIGGERS:
                act.workflow.step(case.state, TRIGGERS[template.issues_with])
            school = self.ctx.get(ids.school_id(case.urn), School, f"No school {case.urn}.")
            draft = self._draft(case, school, act, notice_type, fields, facts, added or [])
            issued.update(self._keep(notice_type, draft))
            return issued

        self._dispatch(user, ref, notice_type, fields, on, reason, attach)
        return issued

    def _keep(self, notice_type: str, draft: Draft) -> dict[str, Any]:
        versions = draft.context["versions"]
        return {
            "type": notice_type, "template": notice_rules.content_rules(
                versions["content_rules"], notice_type).template,
            "version": versions["template"], "layout_version": versions["layout"],
            "content_rules": versions["content_rules"], "title": draft.title,
            "reference": draft.reference, "recipients": draft.recipients,
            "html_sha256": self.store.put(draft.html.encode()),
            "pdf_sha256": self.store.put(render_pdf(draft.html)),
            "context_sha256": self.store.put(canonical_json(draft.context)),
            **bilingual.record(draft.context),
        }

    def _dispatch(self, user: str | None, ref: str, notice_type: str, fields: dict[str, Any],
                  on: date, reason: str | None, attach: Any) -> None:
        case, _, act = self.cases.prepare(user, ref, on, "case.escalate")
        rules = notice_rules.content_rules(act.workflow.name, notice_type)
        kind = notices.template(rules.template).issues_with
        values = {**_values(rules, fields), **rules.fixed}
        cases = self.cases
        if notice_type == "rd-notification":  # the notification a policy pack may require
            cases.rd_notification(user, ref, values.get("powers", []), on, reason, attach)
        elif kind == "letter":
            cases.send_letter(user, ref, on, attach)
        elif kind == "notice-of-concern":
            plan_due = date.fromisoformat(values["plan_due"]) if values.get("plan_due") else on
            cases.notice_of_concern(user, ref, on, plan_due, reason, attach)
        elif kind == "warning-notice":
            days, end = values.get("compliance_days"), values.get("compliance_end")
            cases.warning_notice(user, ref, notice_type, values.get("grounds", []), on, days,
                                 date.fromisoformat(end) if end else None, reason, attach)
        elif kind == "intention":
            cases.intention_to_intervene(user, ref, values.get("powers", []), on, reason, attach)
        elif kind == "power":
            cases.exercise_power(user, ref, values["power"], on, reason, attach)
        elif case.state == "warning_notice":  # step-down at the end of the compliance period
            cases.compliance(user, ref, "complied", on, reason, attach)
        else:
            cases.step_down(user, ref, on, reason or "; ".join(values.get("progress", [])),
                            attach)

    def list(self, user: str | None, ref: str) -> list[IssuedDocument]:
        """The documents issued on a case whose school is in the user's scope."""
        actor = self.ctx.actor(user, "case.read")
        case = self.ctx.get(ids.case_id(ref), ConcernCase, f"There is no case {ref}.")
        scope_of(self.ctx, actor).case(case.urn, ref)
        return issued_documents(self.ctx.store.events.get(case.id))

    def get(self, user: str | None, document_id: str) -> tuple[str, bytes]:
        """A document by its SHA-256 (or a prefix): one issued on a case in the user's scope.
        Outside it the document is not found, in the words used for one that does not exist."""
        scope = scope_of(self.ctx, self.ctx.actor(user, "case.read"))
        digest = self.store.resolve(document_id) if scope.authorities is None \
            else self._issued_in(scope, document_id)
        return digest, self.store.get(digest)

    def _issued_in(self, scope: Scope, document_id: str) -> str:
        prefix = valid_prefix(document_id)
        cases = scope.only(list_cases(self.ctx.engine, include_closed=True))
        found = {d.sha256 for case in cases
                 for d in issued_documents(self.ctx.store.events.get(ids.case_id(case["id"])))
                 if d.sha256.startswith(prefix)}
        if len(found) > 1:
            raise InvalidInput(f"{prefix} names {len(found)} documents; give more of its SHA-256.")
        if not found:
            raise NotFound(f"There is no document {prefix}.")
        return found.pop()

    def rerender(self, user: str | None, document: IssuedDocument) -> str:
        """The HTML rendered again from the data kept with the issued notice."""
        self.ctx.actor(user, "case.read")
        current = notices.template(document.template).version
        if current != document.template_version:
            raise RuleViolation(
                f"The template {document.template} is now at version {current}; the notice was "
                f"issued with version {document.template_version}. The issued copy is kept."
            )
        context_id = next(d.sha256 for d in self.list(user, document.reference.split("/")[0])
                          if d.reference == document.reference and d.part == "context")
        context = json.loads(self.store.get(context_id))
        kept = (context.get("welsh") or {}).get("translation")
        now = notices.translation(document.template, "cy") if kept else None
        if kept and (now is None or now.version != kept["version"]):
            raise RuleViolation(
                f"The Welsh text {kept['template']} is now at version "
                f"{now.version if now else 'none'}; the notice was issued with version "
                f"{kept['version']}. The issued copy is kept.")
        return notices.render(_document(document.template, context), context)
