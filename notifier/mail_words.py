"""The words of each e-mail kind: Dutch in the source, the reader's language from the catalogue.

A kind's builder takes the catalogue of the reader's language (shared.i18n.translations)
and the MailContext, and gives the subject, the paragraphs (per role where they differ)
and the label of the main button. Placeholders stay in the text; compose fills them
from the MailContext, so the English keeps the same names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from gettext import NullTranslations
from typing import TYPE_CHECKING

from shared.i18n import N_, translations

if TYPE_CHECKING:
    from notifier.compose import MailContext


@dataclass(frozen=True)
class Words:
    subject: str
    paragraphs: tuple[str, ...]
    action: str
    nothing: str = ""  # the exchange, when the other side shared nothing
    closing: tuple[str, ...] = ()  # after the list of dates (the signed plan's)


Builder = Callable[[NullTranslations, "MailContext"], Words]
BUILDERS: dict[str, Builder] = {}


def builder(kind: str) -> Callable[[Builder], Builder]:
    def register(build: Builder) -> Builder:
        BUILDERS[kind] = build
        return build

    return register


def _by_role(ctx: MailContext, to_employee: str, to_manager: str) -> str:
    """A subject names the reader's other person: the manager to the employee, the employee
    to the manager (a former manager too)."""
    return to_employee if ctx.role == "employee" else to_manager


def words_of(kind: str, t: NullTranslations, ctx: MailContext) -> Words:
    """KeyError for a kind without words: a failed attempt of that mail alone."""
    return BUILDERS[kind](t, ctx)


# -- before the conversation ----------------------------------------------------------------
@builder("invitation")
def _invitation(t: NullTranslations, ctx: MailContext) -> Words:
    if ctx.role == "employee":
        paragraphs = (
            t.gettext(
                "{manager_name} nodigt je uit voor je POP-gesprek (persoonlijk ontwikkelingsplan) op "
                "{when}{until}{where}."
            ),
            t.gettext(
                "Bereid je voor met de vragen via de knop hieronder. Jij kiest per antwoord of je het vooraf "
                "met {manager_name} deelt; uiterlijk {exchange_when} worden de gesprekspunten uitgewisseld."
            ),
            t.gettext("Deze e-mail heeft ook een agenda-uitnodiging: accepteer haar in je agenda."),
        )
    else:
        paragraphs = (
            t.gettext("Het POP-gesprek met {employee_name} staat gepland op {when}{until}{where}."),
            t.gettext(
                "Bereid je voor via de knop hieronder: de vragen voor de leidinggevende, en je inschatting van "
                "potentieel en ontwikkelbereidheid. Uiterlijk {exchange_when} worden de gesprekspunten "
                "uitgewisseld."
            )
            if ctx.ratings
            else t.gettext(
                "Bereid je voor met de vragen voor de leidinggevende via de knop hieronder. Uiterlijk "
                "{exchange_when} worden de gesprekspunten uitgewisseld."
            ),
            t.gettext("De agenda-uitnodiging zit in deze e-mail: accepteer haar in je agenda."),
        )
    return Words(t.gettext("POP-gesprek met {other_name} op {when}"), paragraphs, t.gettext("Naar mijn voorbereiding"))


@builder("invitation_update")
def _invitation_update(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("Gewijzigd: POP-gesprek met {other_name} nu op {when}"),
        (
            t.gettext("Je POP-gesprek met {other_name} is verplaatst naar {when}{until}{where}."),
            t.gettext("De agenda-uitnodiging in deze e-mail werkt de oude bij."),
        ),
        t.gettext("Naar mijn POP"),
    )


@builder("meeting_declined")
def _meeting_declined(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("{other_name} kan niet op {when}: stel een ander moment voor"),
        (
            t.gettext("{other_name} heeft de uitnodiging voor het {meeting_label} op {when} afgeslagen."),
            t.gettext(
                "Stel via de knop hieronder een ander moment voor. {other_name} krijgt dan een gewijzigde "
                "uitnodiging, die het gesprek in de agenda bijwerkt."
            ),
        ),
        t.gettext("Ander moment voorstellen"),
    )


@builder("prepare_reminder")
def _prepare_reminder(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("Herinnering: bereid je POP-gesprek met {other_name} op {when} voor"),
        (
            t.gettext("Je voorbereiding op je POP-gesprek met {other_name} op {when} is nog niet klaar om te delen."),
            t.gettext(
                "Op {exchange_when} krijgen jullie elkaars gesprekspunten. Een concept dat je al opsloeg, staat voor "
                "je klaar."
            ),
        ),
        t.gettext("Naar mijn voorbereiding"),
    )


@builder("exchange")
def _exchange(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("Gesprekspunten van {other_name} voor jullie POP-gesprek"),
        (
            t.gettext(
                "Jullie POP-gesprek is op {when}. Zo zijn er geen verrassingen: hieronder staan de punten "
                "die {other_name} met je deelt."
            ),
        ),
        t.gettext("Naar mijn POP"),
        nothing=t.gettext("{other_name} heeft (nog) niets met je gedeeld."),
    )


@builder("schedule_request")
def _schedule_request(t: NullTranslations, ctx: MailContext) -> Words:
    # The reports still waiting, by name: two managers' launch mails never look alike.
    subject = (
        t.ngettext(
            "Plan je POP-gesprek met {names} ({round_name})",
            "Plan je POP-gesprekken met {names} ({round_name})",
            ctx.number,
        )
        if ctx.number
        else t.gettext("Plan de POP-gesprekken van {round_name}")
    )
    return Words(
        subject,
        (
            t.gettext("De ronde ‘{round_name}’ is begonnen. De gesprekken vinden plaats van {period}."),
            t.ngettext(
                "Voor {number} van je medewerkers staat nog geen gesprek gepland. Kies met de knop hieronder "
                "een datum, tijd en plaats; de medewerker krijgt dan een uitnodiging voor de agenda "
                "en de vragen om zich voor te bereiden.",
                "Voor {number} van je medewerkers staat nog geen gesprek gepland. Kies met de knop hieronder "
                "per medewerker een datum, tijd en plaats; ieder krijgt dan een uitnodiging voor de agenda "
                "en de vragen om zich voor te bereiden.",
                ctx.number,
            ),
        ),
        t.gettext("Gesprekken plannen"),
    )


@builder("planning_reminder")
def _planning_reminder(t: NullTranslations, ctx: MailContext) -> Words:
    # Every waiting report is listed below the first paragraph (render.py puts them in `dates`).
    return Words(
        t.ngettext(
            "Herinnering: plan je POP-gesprek met {names} ({round_name})",
            "Herinnering: plan je POP-gesprekken met {names} ({round_name})",
            ctx.number,
        ),
        (
            t.ngettext(
                "Voor {number} van je medewerkers staat nog geen POP-gesprek gepland in de ronde ‘{round_name}’:",
                "Voor {number} van je medewerkers staat nog geen POP-gesprek gepland in de ronde ‘{round_name}’:",
                ctx.number,
            ),
        ),
        t.gettext("Gesprekken plannen"),
        closing=(
            t.gettext(
                "Plan de gesprekken uiterlijk {deadline}. De gesprekken vinden plaats van {period}. Met de knop "
                "hieronder kies je per medewerker een datum, tijd en plaats."
            ),
        ),
    )


@builder("slot_offer")
def _slot_offer(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("Kies een tijd voor je POP-gesprek met {other_name}"),
        (
            t.gettext(
                "{manager_name} laat je zelf een tijd kiezen voor je POP-gesprek (persoonlijk ontwikkelingsplan)."
            ),
            t.gettext(
                "Kies met de knop hieronder een van de vrije tijden. Wie het eerst kiest, krijgt de tijd. Daarna "
                "krijg je een uitnodiging voor je agenda en de vragen om je voor te bereiden."
            ),
        ),
        t.gettext("Kies een tijd"),
    )


@builder("slot_reminder")
def _slot_reminder(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("Herinnering: kies een tijd voor je POP-gesprek met {other_name}"),
        (
            t.gettext("Je hebt nog geen tijd gekozen voor je POP-gesprek met {manager_name}."),
            t.gettext("Er zijn nog tijden vrij. Kies er een met de knop hieronder, dan krijg je de uitnodiging."),
        ),
        t.gettext("Kies een tijd"),
    )


# -- the plan ---------------------------------------------------------------------------------
@builder("agreements_open")
def _agreements_open(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("Leg de afspraken van je POP-gesprek met {other_name} vast"),
        (
            t.gettext(
                "Jullie POP-gesprek is geweest. Leg nu samen de afspraken vast: wat, welk meetbaar resultaat, wie en "
                "wanneer (SMART)."
            ),
            t.gettext("Daarna ondertekenen jullie allebei hetzelfde plan."),
        ),
        t.gettext("Afspraken vastleggen"),
    )


@builder("sign_reminder")
def _sign_reminder(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        _by_role(
            ctx,
            t.gettext("Herinnering: onderteken je ontwikkelingsplan met {manager_name}"),
            t.gettext("Herinnering: onderteken het ontwikkelingsplan van {employee_name}"),
        ),
        (
            t.gettext(
                "Het POP-gesprek is geweest, maar het plan van {employee_name} is nog niet door jou ondertekend."
            ),
            t.gettext(
                "Leg de afspraken vast als dat nog niet is gebeurd, of kijk ze na en pas ze zo nodig aan; "
                "onderteken dan. Pas als jullie allebei hetzelfde plan ondertekenen, gaat het plan lopen."
            ),
        ),
        t.gettext("Naar het plan"),
    )


@builder("sign_request")
def _sign_request(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("{other_name} heeft het ontwikkelingsplan ondertekend"),
        (
            t.gettext(
                "{other_name} heeft het ontwikkelingsplan ondertekend zoals het nu is vastgelegd. Jouw "
                "handtekening ontbreekt nog."
            ),
            t.gettext(
                "Kijk de afspraken na en onderteken ook; dan gaat het plan lopen. Pas je iets aan, dan "
                "vervalt de handtekening van {other_name} en ondertekenen jullie allebei opnieuw."
            ),
        ),
        t.gettext("Naar het plan"),
    )


@builder("plan_signed")
def _plan_signed(t: NullTranslations, ctx: MailContext) -> Words:
    """The one mail of signing (issue 19): the plan (attached), the review dates (their
    invitations follow one by one), and the evaluation (its own mail before)."""
    signed = t.gettext("Jullie hebben allebei het plan ondertekend. Je vindt het als PDF bij deze e-mail.")
    reviews = t.gettext(
        "Dit zijn jullie voortgangsgesprekken. Voor elk gesprek krijg je vooraf een uitnodiging voor je agenda."
    )
    return Words(
        t.gettext("Jij en {other_name} hebben het ontwikkelingsplan ondertekend"),
        (signed, reviews) if ctx.dates else (signed,),
        t.gettext("Naar de evaluatie"),
        closing=(
            t.gettext(
                "Hoe vond je het POP-gesprek? Vertel het in twee minuten: wat ging goed, en wat kan de "
                "volgende keer beter?"
            ),
        ),
    )


@builder("evaluation")
def _evaluation(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("Hoe ging je POP-gesprek met {other_name}?"),
        (
            t.gettext(
                "Het plan is ondertekend. Vertel in twee minuten hoe je het gesprek hebt ervaren en wat de "
                "volgende keer anders of beter kan."
            ),
        ),
        t.gettext("Naar de evaluatie"),
    )


@builder("evaluation_shared")
def _evaluation_shared(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("{other_name} heeft de evaluatie van jullie POP-gesprek met je gedeeld"),
        (
            t.gettext(
                "{other_name} vertelt hoe het POP-gesprek is ervaren en wat de volgende keer anders of beter kan."
            ),
            t.gettext("Lees het op de POP-pagina. Sta open voor de feedback: wat kun je ermee doen?"),
        ),
        t.gettext("Naar het POP"),
    )


# -- working on the plan ----------------------------------------------------------------------
@builder("review_invite")
def _review_invite(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        # "2 van 4", not "POP 2": one plan, four reviews.
        t.gettext("Voortgangsgesprek {number} van {total} met {other_name} op {when}")
        if ctx.total
        else t.gettext("Voortgangsgesprek met {other_name} op {when}"),
        (
            t.gettext(
                "Je voortgangsgesprek met {other_name} over het ontwikkelingsplan staat op {when}{until}{where}."
            ),
            t.gettext("Jullie bespreken per afspraak hoe het ervoor staat. De agenda-uitnodiging zit in deze e-mail."),
        ),
        t.gettext("Naar het plan"),
    )


@builder("review_reminder")
def _review_reminder(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("Binnenkort: voortgangsgesprek {number} van {total} met {other_name} op {when}")
        if ctx.total
        else t.gettext("Binnenkort: voortgangsgesprek met {other_name} op {when}"),
        (
            t.gettext(
                "Op {when}{until}{where} is het voortgangsgesprek over het ontwikkelingsplan van {employee_name}."
            ),
            t.gettext(
                "Werk vooraf per afspraak de voortgang bij; dan kunnen jullie het gesprek gebruiken voor wat "
                "ertoe doet."
            ),
        ),
        t.gettext("Voortgang bijwerken"),
    )


@builder("followup_invite")
def _followup_invite(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("Vervolggesprek met {other_name} op {when}"),
        (
            t.gettext(
                "Er is een vervolggesprek gepland over het ontwikkelingsplan van {employee_name}: {when}{until}{where}."
            ),
            t.gettext("De agenda-uitnodiging zit in deze e-mail."),
        ),
        t.gettext("Naar het plan"),
    )


@builder("due_reminder")
def _due_reminder(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("Klaar op {due}, afgesproken met {other_name}: {agreement}"),
        (
            t.gettext(
                "De afspraak “{agreement}” uit het ontwikkelingsplan van {employee_name} moet op {due} klaar zijn."
            ),
            t.gettext("Lukt dat niet, bespreek het dan en leg de voortgang vast."),
        ),
        t.gettext("Voortgang bijwerken"),
    )


@builder("completed")
def _completed(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        _by_role(
            ctx,
            t.gettext("Je ontwikkelingsplan met {manager_name} is afgerond"),
            t.gettext("Het ontwikkelingsplan van {employee_name} is afgerond"),
        ),
        (t.gettext("Alle afspraken zijn afgerond en het laatste voortgangsgesprek is geweest."),),
        t.gettext("Bekijk het plan"),
    )


@builder("plan_taken_over")
def _plan_taken_over(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        _by_role(
            ctx,
            t.gettext("Je ontwikkelingsplan met {manager_name} gaat verder in het nieuwe POP"),
            t.gettext("Het ontwikkelingsplan van {employee_name} gaat verder in het nieuwe POP"),
        ),
        (
            t.gettext(
                "Er is een nieuw POP-gesprek gepland. De afspraken van het huidige plan die nog liepen, "
                "staan bovenaan het nieuwe plan; jullie bespreken ze in het gesprek."
            ),
            t.gettext("Voortgangsgesprekken van het huidige plan die nog gepland stonden, vervallen."),
        ),
        t.gettext("Bekijk het plan"),
    )


# -- endings and links ------------------------------------------------------------------------
@builder("meeting_cancelled")
def _meeting_cancelled(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("Geannuleerd: {meeting_label} met {other_name} op {when}"),
        (t.gettext("De afspraak op {when} over het POP van {employee_name} gaat niet door."),),
        t.gettext("Naar mijn POP"),
    )


@builder("pop_cancelled")
def _pop_cancelled(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        _by_role(
            ctx,
            t.gettext("Je POP met {manager_name} is geannuleerd"),
            t.gettext("Het POP van {employee_name} is geannuleerd"),
        ),
        (
            t.gettext("Je POP met {other_name} is geannuleerd.{reason}"),
            t.gettext("Gesprekken die in je agenda stonden, worden met een aparte e-mail afgezegd."),
        ),
        t.gettext("Naar het POP"),
    )


@builder("fresh_link")
def _fresh_link(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("Je nieuwe persoonlijke link voor het POP met {other_name}"),
        (
            t.gettext(
                "Je vroeg om een nieuwe link naar je POP met {other_name}. Hij staat onder de knop hieronder; oudere "
                "links die verlopen waren, blijven verlopen."
            ),
            t.gettext("Vroeg je niets aan? Dan kun je deze e-mail negeren."),
        ),
        t.gettext("Naar het POP"),
    )


@builder("links_ended")
def _links_ended(t: NullTranslations, ctx: MailContext) -> Words:
    return Words(
        t.gettext("Je oude links werken niet meer: een nieuwe link voor het POP met {other_name}"),
        (
            t.gettext(
                "Je hebt je oude persoonlijke links ongeldig gemaakt. Ze openen geen POP meer, ook niet "
                "als iemand anders ze heeft. Je nieuwe link naar het POP van {employee_name} met "
                "{manager_name} staat onder de knop hieronder."
            ),
            t.gettext(
                "Links naar andere POP's krijg je met de volgende e-mails, of vraag je aan op de pagina "
                "die een oude link nu toont."
            ),
            t.gettext("Deed jij dit niet? Meld het dan bij HR."),
        ),
        t.gettext("Naar het POP"),
    )


# -- names ------------------------------------------------------------------------------------
# The sender of every mail and the name of the calendar feed, unless configured (MAIL_FROM_NAME).
SERVICE_NAME = N_("POP-gesprekken")
# What a meeting is called inside a sentence ("the {meeting_label} on ...").
MEETING_LABELS = {
    "conversation": N_("POP-gesprek"),
    "review": N_("voortgangsgesprek"),
    "followup": N_("vervolggesprek"),
}


def service_name(lang: str) -> str:
    return translations(lang).gettext(SERVICE_NAME)


def meeting_label(kind: str, lang: str) -> str:
    return translations(lang).gettext(MEETING_LABELS[kind])
