"""Wiring: which store, which clock, which rules and policy. The only place settings are read."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, event

from scc.application.authorities import register_original
from scc.application.context import Context
from scc.application.files import DEFAULT_LIMIT_MB
from scc.application.schema import open_store, unit_for
from scc.application.store import (
    EventStore,
    is_postgres,
    persistence_env,
    sqlalchemy_url,
    sqlite_path,
)
from scc.application.unit import LOCK_TIMEOUT_SECONDS
from scc.clock import Clock, parse_moment
from scc.rules import current_stage

if TYPE_CHECKING:
    from scc.application.admin import AdminService
    from scc.application.audit import AuditService
    from scc.application.authorities import AuthorityService
    from scc.application.case_list import CaseList
    from scc.application.caseload import CaseloadService
    from scc.application.cases import CaseService
    from scc.application.categorisation import CategorisationService
    from scc.application.chain_head import ChainHead
    from scc.application.contacts import ContactService
    from scc.application.dashboard import DashboardService
    from scc.application.deadline_list import DeadlineList
    from scc.application.deadlines import DeadlineService
    from scc.application.evidence import EvidenceService
    from scc.application.evidence_list import EvidenceList
    from scc.application.meetings import MeetingService
    from scc.application.my_work import MyWorkService
    from scc.application.notice_types import NoticeTypes
    from scc.application.notices import NoticeService
    from scc.application.plans import PlanService
    from scc.application.record_lists import RecordLists
    from scc.application.register import RegisterService
    from scc.application.school_entitlement import SchoolEntitlement
    from scc.application.school_page import SchoolPage
    from scc.application.schools import SchoolService
    from scc.application.search import SearchService
    from scc.application.support import SupportService
    from scc.application.visits import VisitService
    from scc.projections.projector import Projector

DEFAULT_DATABASE = Path("var") / "scc.sqlite3"


@dataclass(frozen=True)
class Settings:
    database_url: str
    policy: str
    now: datetime | None
    user: str | None
    smtp: Mapping[str, str] = field(default_factory=dict)  # the SCC_SMTP_* settings
    trusted_proxies: tuple[str, ...] = ()  # SCC_TRUSTED_PROXIES: addresses and networks
    files_dir: str | None = None  # SCC_FILES_DIR: uploaded evidence files (default by database)
    upload_limit_mb: int = DEFAULT_LIMIT_MB  # SCC_UPLOAD_LIMIT_MB: the largest upload taken

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings, each checked: a wrong one is InvalidInput naming the setting and what it
        accepts (the CLI exits 2 with that sentence), before anything is opened or written."""
        from scc.domain import inputs

        env = os.environ if env is None else env
        for name, value in env.items():
            if name.startswith("SCC_"):
                inputs.text(name, value, inputs.LINE_MAX)
        now = env.get("SCC_NOW")
        smtp = {k: v for k, v in env.items() if k.startswith("SCC_SMTP_")}
        if smtp.get("SCC_SMTP_PORT"):
            inputs.count("SCC_SMTP_PORT", smtp["SCC_SMTP_PORT"], 1, 65535)
        return cls(
            database_url=cls._database_url(env.get("SCC_DATABASE_URL")
                                           or f"sqlite:///{DEFAULT_DATABASE}"),
            policy=cls._policy(env.get("SCC_POLICY") or "calderdale"),
            now=cls._now(now) if now else None,
            user=inputs.text("SCC_USER", env["SCC_USER"], inputs.NAME_MAX)
            if env.get("SCC_USER") else None,
            smtp=smtp,
            trusted_proxies=cls._proxies(env.get("SCC_TRUSTED_PROXIES") or ""),
            files_dir=env.get("SCC_FILES_DIR") or None,
            upload_limit_mb=inputs.count("SCC_UPLOAD_LIMIT_MB", env["SCC_UPLOAD_LIMIT_MB"], 1,
                                         1000) if env.get("SCC_UPLOAD_LIMIT_MB")
            else DEFAULT_LIMIT_MB,
        )

    @staticmethod
    def _proxies(text: str) -> tuple[str, ...]:
        """Comma-separated addresses or networks (CIDR) of the proxies in front of `scc serve`."""
        import ipaddress

        from scc.domain.errors import InvalidInput
        from scc.domain.inputs import shown

        proxies = []
        for item in (part.strip() for part in text.split(",")):
            if not item:
                continue
            try:
                proxies.append(str(ipaddress.ip_network(item, strict=False)
                                   if "/" in item else ipaddress.ip_address(item)))
            except ValueError:
                raise InvalidInput(
                    f"SCC_TRUSTED_PROXIES: '{shown(item)}' is not an IP address or network; give "
                    "the addresses of the proxies in front of scc serve, separated by commas "
                    "(e.g. 10.0.0.5,192.168.1.0/24), or leave it unset to believe no "
                    "X-Forwarded-For header.") from None
        return tuple(proxies)

    @staticmethod
    def _database_url(url: str) -> str:
        """sqlite:///PATH, or a PostgreSQL URL with a host or a database and a numeric port."""
        from urllib.parse import urlsplit

        from scc.domain.errors import InvalidInput
        from scc.domain.inputs import shown

        if url.startswith("sqlite:///") and url.removeprefix("sqlite:///").strip():
            return url
        if is_postgres(url):
            try:
                parts = urlsplit(url)
                valid = bool(parts.hostname or parts.path.strip("/")) and (
                    parts.port is None or parts.port > 0)  # a port not a number: ValueError
            except ValueError:
                valid = False
            if valid:
                return url
            url = url.split("://", 1)[0] + "://..."  # never echo a password
        raise InvalidInput(
            f"SCC_DATABASE_URL '{shown(url)}' is not a database URL this service can open; use "
            "sqlite:///PATH (e.g. sqlite:///var/scc.sqlite3) or "
            "postgresql://USER:PASSWORD@HOST:PORT/DATABASE.")

    @staticmethod
    def _policy(name: str) -> str:
        from scc.domain.errors import InvalidInput
        from scc.domain.inputs import shown
        from scc.policy_packs import available_policies

        packs = available_policies()
        if name not in packs:
            raise InvalidInput(f"SCC_POLICY '{shown(name)}' is not a policy pack; use one of: "
                               f"{', '.join(packs)}.")
        return name

    @staticmethod
    def _now(text: str) -> datetime:
        from scc.domain.errors import InvalidInput

        try:
            return parse_moment(text)
        except ValueError as problem:
            raise InvalidInput(f"SCC_NOW: {problem}; or leave SCC_NOW unset for the real "
                               "time.") from None


