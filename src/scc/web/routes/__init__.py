"""The routers, one module per area of the service."""

from scc.web.routes import (
    admin,
    api,
    audit,
    auth,
    cases,
    contacts,
    dashboard,
    deadlines,
    estyn,
    evidence,
    feeds,
    meeting_list,
    meetings,
    planner,
    plans,
    portal,
    register,
    schools,
    search,
    support,
    visits,
)

# Order matters where paths overlap: /schools/{urn}/plan-visit (visits) and receive-plan (plans)
# before the school forms, /cases/{reference}/audit (audit) before the case forms.
ROUTERS = [auth.router, dashboard.router, visits.router, plans.router, contacts.router,
           evidence.router, schools.router, audit.router,
           cases.router, meetings.router, portal.router, register.router, planner.router, feeds.router,
           search.router, admin.router, api.router, support.router, deadlines.router,
           meeting_list.router, estyn.router]
