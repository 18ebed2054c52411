"""Dutch first: every text is written in Dutch; English comes from a gettext catalog.

`_("Opslaan")` gives "Opslaan" or "Save" by the language of the request (the
person's language, or the switch on the page). The Dutch text is the msgid, so a
page is complete in Dutch even before anything is translated. The catalog lives in
Flask-Babel's layout, intake/translations/<lang>/LC_MESSAGES/messages.po; the build
compiles it (`pybabel compile -d intake/translations`, in `make install` and the
Dockerfile). A checkout that was not built yet compiles it in memory instead of
showing English readers Dutch.
"""
from __future__ import annotations

from functools import lru_cache

from flask import g, has_request_context
from wtforms.i18n import get_translations

# The catalogue itself is shared with the workers' e-mails (shared/i18n.py).
from shared.i18n import LANGUAGES, TRANSLATIONS, catalog_path, translate, translations  # noqa: F401


def current_lang() -> str:
    return getattr(g, "lang", "nl") if has_request_context() else "nl"


def _(text: str, **values) -> str:
    return translate(text, current_lang(), **values)


class lazy_:  # noqa: N801 - reads like _()
    """A text translated when shown, for messages fixed at import time (validators)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return _(self.text)


# Messages for InputError codes raised by intake.commands.
ERRORS = {
    "unknown_employee": "Er is geen actieve medewerker met e-mailadres {email}.",
    "no_manager": "Voor {email} is geen leidinggevende bekend; vul die eerst in bij de personen.",
    "start_in_past": "Het gesprek moet in de toekomst liggen.",
    "bad_duration": "De duur moet tussen 10 en 480 minuten liggen.",
    "meeting_already_held": "Het gesprek van deze medewerker is al geweest en het plan is nog niet ondertekend.",
    "not_yours": "Dit POP is niet van jou.",
    "preparation_closed": "De voorbereiding is gesloten: het gesprek is al geweest.",
    "already_submitted": "Je voorbereiding is al ingestuurd.",
    "stale_form": "Deze voorbereiding is intussen elders opgeslagen (een ander tabblad?). Jouw tekst van zojuist "
                  "staat hieronder nog; waar de opgeslagen versie anders is, staat die onder de vraag. Sla opnieuw "
                  "op om jouw tekst te bewaren.",
    "agreements_closed": "De afspraken kunnen nu niet worden gewijzigd.",
    "stale_agreements": "Het plan is intussen elders gewijzigd (door de ander, of in een ander tabblad). Jouw "
                        "tekst staat hieronder nog; bovenaan staat de opgeslagen versie. Sla opnieuw op om jouw "
                        "versie te bewaren.",
    "stale_plan": "Het plan is intussen gewijzigd. Bekijk de nieuwste versie en probeer het opnieuw.",
    "empty_plan": "Er zijn nog geen afspraken om te ondertekenen.",
    "progress_closed": "Voortgang kan alleen worden bijgewerkt zolang het plan loopt.",
    "bad_status": "Kies open, afgerond of vervallen.",
    "evaluation_closed": "De evaluatie kan pas na het ondertekenen van het plan.",
    "already_final": "Dit POP is al afgerond of geannuleerd.",
    "reason_needed": "Geef een reden op; die komt in de tijdlijn en in de e-mail.",
    "meeting_not_movable": "Deze afspraak is voorbij of afgezegd en kan niet meer worden verplaatst.",
    "round_name_missing": "Geef de ronde een naam.",
    "round_name_taken": "Er is al een ronde met de naam {name}.",
    "round_period_reversed": "De einddatum ligt voor de begindatum.",
    "round_period_past": "De periode is al voorbij; kies een periode die nog komt.",
    "unknown_question_set": "Er is geen vragenlijst {version}.",
    "unknown_round": "Deze ronde bestaat niet.",
    "loose_round_not_launched": "Deze ronde bevat de losse POP-gesprekken en wordt niet gestart. Maak een "
                                "nieuwe ronde om iedereen een POP-gesprek te laten voeren.",
    "agenda_closed": "Het gesprek is geweest; de agenda kan niet meer worden gewijzigd.",
    "stale_agenda": "Je agendapunten zijn intussen elders gewijzigd (een ander tabblad?). Jouw tekst staat "
                    "hieronder nog; bovenaan zie je de nieuwste agenda. Sla opnieuw op om jouw versie te bewaren.",
    "meeting_not_answerable": "Deze afspraak is voorbij of afgezegd; antwoorden kan niet meer.",
}


# What HR reads for the codes in the timeline and the outbox.
EVENT_LABELS = {
    "meeting_scheduled": "Gesprek gepland",
    "meeting_rescheduled": "Gesprek verplaatst",
    "preparation_submitted": "Voorbereiding ingestuurd",
    "agenda_updated": "Agenda bijgewerkt",
    "plan_changed": "Plan gewijzigd",
    "plan_signed": "Plan ondertekend",
    "cancel_requested": "Annulering gevraagd",
    "followup_planned": "Vervolggesprek gepland",
    "progress_recorded": "Voortgang bijgewerkt",
    "employee_left": "Medewerker uit dienst",
    "manager_changed": "Andere leidinggevende",
    "superseded": "Opgevolgd door een nieuw POP",
    "state_changed": "Fase gewijzigd",
    "meeting_answered": "Antwoord op een uitnodiging",
    "round_created": "Ronde aangemaakt",
    "retention_applied": "Privé-antwoorden gewist (bewaartermijn)",
    "retention_deleted": "Plan verwijderd (bewaartermijn)",
    "retention_run": "Bewaartermijnen toegepast",
    "person_erased": "Persoonsgegevens gewist",
    "round_launched": "Ronde gestart",
    "mail_resent": "E-mail opnieuw verstuurd",
    "points_shared_again": "Gedeelde punten gedeeld met de nieuwe leidinggevende",
    "links_ended": "Oude persoonlijke links ongeldig gemaakt",
    "mail_refused": "E-mail niet opnieuw verstuurd: de ontvanger hoort niet meer bij dit POP",
}
MAIL_LABELS = {
    "invitation": "Uitnodiging",
    "exchange": "Gesprekspunten",
    "agreements_open": "Afspraken vastleggen",
    "plan_signed": "Plan ondertekend",
    "review_invite": "Voortgangsgesprek",
    "followup_invite": "Vervolggesprek",
    "prepare_reminder": "Herinnering voorbereiding",
    "sign_reminder": "Herinnering ondertekenen",
    "sign_request": "Verzoek om mee te ondertekenen",
    "due_reminder": "Herinnering einddatum",
    "review_reminder": "Herinnering voortgangsgesprek",
    "evaluation": "Evaluatie",
    "evaluation_shared": "Evaluatie gedeeld",
    "pop_cancelled": "POP geannuleerd",
    "meeting_cancelled": "Annulering",
    "completed": "Afgerond",
    "plan_taken_over": "Plan voortgezet in nieuw POP",
    "meeting_declined": "Uitnodiging afgeslagen",
    "fresh_link": "Nieuwe link",
    "links_ended": "Nieuwe link, oude links ongeldig",
    "schedule_request": "Verzoek om te plannen",
}
PHASE_LABELS = {"planning": "Te plannen", "announcement": "Aankondiging", "alignment": "Afstemming",
                "agreements": "Afspraken", "action": "Actie", "completed": "Afgerond", "cancelled": "Geannuleerd"}
OVERDUE_LABELS = {"preparation:employee": "voorbereiding medewerker ontbreekt",
                  "preparation:manager": "voorbereiding leidinggevende ontbreekt",
                  "signature:employee": "medewerker heeft niet ondertekend",
                  "signature:manager": "leidinggevende heeft niet ondertekend",
                  "review": "geen voortgang bijgewerkt na het voortgangsgesprek",
                  "due_date": "afspraak na de einddatum nog niet afgerond"}
# An agreement's status; "carried": moved into the next POP's plan (intake/commands.carry_over).
AGREEMENT_STATUS_LABELS = {"open": "loopt", "done": "afgerond", "dropped": "vervallen",
                           "carried": "voortgezet in het nieuwe POP"}
ROLE_LABELS = {"employee": "medewerker", "manager": "leidinggevende"}
# What someone has to do now (workflow/next_step.py), as HR's POP page names it.
MOVE_LABELS = {"schedule": "gesprek plannen", "prepare": "voorbereiding insturen",
               "record_agreements": "afspraken vastleggen", "sign": "plan ondertekenen",
               "work_on_plan": "voortgang bijhouden"}
# An attendee's answer (iCalendar PARTSTAT) and a meeting's kind, as pages show them.
PARTSTAT_LABELS = {"NEEDS-ACTION": "nog geen antwoord", "ACCEPTED": "geaccepteerd", "TENTATIVE": "onder voorbehoud",
                   "DECLINED": "afgeslagen"}
MEETING_KIND_LABELS = {"conversation": "POP-gesprek", "review": "Voortgangsgesprek", "followup": "Vervolggesprek"}
MAIL_STATUS = {"pending": "wacht", "sending": "bezig", "sent": "verstuurd", "failed": "mislukt",
               "dropped": "vervallen"}


def label(table: dict[str, str], code: str) -> str:
    return _(table[code]) if code in table else code


def error_message(code: str, **details) -> str:
    return _(ERRORS.get(code, code), **details)


@lru_cache(maxsize=4)
def _wtforms_translations(lang: str):
    return get_translations([lang])


class LocalisedMeta:
    """Form meta: WTForms' own messages in the request's language, nested forms too."""

    def get_translations(self, form):
        return _wtforms_translations(current_lang())
