"""The forms of the visit commands (VisitService) and which of them each visit state offers."""

from __future__ import annotations

from scc.domain.visit import ProgressJudgement
from scc.web.forms import Field, FormSpec, Runner, Values, on_field
from scc.web.state import Web


def _call(method: str, *fields: str, done: str) -> Runner:
    """A runner calling VisitService.method(user, visit reference, *the named fields' values)."""

    def run(web: Web, user: str, reference: str, values: Values) -> str:
        getattr(web.services.visits, method)(user, reference, *(values[f] for f in fields))
        return done

    return run


def _plan(web: Web, user: str, urn: str, values: Values) -> str:
    reference = web.services.visits.plan(user, urn, values["visit_on"])
    return f"Visit {reference} planned."


PLAN_VISIT = FormSpec(
    "plan-visit", "Plan a progress-and-impact visit",
    (Field("visit_on", "Date of the visit", "date", hint="For example 2026-06-10."),),
    "Plan visit", _plan, permission="visit.record")

VISIT_FORMS = {spec.key: spec for spec in (
    FormSpec("hold", "Record the visit as held",
             (on_field("Date of the visit"), Field("focus", "Focus of the visit", "textarea"),
              Field("evidence", "Evidence seen", "textarea"),
              Field("judgement", "Progress since the last visit", "radios",
                    choices=tuple((j.value, j.value.replace("-", " ").capitalize())
                                  for j in ProgressJudgement)),
              Field("next_steps", "Next steps", "textarea")),
             "Record visit", _call("hold", "on", "focus", "evidence", "judgement", "next_steps",
                                   done="Visit recorded; the report is due within 10 working "
                                        "days."),
             permission="visit.record"),
    FormSpec("send-report", "Send the report to the headteacher",
             (on_field("Date the report was sent"),), "Record report sent",
             _call("send_report", "on", done="Report recorded as sent to the headteacher."),
             permission="visit.record"),
    FormSpec("to-service-manager", "Send the report to the Service Manager",
             (on_field("Date sent"),), "Record report sent",
             _call("to_service_manager", "on", done="Report sent to the Service Manager."),
             permission="visit.record"),
    FormSpec("quality-assure", "Quality-assure the report",
             (on_field("Date quality-assured"),), "Record quality assurance",
             _call("quality_assure", "on", done="Report quality-assured."),
             permission="visit.quality-assure"),
    FormSpec("finalise", "Record the report as final",
             (on_field("Date made final"),), "Record final",
             _call("finalise", "on", done="Report recorded as final."),
             permission="visit.quality-assure"),
)}

def _return_comments(web: Web, user: str, reference: str, values: Values) -> str:
    late = web.services.visits.return_comments(user, reference, web.services.ctx.clock.today(),
                                               values["comments"])
    return (f"Your comments on the report of visit {reference} were sent to the officer" +
            (" (after the date the report was due back)." if late else "."))


RETURN_COMMENTS = FormSpec(
    "comments", "Return comments on the report's factual accuracy",
    (Field("comments", "Your comments", "textarea",
           hint="Say which facts in the report are wrong and what is right. The officer "
                "amends the report before it goes to the Service Manager."),),
    "Send comments", _return_comments, permission="visit.agree",
    intro="Use this instead of agreeing the report if a fact in it is wrong.")

# The form each visit state offers next (the visit workflow in workflows/visits.yaml).
NEXT = {"planned": "hold", "held": "send-report", "report_agreed": "to-service-manager",
        "comments_returned": "to-service-manager",
        "with_service_manager": "quality-assure", "quality_assured": "finalise"}
