"""The words of every e-mail, Dutch first, English second: one source for text and HTML.

Each kind has, per language, a subject, paragraphs (per role where they differ) and
the label of its main button. Placeholders are filled from the MailContext fields.
"""
from __future__ import annotations

WORDING: dict[str, dict[str, dict]] = {
    "invitation": {
        "nl": {
            "subject": "Uitnodiging POP-gesprek op {when}",
            "employee": [
                "{manager_name} nodigt je uit voor je POP-gesprek (persoonlijk ontwikkelingsplan) op {when}{where}.",
                "Bereid je voor met de vragen via de knop hieronder. Jij kiest per antwoord of je het vooraf "
                "met {manager_name} deelt; uiterlijk {exchange_when} worden de gesprekspunten uitgewisseld.",
                "De uitnodiging zit ook als agenda-afspraak in deze e-mail: accepteer haar in je agenda.",
            ],
            "manager": [
                "Het POP-gesprek met {employee_name} staat gepland op {when}{where}.",
                "Bereid je voor via de knop hieronder: de vragen voor de leidinggevende, en je inschatting van "
                "potentieel en ontwikkelbereidheid. Uiterlijk {exchange_when} worden de gesprekspunten uitgewisseld.",
                "De agenda-afspraak zit in deze e-mail: accepteer haar in je agenda.",
            ],
            "action": "Naar mijn voorbereiding",
        },
        "en": {
            "subject": "Invitation: POP conversation on {when}",
            "employee": [
                "{manager_name} invites you to your POP conversation (personal development plan) on {when}{where}.",
                "Prepare with the questions behind the button below. For each answer you choose whether to share "
                "it with {manager_name} beforehand; discussion points are exchanged by {exchange_when}.",
                "The invitation is also attached as a calendar event: accept it in your calendar.",
            ],
            "manager": [
                "The POP conversation with {employee_name} is scheduled for {when}{where}.",
                "Prepare behind the button below: the manager's questions, and your view of potential and "
                "willingness to develop. Discussion points are exchanged by {exchange_when}.",
                "The calendar event is attached: accept it in your calendar.",
            ],
            "action": "Go to my preparation",
        },
    },
    "invitation_update": {
        "nl": {
            "subject": "Gewijzigd: POP-gesprek nu op {when}",
            "common": [
                "Het POP-gesprek van {employee_name} met {manager_name} is verplaatst naar {when}{where}.",
                "De agenda-afspraak in deze e-mail werkt de oude bij.",
            ],
            "action": "Naar mijn POP",
        },
        "en": {
            "subject": "Changed: POP conversation now on {when}",
            "common": [
                "The POP conversation of {employee_name} with {manager_name} has moved to {when}{where}.",
                "The calendar event in this e-mail updates the old one.",
            ],
            "action": "Go to my POP",
        },
    },
    "exchange": {
        "nl": {
            "subject": "Gesprekspunten van {other_name} voor jullie POP-gesprek",
            "common": [
                "Jullie POP-gesprek is op {when}. Zo zijn er geen verrassingen: hieronder staan de punten "
                "die {other_name} met je deelt.",
            ],
            "nothing": "{other_name} heeft (nog) geen voorbereiding ingestuurd of niets gedeeld.",
            "action": "Naar mijn POP",
        },
        "en": {
            "subject": "Discussion points from {other_name} for your POP conversation",
            "common": [
                "Your POP conversation is on {when}. No surprises: below are the points {other_name} "
                "shares with you.",
            ],
            "nothing": "{other_name} has not sent a preparation (yet), or shared nothing.",
            "action": "Go to my POP",
        },
    },
    "agreements_open": {
        "nl": {
            "subject": "Leg de afspraken van jullie POP-gesprek vast",
            "common": [
                "Het POP-gesprek van {employee_name} met {manager_name} is geweest. Leg nu de afspraken vast: "
                "wat, welk meetbaar resultaat, wie en wanneer (SMART).",
                "Daarna ondertekenen jullie allebei hetzelfde plan.",
            ],
            "action": "Afspraken vastleggen",
        },
        "en": {
            "subject": "Record the agreements of your POP conversation",
            "common": [
                "The POP conversation of {employee_name} with {manager_name} has taken place. Now record the "
                "agreements: what, which measurable result, who and when (SMART).",
                "Then you both sign the same plan.",
            ],
            "action": "Record agreements",
        },
    },
    "plan_signed": {
        "nl": {
            "subject": "Het ontwikkelingsplan van {employee_name} is ondertekend",
            "common": [
                "{employee_name} en {manager_name} hebben allebei het plan ondertekend. Het is nu jullie "
                "ontwikkelingsplan.",
                "De voortgangsgesprekken volgen als aparte agenda-uitnodigingen.",
            ],
            "action": "Bekijk het plan",
        },
        "en": {
            "subject": "The development plan of {employee_name} has been signed",
            "common": [
                "{employee_name} and {manager_name} have both signed the plan. It is now your development plan.",
                "The progress reviews follow as separate calendar invitations.",
            ],
            "action": "View the plan",
        },
    },
    "review_invite": {
        "nl": {
            "subject": "Voortgangsgesprek POP {number} op {when}",
            "common": [
                "Voortgangsgesprek {number} over het ontwikkelingsplan van {employee_name} staat op {when}{where}.",
                "Jullie bespreken per afspraak hoe het ervoor staat. De agenda-afspraak zit in deze e-mail.",
            ],
            "action": "Naar het plan",
        },
        "en": {
            "subject": "POP progress review {number} on {when}",
            "common": [
                "Progress review {number} of the development plan of {employee_name} is on {when}{where}.",
                "You go through each agreement and how it stands. The calendar event is in this e-mail.",
            ],
            "action": "Go to the plan",
        },
    },
    "meeting_cancelled": {
        "nl": {
            "subject": "Geannuleerd: afspraak op {when}",
            "common": ["De afspraak op {when} over het POP van {employee_name} gaat niet door."],
            "action": "Naar mijn POP",
        },
        "en": {
            "subject": "Cancelled: meeting on {when}",
            "common": ["The meeting on {when} about the POP of {employee_name} is cancelled."],
            "action": "Go to my POP",
        },
    },
    "completed": {
        "nl": {
            "subject": "Het ontwikkelingsplan van {employee_name} is afgerond",
            "common": ["Alle afspraken zijn afgerond en het laatste voortgangsgesprek is geweest."],
            "action": "Bekijk het plan",
        },
        "en": {
            "subject": "The development plan of {employee_name} is complete",
            "common": ["Every agreement is closed and the last progress review has passed."],
            "action": "View the plan",
        },
    },
}

COMMON = {
    "nl": {"greeting": "Beste {recipient_name},", "signoff": "Met vriendelijke groet,\n{sender}",
           "where": " ({location})", "footer": "Deze link is persoonlijk: stuur hem niet door."},
    "en": {"greeting": "Dear {recipient_name},", "signoff": "Kind regards,\n{sender}",
           "where": " ({location})", "footer": "This link is personal: do not forward it."},
}
