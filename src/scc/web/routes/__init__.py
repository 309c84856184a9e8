"""The routers, one module per area of the service."""

from scc.web.routes import admin, api, audit, auth, cases, dashboard, portal, schools

# audit before cases: /cases/{reference}/audit must not be read as a form called "audit".
ROUTERS = [auth.router, dashboard.router, schools.router, audit.router, cases.router,
           portal.router, admin.router, api.router]
