"""A meeting as a calendar item: in an invitation's iTIP part and in the person's feed.

No credential in it: items get copied, shared and synced, so their link leads to a page
that mails a fresh personal link to the attendee's own address (calendar_link).
"""

from __future__ import annotations

from notifier.invites import InviteEvent, Party
from shared.config import Config
from shared.i18n import N_, translations
from shared.models import Meeting, Person, Pop
from shared.tokens import make_calendar_token

SUMMARY = {
    "conversation": N_("POP-gesprek {employee} – {manager}"),
    "review": N_("Voortgangsgesprek {employee} – {manager}"),
    "followup": N_("Vervolggesprek POP {employee} – {manager}"),
}


def calendar_link(config: Config, person: Person, pop: Pop) -> str:
    """The link of a calendar item: a page that mails a fresh personal link to this
    attendee's own address, and opens nothing itself."""
    return f"{config.base_url.rstrip('/')}/link/calendar/{make_calendar_token(config.secret_key, person.id, pop.id)}"


def summary(meeting_kind: str, lang: str, pop: Pop) -> str:
    return (
        translations(lang).gettext(SUMMARY[meeting_kind]).format(employee=pop.employee.name, manager=pop.manager.name)
    )


def invite_event(
    meeting: Meeting, pop: Pop, lang: str, config: Config, link: str, former: Person | None = None
) -> InviteEvent:
    """link: calendar_link's, no credential. former: a manager no longer on the meeting, who
    receives its CANCEL."""
    description = (
        translations(lang)
        .gettext("Je voorbereiding en het plan staan op je POP-pagina; hier mailen we je een link: {link}")
        .format(link=link)
    )
    attendees = tuple(
        Party(email=a.person.email, name=a.person.name, partstat=a.partstat) for a in meeting.attendees
    ) + ((Party(email=former.email, name=former.name),) if former else ())
    return InviteEvent(
        uid=meeting.uid,
        sequence=meeting.sequence,
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=summary(meeting.kind, lang, pop),
        description=description,
        location=meeting.location,
        organizer=Party(email=config.mail_from, name=pop.manager.name, role="CHAIR"),
        attendees=attendees,
        timezone=config.timezone,
        url=link,
    )
