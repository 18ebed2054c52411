"""A manager's bundle of reminders (notifier/bundles.py) from its rows to one ready e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import DBAPIError

from notifier.bundles import WINDOW_CLOSED, window_closed
from notifier.compose import MailContext, compose_bundle
from notifier.link_life import link_valid_until
from notifier.mime import InviteMessage, build_message
from notifier.render import (
    Dropped,
    MailFacts,
    RenderedMail,
    hr_mailbox,
    mail_context,
    mail_facts,
    personal_link,
    sender_name,
)
from shared.config import Config
from shared.db import UnitOfWork
from shared.models import OutboxMail


@dataclass
class Item:
    """One row of a bundle as it came out: its words, or why it is not in the mail."""

    mail: OutboxMail
    context: MailContext | None = None
    facts: MailFacts | None = None
    dropped: Dropped | None = None
    error: Exception | None = None


def bundle_items(uow: UnitOfWork, rows: list[OutboxMail], config: Config, now: datetime) -> list[Item]:
    """Each row on its own: one that is no longer right to send is dropped, one that cannot be
    composed is that row's failed attempt; neither holds back the others. A database error
    carries the row's id up (deliver rolls back and records that row alone)."""
    items = []
    for row in rows:
        try:
            items.append(_item(uow, row, config, now))
        except DBAPIError as error:
            error.popflow_outbox_id = row.id  # type: ignore[attr-defined]
            raise
        except Exception as error:  # one reminder that cannot be composed holds back no other
            items.append(Item(row, error=error))
    return items


def _item(uow: UnitOfWork, row: OutboxMail, config: Config, now: datetime) -> Item:
    if window_closed(row, now):
        return Item(row, dropped=Dropped(WINDOW_CLOSED))
    facts = mail_facts(uow, row, config)
    if isinstance(facts, Dropped):
        return Item(row, dropped=facts)
    return Item(row, context=mail_context(uow, facts, config, _link(uow, facts, config, now)), facts=facts)


def _link(uow: UnitOfWork, facts: MailFacts, config: Config, now: datetime) -> str:
    return personal_link(config, facts.recipient, facts.pop, link_valid_until(uow, facts.pop, now, config))


def render_bundle(items: list[Item], config: Config) -> RenderedMail:
    """The items that came out, in one mail. Reply-To HR's mailbox when set (HR_REPLY_TO), as
    for a round's launch: one of the several people it is about would be an arbitrary choice."""
    ready = [item for item in items if item.context is not None and item.facts is not None]
    words = compose_bundle([item.context for item in ready if item.context is not None])
    person = ready[0].facts.recipient  # type: ignore[union-attr]
    addr, lang = (person.name, person.email), ready[0].facts.lang  # type: ignore[union-attr]
    sender = (sender_name(config, lang), config.mail_from)

    def build(message_id: str) -> InviteMessage:
        return build_message(
            subject=words.subject,
            text=words.text,
            html=words.html,
            mail_from=sender,
            mail_to=addr,
            message_id=message_id,
            reply_to=hr_mailbox(config, lang),
            language=lang,
        )

    return RenderedMail(recipient=addr, build=build)
