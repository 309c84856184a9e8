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

def _respond(web: Web, user: str, reference: str, values: Values) -> str:
    visits, today = web.services.visits, web.services.ctx.clock.today()
    if values["response"] == "accurate":
        late = visits.agree(user, reference, today)
        said = f"You told the officer the report of visit {reference} is accurate"
    else:
        late = visits.return_comments(user, reference, today, values["comments"])
        said = f"Your comments on the report of visit {reference} were sent to the officer"
    return said + (" (after the date the report was due back)." if late else ".")


def _comments_if_inaccurate(values: Values) -> dict[str, str]:
    if values.get("response") == "inaccurate" and not values.get("comments"):
        return {"comments": "Enter your comments: say which facts in the report are wrong."}
    if values.get("response") == "accurate" and values.get("comments"):
        return {"comments": "Leave your comments empty if the report is accurate, or select "
                            "inaccurate to send them."}
    return {}


RESPOND = FormSpec(
    "respond", "Respond to the report",
    (Field("response", "Is the report accurate?", "radios",
           choices=(("accurate", "Accurate: the report is factually correct"),
                    ("inaccurate", "Inaccurate: a fact in the report is wrong"))),
     Field("comments", "Your comments", "textarea", required=False, optional=False,
           hint="Needed if the report is inaccurate: say which facts are wrong and what is "
                "right. The officer amends the report before it goes to the Service Manager.")),
    "Send your response", _respond, permission="visit.agree", check_first=True,
    cross_check=_comments_if_inaccurate,
    intro="Read the report above, then tell the officer whether it is accurate. You can "
          "respond once.")

# The form each visit state offers next (the visit workflow in workflows/visits.yaml).
NEXT = {"planned": "hold", "held": "send-report", "report_agreed": "to-service-manager",
        "comments_returned": "to-service-manager",
        "with_service_manager": "quality-assure", "quality_assured": "finalise"}