class Services:
    """The services of one process, each made on first use: a command imports only the modules
    of the services it calls (start-up time is most of a short command's time)."""

    def __init__(self, ctx: Context, smtp: Mapping[str, str]) -> None:
        self.ctx = ctx
        self._smtp = smtp

    @cached_property
    def cases(self) -> CaseService:
        from scc.application.cases import CaseService
        return CaseService(self.ctx)

    @cached_property
    def case_list(self) -> CaseList:
        """The case list alone: no aggregate class imported (`cases` is a CaseList too)."""
        from scc.application.case_list import CaseList
        return CaseList(self.ctx)

    @cached_property
    def schools(self) -> SchoolService:
        from scc.application.schools import SchoolService
        return SchoolService(self.ctx)

    @cached_property
    def school_page(self) -> SchoolPage:
        """Showing a school alone: no case aggregate or school command module imported."""
        from scc.application.school_page import SchoolPage
        return SchoolPage(self.ctx)

    @cached_property
    def authorities(self) -> AuthorityService:
        from scc.application.authorities import AuthorityService
        return AuthorityService(self.ctx)

    @cached_property
    def admin(self) -> AdminService:
        from scc.application.admin import AdminService
        return AdminService(self.ctx)

    @cached_property
    def categorisation(self) -> CategorisationService:
        from scc.application.categorisation import CategorisationService
        return CategorisationService(self.ctx)

    @cached_property
    def register(self) -> RegisterService:
        from scc.application.register import RegisterService
        return RegisterService(self.ctx)

    @cached_property
    def visits(self) -> VisitService:
        from scc.application.visits import VisitService
        return VisitService(self.ctx)

    @cached_property
    def record_lists(self) -> RecordLists:
        """The visit, meeting and plan lists alone: no aggregate, notice or projector module
        imported (the services of those records list through them)."""
        from scc.application.record_lists import RecordLists
        return RecordLists(self.ctx)

    @cached_property
    def meetings(self) -> MeetingService:
        from scc.application.meetings import MeetingService
        return MeetingService(self.ctx)

    @cached_property
    def search(self) -> SearchService:
        from scc.application.search import SearchService
        return SearchService(self.ctx)

    @cached_property
    def plans(self) -> PlanService:
        from scc.application.plans import PlanService
        return PlanService(self.ctx, self.cases)

    @cached_property
    def support(self) -> SupportService:
        from scc.application.support import SupportService
        return SupportService(self.ctx)

    @cached_property
    def school_entitlement(self) -> SchoolEntitlement:
        """A school's support entitlement alone: none of the support service's modules."""
        from scc.application.school_entitlement import SchoolEntitlement
        return SchoolEntitlement(self.ctx)

    @cached_property
    def contacts(self) -> ContactService:
        from scc.application.contacts import ContactService
        return ContactService(self.ctx)

    @cached_property
    def evidence(self) -> EvidenceService:
        from scc.application.evidence import EvidenceService
        return EvidenceService(self.ctx)

    @cached_property
    def evidence_list(self) -> EvidenceList:
        """Listing a record's evidence alone: none of the records' aggregates imported."""
        from scc.application.evidence_list import EvidenceList
        return EvidenceList(self.ctx)

    @cached_property
    def deadlines(self) -> DeadlineService:
        from scc.application.deadlines import DeadlineService
        from scc.reminders import SmtpMailer
        return DeadlineService(self.ctx, SmtpMailer.from_env(self._smtp))

    @cached_property
    def deadline_list(self) -> DeadlineList:
        """The deadline lists alone: no aggregate, notice or projector module imported
        (`deadlines` is a DeadlineList too)."""
        from scc.application.deadline_list import DeadlineList
        return DeadlineList(self.ctx)

    @cached_property
    def caseload(self) -> CaseloadService:
        from scc.application.caseload import CaseloadService
        return CaseloadService(self.ctx, self.case_list, self.deadline_list, self.record_lists,
                               lambda: self.meetings)

    @cached_property
    def dashboard(self) -> DashboardService:
        from scc.application.dashboard import DashboardService
        return DashboardService(self.ctx, self.case_list, self.register, self.caseload, self.my_work,
                                self.deadline_list, self.authorities)

    @cached_property
    def my_work(self) -> MyWorkService:
        from scc.application.my_work import MyWorkService
        return MyWorkService(self.ctx, self.case_list, self.caseload, self.record_lists)

    @cached_property
    def notices(self) -> NoticeService:
        from scc.application.notices import NoticeService
        return NoticeService(self.ctx, self.cases)

    @cached_property
    def notice_types(self) -> NoticeTypes:
        """The notice types alone: no case or school aggregate or PDF renderer imported."""
        from scc.application.notice_types import NoticeTypes
        return NoticeTypes(self.ctx)

    @cached_property
    def audit(self) -> AuditService:
        from scc.application.audit import AuditService
        return AuditService(self.ctx, self.cases)

    @cached_property
    def chain_head(self) -> ChainHead:
        """The audit chain's head alone: none of the auditing service's modules imported."""
        from scc.application.chain_head import ChainHead
        return ChainHead(self.ctx)

    def close(self) -> None:
        self.ctx.store.close()
        self.ctx.engine.dispose()


