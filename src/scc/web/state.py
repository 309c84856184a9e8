"""What the web app holds for its lifetime: the services and the web's own security state."""

from __future__ import annotations

from dataclasses import dataclass

from scc.application.accounts import AccountService
from scc.application.deadlines import DeadlineService
from scc.application.notices import NoticeService
from scc.bootstrap import Services
from scc.web.credentials import Credentials
from scc.web.sessions import SessionStore, SignInLimiter


@dataclass
class Web:
    services: Services
    accounts: AccountService
    credentials: Credentials
    sessions: SessionStore
    limiter: SignInLimiter
    notices: NoticeService
    deadlines: DeadlineService
