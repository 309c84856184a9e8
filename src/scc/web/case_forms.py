"""The forms of every command on a case (CaseService), one FormSpec each."""

from __future__ import annotations

from scc.domain.errors import InvalidInput, NotFound
from scc.rules import load_rule_book
from scc.web.forms import Field, FormSpec, Runner, Values, on_field, reason_field
from scc.web.notice_forms import (
    POWERS,
    URGENT_GROUNDS,
    WELSH_CONSENTED,
    WELSH_GROUND_LABELS,
    WELSH_POWERS,
    notice_form,
)
from scc.web.state import Web


def _call(method: str, *fields: str, done: str) -> Runner:
    """A runner calling CaseService.method(user, reference, *the named fields' values)."""

    def run(web: Web, user: str, reference: str, values: Values) -> str:
        getattr(web.services.cases, method)(user, reference, *(values[f] for f in fields))
        return done

    return run


POWER = Field("power", "Power", "radios", choices=POWERS,
              hint="The powers of ss63-66 of the Education and Inspections Act 2006.")
# A Welsh case's forms offer only what SSO(W)A 2013 gives the authority: the s3 notice on grounds
# 1-6 and the powers ss5-9, each issued with its notice in Welsh and English where the authority
# corresponds in both; the case's rule set still refuses anything else posted to them.
WELSH_POWER = Field("power", "Power", "radios", choices=WELSH_POWERS,
                    hint="The authority's powers of ss5-9 of the School Standards and "
                         "Organisation (Wales) Act 2013.")
WELSH_CONSENT = Field("power", "Power", "radios",
                      choices=tuple((code, label) for code, label in WELSH_POWERS
                                    if code in WELSH_CONSENTED),
                      hint="The power that needs the Welsh Ministers' consent first (s7).")


def _correct(web: Web, user: str, reference: str, values: Values) -> str:
    try:
        web.services.cases.correct(user, reference, values["version"], values["reason"],
                                   values["text"])
    except NotFound as missing:  # a mistyped event number: said on the form, to correct it
        raise InvalidInput(str(missing)) from None
    return f"Correction of event {values['version']} recorded; the original stays in the history."


CORRECT = FormSpec(
    "correct", "Correct the reason recorded on an event",
    (Field("version", "Event number", "number",
           hint="The number shown against the event in the case's timeline."),
     Field("text", "The reason as it should read", "textarea"),
     reason_field(required=True, label="Why the correction is needed")),
    "Record correction", _correct, permission="case.correct",
    intro="Only the reason given for a decision can be corrected; dates and deadlines stand. "
          "The correction is a new entry: the original stays in the history.")

