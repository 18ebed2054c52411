"""The signed plan of a POP, gathered from the database for its PDF (notifier/plan_pdf.py)."""

from __future__ import annotations

from sqlalchemy import select

from notifier.plan_pdf import PlanDocument, PlanItem, PlanSigner, render_plan_pdf
from shared.db import UnitOfWork
from shared.models import Agreement, Meeting, Pop, Signature
from shared.plan import plan_hash
from shared.plan_verification import record_issued, shown, verification_for


def _signed_plan(uow: UnitOfWork, pop: Pop) -> list[Agreement]:
    # All of them, as signed (the hash covers every agreement, whatever its status now).
    return list(
        uow.session.scalars(
            select(Agreement).where(Agreement.pop_id == pop.id).order_by(Agreement.position, Agreement.id)
        )
    )


def plan_document(uow: UnitOfWork, pop: Pop, language: str, timezone: str) -> PlanDocument | None:
    """None until both signed the current content: only a signed plan goes into the file."""
    agreements = _signed_plan(uow, pop)
    current = plan_hash(agreements, pop.plan_goal)
    signatures = {
        sig.role: sig
        for sig in uow.session.scalars(select(Signature).where(Signature.pop_id == pop.id).order_by(Signature.id))
        if sig.content_hash == current
    }
    if current is None or set(signatures) != {"employee", "manager"}:
        return None
    meetings = uow.session.scalars(
        select(Meeting).where(Meeting.pop_id == pop.id, Meeting.cancelled_at.is_(None)).order_by(Meeting.starts_at)
    ).all()
    conversation = next((m for m in meetings if m.kind == "conversation"), None)
    return PlanDocument(
        pop_id=pop.id,
        employee_name=pop.employee.name,
        employee_email=pop.employee.email,
        manager_name=pop.manager.name,
        department=pop.employee.department or "",
        round_name=pop.round.name,
        meeting_at=conversation.starts_at if conversation else None,
        items=[
            PlanItem(
                what=a.what,
                measurable_result=a.measurable_result,
                owner=a.owner,
                due_date=a.due_date,
                kind=a.kind,
                activity=a.activity,
                cost_eur=a.cost_eur,
                hours=a.hours,
                support=a.support,
                status=a.status,
            )
            for a in agreements
        ],
        content_hash=current,
        signers=[
            PlanSigner(
                role=role,
                name=pop.person_in(role).name,
                email=pop.person_in(role).email,
                signed_at=signatures[role].signed_at,
            )
            for role in ("employee", "manager")
        ],
        review_dates=[m.starts_at for m in meetings if m.kind == "review"],
        goal=pop.plan_goal,
        language=language,
        timezone=timezone,
    )


def verify_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/verify/{shown(code)}"


def plan_pdf(uow: UnitOfWork, pop: Pop, language: str, timezone: str, *, base_url: str) -> tuple[str, bytes] | None:
    """(file name, PDF) of the signed plan, or None while it is not signed by both.

    Each PDF carries the code of its signed version and is remembered by its SHA-256
    (shared/plan_verification.py): the caller commits, so the file can be verified later.
    """
    document = plan_document(uow, pop, language, timezone)
    if document is None:
        return None
    signed_at = max(signer.signed_at for signer in document.signers)
    verification = verification_for(uow, pop.id, document.content_hash, signed_at)
    document.verification_code = verification.code
    document.verify_url = verify_url(base_url, verification.code)
    pdf = render_plan_pdf(document)
    record_issued(uow, verification, pdf)
    word = "ontwikkelplan" if language != "en" else "development-plan"
    return f"{word}-{pop.id}.pdf", pdf
