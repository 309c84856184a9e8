"""The form of a cluster's Cumulative Progress and Impact Report (Form A3; issue 14, item 4): the
cluster, the report of the year it is, who reports, and for each of the three outcomes the impact
to date and the action if it is not on track. Its finance update and the Funding Impact Reports it
refers to are drawn from the cluster's schools' bids by the service."""

from __future__ import annotations

from scc.domain.support_forms import A3_KINDS, A3_OUTCOMES
from scc.web.forms import Field, FormSpec, Values, on_field
from scc.web.state import Web


def cluster_report_form(clusters: list[str]) -> FormSpec:
    def run(w: Web, user: str, _target: str, v: Values) -> str:
        outcomes = {key: {"impact": v[f"impact_{key}"] or "", "action": v[f"action_{key}"] or ""}
                    for key in A3_OUTCOMES}
        notice = w.services.support.issue_cluster_report(
            user, v["cluster"], v["kind"], v["lead"], v["officer"], outcomes,
            v["comment"] or "", v["on"])
        return f"{notice['title']} issued as {notice['reference']}."

    def check(v: Values) -> dict[str, str]:
        if not any(v.get(f"impact_{key}") for key in A3_OUTCOMES):
            return {"impact_pupils": "Enter the impact to date of at least one outcome."}
        return {}

    return FormSpec(
        "cluster-report", "Issue a cluster progress and impact report (Form A3)",
        (Field("cluster", "Cluster", "radios", choices=tuple((c, c) for c in clusters)),
         Field("kind", "Report", "radios", choices=tuple(
             (k, t[0].upper() + t[1:]) for k, t in A3_KINDS.items())),
         Field("lead", "Cluster Lead Headteacher"), Field("officer", "Cluster Officer"),
         *(f for key, title in A3_OUTCOMES.items() for f in (
             Field(f"impact_{key}", f"{title}: impact to date", "textarea", required=False),
             Field(f"action_{key}", f"{title}: action if not on track", "textarea",
                   required=False))),
         Field("comment", "Comment, including effective practice to share", "textarea",
               required=False),
         on_field("Date of the report")),
        "Issue report", run, permission="support.record", cross_check=check,
        intro="The finance update and the Funding Impact Reports it refers to are taken from "
              "the bids of the cluster's schools.")
