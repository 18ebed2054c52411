"""The plan PDF's words: Dutch msgids, English from the one catalogue (shared/i18n.py)."""

from __future__ import annotations

from shared.i18n import N_

# The Dutch labels; English comes from the catalogue (shared/i18n.py), in the document's language.
LABELS: dict[str, str] = {
    "title": N_("Persoonlijk ontwikkelingsplan"),
    "employee": N_("Medewerker"),
    "manager": N_("Leidinggevende"),
    "department": N_("Afdeling"),
    "round": N_("Ronde"),
    "meeting": N_("Datum gesprek"),
    "agreements": N_("Afspraken"),
    "goal": N_("Gewenste ontwikkeling"),
    "agreement": N_("Afspraak"),
    "none": N_("Geen afspraken vastgelegd."),
    "what": N_("Wat"),
    "result": N_("Meetbaar resultaat"),
    "owner": N_("Wie"),
    "due": N_("Wanneer"),
    "kind": N_("Soort"),
    "activity": N_("Ontwikkelactiviteit"),
    "cost": N_("Kosten"),
    "hours": N_("Uren"),
    "support": N_("Ondersteuning van de organisatie"),
    "status": N_("Status"),
    "reviews": N_("Voortgangsgesprekken"),
    "signatures": N_("Handtekeningen"),
    "signed_at": N_("Ondertekend op"),
    "hash": N_("Inhoudshash (SHA-256)"),
    "both_signed": N_(
        "Medewerker en leidinggevende hebben precies deze inhoud ondertekend; de hash "
        "hierboven is de SHA-256 van de ondertekende versie."
    ),
    "not_both": N_("Nog niet door medewerker en leidinggevende allebei ondertekend."),
    "verify": N_("Controleren"),
    "verify_text": N_(
        "Op de pagina hieronder (of met de QR-code) zie je of een plan met deze hash is ondertekend, en wanneer. "
        "Daar staan geen namen of teksten."
    ),
    "verify_code": N_("Controlecode"),
    "replaced": N_(
        "Het lettertype van dit document mist een of meer tekens. Die staan er als [U+…]: het Unicode-nummer "
        "van het teken. De ondertekende tekst zelf is ongewijzigd."
    ),
    "at": N_("om"),
    "page": N_("pagina {n} van {nb}"),
    "role_employee": N_("medewerker"),
    "role_manager": N_("leidinggevende"),
    "kind_knowledge": N_("kennis"),
    "kind_skill": N_("vaardigheid"),
    "kind_competence": N_("competentie"),
    "status_open": N_("open"),
    "status_done": N_("afgerond"),
    "status_dropped": N_("vervallen"),
    "status_carried": N_("voortgezet in het nieuwe POP"),
}
