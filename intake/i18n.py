"""Dutch first: every text is written in Dutch; English comes from the gettext catalogue.

`_("Opslaan")` gives "Opslaan" or "Save" by the language of the request (the
person's language, or the switch on the page). The Dutch text is the msgid, so a
page is complete in Dutch even before anything is translated. The catalogue itself
(reading, compiling, translating in a given language) is shared/i18n.py, which the
worker and the CLI use too; this module adds the request's language and the tables
of the pages. Texts in tables are marked with N_ so that `make messages` finds them.
"""

from __future__ import annotations

from functools import lru_cache

from flask import g, has_request_context
from wtforms.i18n import get_translations

from shared.i18n import (
    LANGUAGES,
    N_,
    TRANSLATIONS,
    catalog_path,
    translate,
    translate_plural,
    translations,
)

__all__ = [
    "IN_RANGE",
    "LANGUAGES",
    "N_",
    "TRANSLATIONS",
    "LocalisedMeta",
    "_",
    "catalog_path",
    "current_lang",
    "error_message",
    "label",
    "lazy_",
    "ngettext",
    "translate",
    "translate_plural",
    "translations",
]


def current_lang() -> str:
    return getattr(g, "lang", "nl") if has_request_context() else "nl"


def _(text: str, /, **values) -> str:
    return translate(text, current_lang(), **values)


def ngettext(singular: str, plural: str, n: int, /, **values) -> str:
    return translate_plural(singular, plural, n, current_lang(), **values)


