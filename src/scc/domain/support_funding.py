"""What a bid and a support plan share (issue 14): commitments of the funds, checked against the
pack's procurement thresholds, and the forms issued as letters (Forms A1 and A2, the support plan)
and kept. Both records record these with one event class each, defined here once.

Why classes, not `@event` methods: an `@event` method on this base would record its events under
the base's topic (`Funded.CommitmentRecorded`), no longer telling a bid's commitment from a
plan's, and no longer the topic of the events already stored. An event class defined on the base
is subclassed by the library for each aggregate, so `self.CommitmentRecorded` is
`SupportBid.CommitmentRecorded` on a bid, as stored before the two were folded together."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

from scc.domain import inputs
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.money import ZERO, Threshold, money, procurement_refusal, text_of
from scc.domain.values import Actor
from scc.domain.visit import SmallWorkflow


def bounded(label: str, value: object, max_len: int = inputs.TEXT_MAX,
            required: bool = True) -> str:
    found = inputs.text(label, str(value or ""), max_len).strip()
    if required and not found:
        raise InvalidInput(f"Give the {label}.")
    return found


def commitment(given: dict[str, Any], thresholds: tuple[Threshold, ...],
               above: str) -> dict[str, Any]:
    """A commitment of funds as kept (what is bought, supplier, amount, procurement method,
    written quotes, reason); refused without the record the pack's procurement threshold for its
    amount demands (a written record of the method; written quotes or the written reason they
    could not be had). A pack with no thresholds checks none."""
    amount = money("Amount committed", given.get("amount"))
    quotes = inputs.count("Written quotes", given.get("quotes") or 0, 0, 100)
    method = bounded("procurement method", given.get("method"), required=False)
    reason = bounded("reason", given.get("reason"), required=False)
    refusal = procurement_refusal(thresholds, above, amount, method, quotes, reason) \
        if thresholds else None
    if refusal:
        raise RuleViolation(refusal)
    return {"description": bounded("what is bought", given.get("description")),
            "supplier": bounded("supplier", given.get("supplier"), inputs.NAME_MAX),
            "amount": text_of(amount), "method": method, "quotes": quotes, "reason": reason}


class Funded(Aggregate):
    """The base of SupportBid and SupportPlan; each sets `commitments` and `forms` and gives
    `_stamp` (the workflow step's actor, date and resulting state)."""

    if TYPE_CHECKING:  # set by each subclass; annotated here only for the type checker, as
        # the library would take annotations in the class body for constructor arguments
        commitments: list[dict[str, Any]]
        forms: list[dict[str, Any]]

    def _stamp(self, workflow: SmallWorkflow, trigger: str, actor: Actor,
               on: date) -> dict[str, Any]:
        raise NotImplementedError

    class CommitmentRecorded(Aggregate.Event):
        actor: str
        role: str
        effective_on: date
        state: str
        description: str
        supplier: str
        amount: str
        method: str
        quotes: int
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.commitments.append({
                "on": self.effective_on, "description": self.description,
                "supplier": self.supplier, "amount": self.amount, "method": self.method,
                "quotes": self.quotes, "reason": self.reason, "by": self.actor})

    class FormIssued(Aggregate.Event):
        actor: str
        role: str
        effective_on: date
        form: str
        notice: dict[str, Any]

        def apply(self, aggregate: Any) -> None:
            aggregate.forms.append({"form": self.form, "sent_on": self.effective_on,
                                    **self.notice})

    @property
    def committed(self) -> Decimal:
        return sum((Decimal(c["amount"]) for c in self.commitments), ZERO)

    def commit(self, workflow: SmallWorkflow, actor: Actor, on: date, given: dict[str, Any],
               thresholds: tuple[Threshold, ...], above: str) -> None:
        """How the funding approved is committed (seed 000, 'Committing of funding
        allocations'), checked against the pack's procurement thresholds."""
        stamp = self._stamp(workflow, "commit", actor, on)
        self.trigger_event(self.CommitmentRecorded, **stamp,
                           **commitment(given, thresholds, above))

    def issue_form(self, actor: Actor, on: date, form: str, notice: dict[str, Any]) -> None:
        """Records a form sent as a letter: `notice` names its kept documents by SHA-256."""
        self.trigger_event(self.FormIssued, actor=actor.name, role=actor.role.value,
                           effective_on=on, form=form, notice=notice)
