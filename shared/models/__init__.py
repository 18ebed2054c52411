"""SQLAlchemy models, one module per aggregate."""

from shared.models.agenda import AgendaPoint
from shared.models.agreements import Agreement, ProgressEntry, Signature
from shared.models.api_tokens import ApiToken
from shared.models.base import Base
from shared.models.events import Event
from shared.models.mail_openings import MailOpening
from shared.models.meetings import Attendee, Meeting
from shared.models.outbox import OutboxMail
from shared.models.people import HrUser, Person
from shared.models.plan_verifications import IssuedPlanPdf, PlanVerification
from shared.models.pops import Evaluation, Pop, Preparation
from shared.models.question_sets import DepartmentQuestionSet, QuestionSetVersion, StoredQuestionSet
from shared.models.rounds import Round
from shared.models.slots import OfferedSlot, OfferInvitee, SlotOffer

__all__ = [
    "AgendaPoint",
    "Agreement",
    "ApiToken",
    "Attendee",
    "Base",
    "DepartmentQuestionSet",
    "Evaluation",
    "Event",
    "HrUser",
    "IssuedPlanPdf",
    "MailOpening",
    "Meeting",
    "OfferInvitee",
    "OfferedSlot",
    "OutboxMail",
    "Person",
    "PlanVerification",
    "Pop",
    "Preparation",
    "ProgressEntry",
    "QuestionSetVersion",
    "Round",
    "Signature",
    "SlotOffer",
    "StoredQuestionSet",
]