class lazy_:
    """A text translated when shown, for messages fixed at import time (validators)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return _(self.text)

    def __mod__(self, values: dict) -> str:  # WTForms fills in %(min)s and %(max)s
        return str(self) % values


# WTForms' own Dutch reads "Nummer moet tussen 0 en 1000000 liggen."
IN_RANGE = lazy_("Vul een getal in van %(min)s tot en met %(max)s.")


# Question sets (intake/question_sets.py, shared/questionset_format.py): {path} is the place
# in the file, such as roles.employee.themes[0].questions[2].text.nl.
QUESTION_SET_ERRORS = {
    "qs_not_object": N_("{path}: hier hoort een JSON-object."),
    "qs_not_list": N_("{path}: hier hoort een lijst."),
    "qs_count": N_("{path}: hier horen {low} tot en met {high} onderdelen."),
    "qs_unknown_key": N_("{path}: onbekend veld {key}."),
    "qs_roles": N_("{path}: er horen precies twee rollen: employee en manager."),
    "qs_format": N_("{path}: alleen formaat 2 kan (format: 2)."),
    "qs_bad_id": N_("{path}: een id bestaat uit kleine letters, cijfers en _ (hoogstens {limit} tekens)."),
    "qs_question_id_taken": N_("{path}: het id {id} staat al bij een andere vraag van deze lijst."),
    "qs_theme_id_taken": N_("{path}: het id {id} staat al bij een ander thema van deze rol."),
    "qs_text_missing": N_("{path}: vul hier een tekst in."),
    "qs_text_too_long": N_("{path}: hoogstens {limit} tekens."),
    "qs_control_character": N_("{path}: de tekst moet op één regel staan, zonder tab of ander stuurteken ({char})."),
    "qs_not_boolean": N_("{path}: hier hoort true of false."),
    "qs_question_count": N_("{path}: elke rol heeft {low} tot en met {high} vragen."),
    "qs_department_theme_of_employee": N_("{path}: alleen thema's van de leidinggevende gaan over de afdeling."),
    "qs_department_themes_last": N_("{path}: de thema's over de afdeling komen als laatste."),
    "qs_conversation_types": N_("{path}: er horen vier gesprekssoorten: {keys}."),
    "qs_bad_json": N_("Het bestand is geen geldige JSON."),
    "qs_too_large": N_("Het bestand is te groot (hoogstens {limit} kB)."),
    "qs_name_missing": N_("Geef de vragenlijst een naam (hoogstens {limit} tekens, op één regel)."),
    "qs_not_a_draft": N_("Deze versie is gepubliceerd en verandert niet meer. Maak er een kopie van om te wijzigen."),
    "qs_unknown_draft": N_("Dit concept bestaat niet (meer)."),
    "qs_stale_draft": N_("Dit concept is intussen elders gewijzigd. Laad het opnieuw en breng je wijziging weer aan."),
    "qs_unknown_library_question": N_("De vraag {id} staat niet in de bibliotheek."),
    "qs_unknown_department": N_("Er is geen afdeling {name}."),
    "qe_new_question_text": N_("{path}: typ eerst de vraag in het Nederlands."),
    "qe_new_theme_title": N_("{path}: typ eerst de titel in het Nederlands."),
    "qe_too_many_questions": N_("{path}: een rol heeft hoogstens 60 vragen."),
    "qe_too_many_themes": N_("{path}: een rol heeft hoogstens 20 thema's."),
}

# Messages for InputError codes raised by intake.commands.
ERRORS = {
    "unknown_employee": N_("Er is geen actieve medewerker met e-mailadres {email}."),
    "no_manager": N_("Voor {email} is geen leidinggevende bekend; vul die eerst in bij de personen."),
    "start_in_past": N_("Het gesprek moet in de toekomst liggen."),
    "bad_duration": N_("De duur moet tussen 10 en 480 minuten liggen."),
    "outside_round": N_("Deze datum ligt buiten de periode van de ronde ({start} – {end})."),
    "double_booked": N_("{email} heeft op dat moment al een ander gesprek."),
    "double_booked_manager": N_("De leidinggevende van {email} heeft op dat moment al een ander gesprek."),
    "meeting_already_held": N_("Het gesprek van deze medewerker is al geweest en het plan is nog niet ondertekend."),
    "not_yours": N_("Dit POP is niet van jou."),
    "preparation_closed": N_("De voorbereiding is gesloten: het gesprek is al geweest."),
    "already_submitted": N_("Je voorbereiding staat al klaar om te delen."),
    "not_ready_yet": N_("Je voorbereiding is nog een concept: er is niets terug te draaien."),
    "already_exchanged": N_("De punten zijn al uitgewisseld. Je kunt dit niet meer terugdraaien."),
    "stale_form": N_(
        "Deze voorbereiding is intussen elders opgeslagen (een ander tabblad?). Jouw tekst van zojuist "
        "staat hieronder nog; waar de opgeslagen versie anders is, staat die onder de vraag. Sla opnieuw "
        "op om jouw tekst te bewaren."
    ),
    "agreements_closed": N_("De afspraken kunnen nu niet worden gewijzigd."),
    "stale_agreements": N_(
        "Het plan is intussen elders gewijzigd (door de ander, of in een ander tabblad). Jouw "
        "tekst staat hieronder nog; bovenaan staat de opgeslagen versie. Sla opnieuw op om jouw "
        "versie te bewaren."
    ),
    "stale_plan": N_("Het plan is intussen gewijzigd. Bekijk de nieuwste versie en probeer het opnieuw."),
    "empty_plan": N_("Er zijn nog geen afspraken om te ondertekenen."),
    "progress_closed": N_("Voortgang kan alleen worden bijgewerkt zolang het plan loopt."),
    "bad_status": N_("Kies open, afgerond of vervallen."),
    "evaluation_closed": N_("De evaluatie kan pas na het ondertekenen van het plan."),
    "already_final": N_("Dit POP is al afgerond of geannuleerd."),
    "reason_needed": N_("Geef een reden op; die komt in de tijdlijn en in de e-mail."),
    "meeting_not_movable": N_("Dit gesprek is voorbij of afgezegd en kan niet meer worden verplaatst."),
    "round_name_missing": N_("Geef de ronde een naam."),
    "round_name_taken": N_("Er is al een ronde met de naam {name}."),
    "round_period_reversed": N_("De einddatum ligt voor de begindatum."),
    "round_period_past": N_("De periode is al voorbij; kies een periode die nog komt."),
    "unknown_question_set": N_("Er is geen vragenlijst {version}."),
    "unknown_round": N_("Deze ronde bestaat niet."),
    "loose_round_not_launched": N_(
        "Deze ronde bevat de losse POP-gesprekken en wordt niet gestart. Maak een "
        "nieuwe ronde om iedereen een POP-gesprek te laten voeren."
    ),
    "agenda_closed": N_("Het gesprek is geweest; de agenda kan niet meer worden gewijzigd."),
    "stale_agenda": N_(
        "Je agendapunten zijn intussen elders gewijzigd (een ander tabblad?). Jouw tekst staat "
        "hieronder nog; bovenaan zie je de nieuwste agenda. Sla opnieuw op om jouw versie te bewaren."
    ),
    "meeting_not_answerable": N_("Dit gesprek is voorbij of afgezegd; antwoorden kan niet meer."),
    # Letting reports pick a time (intake/slot_offers.py)
    "slot_outside_round": N_("Deze tijd ligt buiten de periode van de ronde ({start} – {end})."),
    "offer_no_slots": N_("Vul minstens één tijd in, of maak tijden met de knop ‘Tijden maken’."),
    "offer_no_reports": N_("Kies minstens één medewerker die een tijd mag kiezen."),
    "offer_report_not_waiting": N_(
        "Voor een van de gekozen medewerkers is het gesprek intussen gepland. Kijk de lijst opnieuw na."
    ),
    "offer_too_many_slots": N_("Je kunt hoogstens {n} tijden aanbieden."),
    "offer_slot_busy": N_("Op een van deze tijden heb je al een gesprek. Kies een andere tijd."),
    "offer_slots_overlap": N_("Twee tijden overlappen elkaar. Jij bent bij elk gesprek: kies tijden na elkaar."),
    "pick_already_planned": N_("Je gesprek is al gepland. Wil je een andere tijd? Vraag het je leidinggevende."),
    "pick_offer_closed": N_("Er zijn geen tijden meer om uit te kiezen. Je leidinggevende plant je gesprek."),
    "slot_taken": N_("Deze tijd is net door iemand anders gekozen. Kies een andere tijd."),
    # Question sets HR stores (intake/question_sets.py); {path} is the place in the set's file.
    **QUESTION_SET_ERRORS,
}


# What HR reads for the codes in the timeline and the outbox.
EVENT_LABELS = {
    "meeting_scheduled": N_("Gesprek gepland"),
    "meeting_rescheduled": N_("Gesprek verplaatst"),
    "preparation_submitted": N_("Voorbereiding klaar om te delen"),
    "preparation_reopened": N_("Voorbereiding weer een concept"),
    "agenda_updated": N_("Agenda bijgewerkt"),
    "plan_changed": N_("Plan gewijzigd"),
    "plan_signed": N_("Plan ondertekend"),
    "cancel_requested": N_("Annulering gevraagd"),
    "followup_planned": N_("Vervolggesprek gepland"),
    "progress_recorded": N_("Voortgang bijgewerkt"),
    "employee_left": N_("Medewerker uit dienst"),
    "manager_changed": N_("Andere leidinggevende"),
    "superseded": N_("Opgevolgd door een nieuw POP"),
    "state_changed": N_("Fase gewijzigd"),
    "meeting_answered": N_("Antwoord op een uitnodiging"),
    "round_created": N_("Ronde aangemaakt"),
    "retention_applied": N_("Privé-antwoorden gewist (bewaartermijn)"),
    "retention_deleted": N_("Plan verwijderd (bewaartermijn)"),
    "retention_run": N_("Bewaartermijnen toegepast"),
    "person_erased": N_("Persoonsgegevens gewist"),
    "round_launched": N_("Ronde gestart"),
    "mail_resent": N_("E-mail opnieuw verstuurd"),
    "points_shared_again": N_("Gedeelde punten gedeeld met de nieuwe leidinggevende"),
    "links_ended": N_("Oude persoonlijke links ongeldig gemaakt"),
    "mail_refused": N_("E-mail niet opnieuw verstuurd: de ontvanger hoort niet meer bij dit POP"),
    "planning_reminded": N_("Leidinggevende herinnerd om het gesprek te plannen"),
    "question_set_drafted": N_("Concept van een vragenlijst gemaakt"),
    "question_set_edited": N_("Concept van een vragenlijst gewijzigd"),
    "question_set_published": N_("Vragenlijst gepubliceerd"),
    "question_set_discarded": N_("Concept van een vragenlijst weggegooid"),
    "question_set_default": N_("Standaardvragenlijst van een afdeling ingesteld"),
    "mail_text_changed": N_("Openingstekst van een e-mail gewijzigd"),
    "round_settings_changed": N_("Instellingen van de ronde gewijzigd"),
}
MAIL_LABELS = {
    "invitation": N_("Uitnodiging"),
    "exchange": N_("Gesprekspunten"),
    "agreements_open": N_("Afspraken vastleggen"),
    "plan_signed": N_("Plan ondertekend"),
    "review_invite": N_("Voortgangsgesprek"),
    "followup_invite": N_("Vervolggesprek"),
    "prepare_reminder": N_("Herinnering voorbereiding"),
    "sign_reminder": N_("Herinnering ondertekenen"),
    "sign_request": N_("Verzoek om mee te ondertekenen"),
    "due_reminder": N_("Herinnering einddatum"),
    "review_reminder": N_("Herinnering voortgangsgesprek"),
    "evaluation": N_("Evaluatie"),
    "evaluation_shared": N_("Evaluatie gedeeld"),
    "pop_cancelled": N_("POP geannuleerd"),
    "meeting_cancelled": N_("Annulering"),
    "completed": N_("Afgerond"),
    "plan_taken_over": N_("Plan voortgezet in nieuw POP"),
    "meeting_declined": N_("Uitnodiging afgeslagen"),
    "fresh_link": N_("Nieuwe link"),
    "links_ended": N_("Nieuwe link, oude links ongeldig"),
    "schedule_request": N_("Verzoek om te plannen"),
    "planning_reminder": N_("Herinnering om te plannen"),
    "slot_offer": N_("Verzoek om een tijd te kiezen"),
    "slot_reminder": N_("Herinnering tijd kiezen"),
}
PHASE_LABELS = {
    "planning": N_("Te plannen"),
    "announcement": N_("Aankondiging"),
    "alignment": N_("Afstemming"),
    "agreements": N_("Afspraken"),
    "action": N_("Actie"),
    "completed": N_("Afgerond"),
    "cancelled": N_("Geannuleerd"),
}
OVERDUE_LABELS = {
    "planning": N_("nog niet gepland"),
    "preparation:employee": N_("voorbereiding medewerker ontbreekt"),
    "preparation:manager": N_("voorbereiding leidinggevende ontbreekt"),
    "signature:employee": N_("medewerker heeft niet ondertekend"),
    "signature:manager": N_("leidinggevende heeft niet ondertekend"),
    "review": N_("geen voortgang bijgewerkt na het voortgangsgesprek"),
    "due_date": N_("afspraak na de einddatum nog niet afgerond"),
}
# An agreement's status; "carried": moved into the next POP's plan (intake/commands.carry_over).
AGREEMENT_STATUS_LABELS = {
    "open": N_("loopt"),
    "done": N_("afgerond"),
    "dropped": N_("vervallen"),
    "carried": N_("voortgezet in het nieuwe POP"),
}
ROLE_LABELS = {"employee": N_("medewerker"), "manager": N_("leidinggevende")}
# What someone has to do now (workflow/next_step.py), as HR's POP page names it.
MOVE_LABELS = {
    "schedule": N_("gesprek plannen"),
    "prepare": N_("voorbereiding afmaken"),
    "record_agreements": N_("afspraken vastleggen"),
    "sign": N_("plan ondertekenen"),
    "work_on_plan": N_("voortgang bijhouden"),
}
# An attendee's answer (iCalendar PARTSTAT) and a meeting's kind, as pages show them.
PARTSTAT_LABELS = {
    "NEEDS-ACTION": N_("nog geen antwoord"),
    "ACCEPTED": N_("geaccepteerd"),
    "TENTATIVE": N_("onder voorbehoud"),
    "DECLINED": N_("afgeslagen"),
}
MEETING_KIND_LABELS = {
    "conversation": N_("POP-gesprek"),
    "review": N_("Voortgangsgesprek"),
    "followup": N_("Vervolggesprek"),
}
MAIL_STATUS = {
    "pending": N_("wacht"),
    "sending": N_("bezig"),
    "sent": N_("verstuurd"),
    "failed": N_("mislukt"),
    "dropped": N_("vervallen"),
}


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
