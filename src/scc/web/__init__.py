"""The web application: FastAPI routes, jinja2 pages, sign-in and the JSON API."""

from scc.web.app import create_app

__all__ = ["create_app"]