CASE_FORMS = {spec.key: spec for spec in (
    FormSpec("share-concerns", "Share concerns with the school", (on_field(), reason_field()),
             "Record concerns shared", _call("share_concerns", "on", "reason", done="Concerns shared with the school recorded."), ("share_concerns",)),
    notice_form("notice-of-concern", "Issue a notice of concern", "Issue notice of concern",
                ("issue_notice_of_concern",), ("notice-of-concern",)),
    FormSpec("action-plan", "Record the action plan as received",
             (on_field("Date the action plan was received"),), "Record action plan", _call("action_plan_received", "on", done="Action plan recorded as received."),
             ("record_action_plan",)),
    notice_form("warning-notice", "Issue a warning notice", "Issue warning notice",
                ("issue_warning_notice",), ("s60", "s60a"),
                Field("kind", "Kind of warning notice", "radios", choices=(
                    ("s60", "s60 performance standards and safety"),
                    ("s60a", "s60A teachers' pay and conditions"))),
                lambda values: str(values["kind"]),
                reason=reason_field(label="Why the authority is giving this notice")),
    FormSpec("representations", "Record representations to Ofsted",
             (on_field("Date the representations were made"),), "Record representations",
             _call("representations", "on", done="Representations to Ofsted recorded."), ("record_representations",)),
    FormSpec("ofsted-decision", "Record Ofsted's decision on the warning notice",
             (Field("decision", "Ofsted's decision", "radios", choices=(
                 ("confirmed", "Ofsted confirmed the notice"),
                 ("not-confirmed", "Ofsted did not confirm the notice"))),
              on_field("Date of Ofsted's decision")),
             "Record decision", _call("ofsted_decision", "decision", "on",
                   done="Ofsted's decision on the warning notice recorded."),
             ("record_ofsted_confirmation", "record_ofsted_rejection")),
    FormSpec("compliance", "Record whether the governing body complied",
             (Field("outcome", "Outcome", "radios", choices=(
                 ("complied", "The governing body complied: step the case down"),
                 ("not-complied", "The governing body did not comply"))),
              on_field("Date of the decision"), reason_field()),
             "Record compliance decision", _call("compliance", "outcome", "on", "reason", done="Compliance decision recorded."),
             ("record_compliance_met", "record_compliance_not_met")),
    notice_form("intention", "Give notice of intention to intervene",
                "Give notice of intention", ("give_intention_to_intervene",),
                ("intention-to-intervene",)),
    notice_form("rd-notification", "Notify the Regional Director of the intended intervention",
                # Sent while the Regional Director's consent is awaited: offered with that step.
                "Send notification", ("record_rd_consent",), ("rd-notification",),
                on_label="Date the notification is sent"),
    FormSpec("rd-consent", "Record the Regional Director's consent",
             (POWER, on_field("Date of the consent")), "Record consent", _call("rd_consent", "power", "on", done="The Regional Director's consent recorded."),
             ("record_rd_consent",)),
    notice_form("exercise-power", "Exercise an intervention power", "Record power exercised",
                ("exercise_power",), tuple(f"power-{code}" for code, _ in POWERS), POWER,
                lambda values: f"power-{values['power']}", "Date the power is exercised"),
    FormSpec("academy-order", "Record the academy order",
             (on_field("Date of the academy order"),), "Record academy order", _call("academy_order", "on", done="Academy order recorded; the case is transferred."),
             ("make_academy_order",)),
    notice_form("step-down", "Step the case down", "Step down", ("step_down",),
                ("step-down",), on_label="Date it happened",
                reason=reason_field(required=True, label="Why the case steps down")),
    FormSpec("close", "Close the case",
             (on_field(), reason_field(required=True, label="Why the case is closed")),
             "Close case", _call("close", "on", "reason", done="Case closed."), ("close",),
             check_first=True),
    CORRECT,
)}

WELSH_FORMS = {spec.key: spec for spec in (
    notice_form("warning-notice", "Give an s3 warning notice", "Give warning notice",
                ("issue_warning_notice",), ("s3",),
                reason=reason_field(label="Why the authority is giving this notice")),
    FormSpec("rd-consent", "Record the Welsh Ministers' consent",
             (WELSH_CONSENT, on_field("Date of the consent")), "Record consent",
             _call("rd_consent", "power", "on", done="The Welsh Ministers' consent recorded."),
             ("record_rd_consent",)),
    notice_form("exercise-power", "Exercise an intervention power", "Record power exercised",
                ("exercise_power",), tuple(f"power-{code}" for code, _ in WELSH_POWERS),
                WELSH_POWER, lambda values: f"power-{values['power']}",
                "Date the power is exercised"),
    FormSpec("urgent-risk", "Record an urgent risk to health or safety",
             (Field("grounds", "Grounds for intervention", "checkboxes",
                    choices=tuple((g, WELSH_GROUND_LABELS[g]) for g in URGENT_GROUNDS)),
              on_field("Date the authority was satisfied"),
              reason_field(required=True, label="The risk to health or safety, and why it "
                                                "calls for urgent intervention")),
             "Record urgent risk", _call("urgent_risk", "grounds", "on", "reason",
                                         done="The authority has the power to intervene "
                                              "(SSO(W)A 2013 s4(3))."),
             ("record_urgent_risk",), check_first=True,
             intro="Where the authority is satisfied that one or more of grounds 1 to 6 exist "
                   "and there is a related risk to the health or safety of any person that calls "
                   "for urgent intervention, it has the power to intervene without a warning "
                   "notice (SSO(W)A 2013 s4(3))."),
)}


def for_case(key: str, rule_set: str) -> FormSpec | None:
    """The form `key` as the case's law offers it: a Welsh case's own kinds and powers."""
    welsh = load_rule_book().named(rule_set).jurisdiction == "wales"
    return (WELSH_FORMS.get(key) if welsh else None) or CASE_FORMS.get(key)


BY_TRIGGER: dict[str, list[FormSpec]] = {}
# A Welsh form with no English namesake is offered by its own trigger, which only Wales has.
for _spec in [*CASE_FORMS.values(), *(f for k, f in WELSH_FORMS.items() if k not in CASE_FORMS)]:
    for _trigger in _spec.triggers:
        BY_TRIGGER.setdefault(_trigger, []).append(_spec)