def build(settings: Settings) -> Services:
    url = sqlalchemy_url(settings.database_url)
    if is_postgres(url):
        # The unit of work's LOCK TABLE waits at most this long (then: exit 5, nothing written).
        engine = create_engine(url, pool_recycle=300, connect_args={
            "options": f"-c lock_timeout={LOCK_TIMEOUT_SECONDS * 1000}"})
    else:
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
    store = open_store(engine, persistence_env(settings.database_url), projector_for)
    unit = unit_for(engine, store)
    # The SCC_POLICY pack is named, not read: it is read (a tenth of a short command's time) only
    # when the original authority is recorded, and each authority's own when first needed.
    ctx = Context(store, engine, projector_for, Clock(settings.now), settings.policy, unit,
                  files=files_folder(settings),
                  upload_limit_bytes=settings.upload_limit_mb * 1_048_576)
    register_original(ctx)
    return Services(ctx, settings.smtp)


def projector_for(store: EventStore) -> Projector:
    """The read models' projector, made by the first command that writes (or a new schema)."""
    from scc.projections.projector import Projector  # imports every aggregate class

    return Projector(store, stage_of=current_stage)


def files_folder(settings: Settings) -> Path:
    """Where uploaded evidence files live: SCC_FILES_DIR, else a `files` folder beside the SQLite
    database, else (PostgreSQL) var/files under the working directory."""
    if settings.files_dir:
        return Path(settings.files_dir)
    if is_postgres(settings.database_url):
        return Path("var") / "files"
    return sqlite_path(settings.database_url).parent / "files"


def _sqlite_pragmas(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    # Writers wait for one another (BEGIN IMMEDIATE in the unit of work) up to this long.
    cursor.execute(f"PRAGMA busy_timeout = {LOCK_TIMEOUT_SECONDS * 1000}")
    # Events, audit links and read models commit together, so the commit keeps SQLite's full
    # fsync (the default): the audit chain is exactly as durable as the events.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()
