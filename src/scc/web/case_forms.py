"""The forms of every command on a case (CaseService), one FormSpec each."""

from __future__ import annotations

from scc.domain.errors import InvalidInput, NotFound
from scc.web.forms import Field, FormSpec, Runner, Values, on_field, reason_field
from scc.web.notice_forms import issue_warning_notice, preview_warning_notice
from scc.web.state import Web

POWERS = (
    ("s63", "s63: require the governing body to enter into arrangements"),
    ("s64", "s64: appoint additional governors"),
    ("s65", "s65: replace the governing body with an interim executive board"),
    ("s66", "s66: suspend the right to a delegated budget"),
)
GROUNDS = (
    ("standards", "(a) standards of performance are unacceptably low and likely to remain so"),
    ("governance", "(b) a serious breakdown in management or governance prejudices standards"),
    ("safety", "(c) the safety of pupils or staff is threatened"),
)


def _call(method: str, *fields: str, done: str) -> Runner:
    """A runner calling CaseService.method(user, reference, *the named fields' values)."""

    def run(web: Web, user: str, reference: str, values: Values) -> str:
        getattr(web.services.cases, method)(user, reference, *(values[f] for f in fields))
        return done

    return run


POWER = Field("power", "Power", "radios", choices=POWERS)


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
    FormSpec("notice-of-concern", "Issue a notice of concern",
             (on_field("Date the notice is issued"),
              Field("plan_due", "Action plan due", "date",
                    hint="The date the governing body must send its action plan by."),
              reason_field()),
             "Issue notice of concern", _call("notice_of_concern", "on", "plan_due", "reason",
                   done="Notice of concern recorded; the action plan deadline is set."), ("issue_notice_of_concern",)),
    FormSpec("action-plan", "Record the action plan as received",
             (on_field("Date the action plan was received"),), "Record action plan", _call("action_plan_received", "on", done="Action plan recorded as received."),
             ("record_action_plan",)),
    FormSpec("warning-notice", "Issue a warning notice",
             (Field("kind", "Kind of warning notice", "radios", choices=(
                 ("s60", "s60 performance standards and safety"),
                 ("s60a", "s60A teachers' pay and conditions"))),
              Field("grounds", "Grounds (s60 only)", "checkboxes", required=False,
                    hint="An s60 notice needs at least one ground; an s60A notice none.",
                    choices=GROUNDS),
              Field("evidence", "The matters the authority's conclusion rests on (the evidence)",
                    "textarea"),
              Field("action_required", "The action the governing body must take", "textarea"),
              Field("minded_to", "What the authority is minded to do if it does not comply",
                    "textarea", hint="For example: appoint additional governors under s64."),
              on_field("Date the notice is given"),
              Field("compliance_days", "Compliance period in working days", "number",
                    required=False, hint="Leave empty for the policy default (15 working days), "
                    "or give an end date below instead."),
              Field("compliance_end", "Compliance period ends on", "date", required=False,
                    hint="Only if the notice sets an end date rather than a number of days."),
              reason_field(label="Why the authority is giving this notice")),
             "Issue warning notice", issue_warning_notice, ("issue_warning_notice",),
             intro="You will see the notice and its recipients before it is issued.",
             check_first=True, preview=preview_warning_notice),
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
    FormSpec("intention", "Give notice of intention to intervene",
             (Field("powers", "Powers the authority proposes to exercise", "checkboxes",
                    choices=POWERS), on_field("Date the notice is given"), reason_field()),
             "Give notice of intention", _call("intention_to_intervene", "powers", "on", "reason",
                   done="Notice of intention to intervene recorded."), ("give_intention_to_intervene",)),
    FormSpec("rd-consent", "Record the Regional Director's consent",
             (POWER, on_field("Date of the consent")), "Record consent", _call("rd_consent", "power", "on", done="The Regional Director's consent recorded."),
             ("record_rd_consent",)),
    FormSpec("exercise-power", "Exercise an intervention power",
             (POWER, on_field("Date the power is exercised"), reason_field()),
             "Record power exercised", _call("exercise_power", "power", "on", "reason",
                   done="Intervention power recorded as exercised."), ("exercise_power",)),
    FormSpec("academy-order", "Record the academy order",
             (on_field("Date of the academy order"),), "Record academy order", _call("academy_order", "on", done="Academy order recorded; the case is transferred."),
             ("make_academy_order",)),
    FormSpec("step-down", "Step the case down",
             (on_field(), reason_field(required=True, label="Why the case steps down")),
             "Step down", _call("step_down", "on", "reason", done="Case stepped down."), ("step_down",)),
    FormSpec("close", "Close the case",
             (on_field(), reason_field(required=True, label="Why the case is closed")),
             "Close case", _call("close", "on", "reason", done="Case closed."), ("close",)),
    CORRECT,
)}

BY_TRIGGER = {trigger: spec for spec in CASE_FORMS.values() for trigger in spec.triggers}
