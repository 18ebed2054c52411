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
                "{manager_name} nodigt je uit voor je POP-gesprek (persoonlijk ontwikkelingsplan) op {when}{until}{where}.",
                "Bereid je voor met de vragen via de knop hieronder. Jij kiest per antwoord of je het vooraf "
                "met {manager_name} deelt; uiterlijk {exchange_when} worden de gesprekspunten uitgewisseld.",
                "De uitnodiging zit ook als agenda-afspraak in deze e-mail: accepteer haar in je agenda.",
            ],
            "manager": [
                "Het POP-gesprek met {employee_name} staat gepland op {when}{until}{where}.",
                "Bereid je voor via de knop hieronder: de vragen voor de leidinggevende, en je inschatting van "
                "potentieel en ontwikkelbereidheid. Uiterlijk {exchange_when} worden de gesprekspunten uitgewisseld.",
                "De agenda-afspraak zit in deze e-mail: accepteer haar in je agenda.",
            ],
            "action": "Naar mijn voorbereiding",
        },
        "en": {
            "subject": "Invitation: POP conversation on {when}",
            "employee": [
                "{manager_name} invites you to your POP conversation (personal development plan) on {when}{until}{where}.",
                "Prepare with the questions behind the button below. For each answer you choose whether to share "
                "it with {manager_name} beforehand; discussion points are exchanged by {exchange_when}.",
                "The invitation is also attached as a calendar event: accept it in your calendar.",
            ],
            "manager": [
                "The POP conversation with {employee_name} is scheduled for {when}{until}{where}.",
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
                "Het POP-gesprek van {employee_name} met {manager_name} is verplaatst naar {when}{until}{where}.",
                "De agenda-afspraak in deze e-mail werkt de oude bij.",
            ],
            "action": "Naar mijn POP",
        },
        "en": {
            "subject": "Changed: POP conversation now on {when}",
            "common": [
                "The POP conversation of {employee_name} with {manager_name} has moved to {when}{until}{where}.",
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
                "Voortgangsgesprek {number} over het ontwikkelingsplan van {employee_name} staat op {when}{until}{where}.",
                "Jullie bespreken per afspraak hoe het ervoor staat. De agenda-afspraak zit in deze e-mail.",
            ],
            "action": "Naar het plan",
        },
        "en": {
            "subject": "POP progress review {number} on {when}",
            "common": [
                "Progress review {number} of the development plan of {employee_name} is on {when}{until}{where}.",
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
    "plan_taken_over": {
        "nl": {
            "subject": "Het ontwikkelingsplan van {employee_name} gaat verder in het nieuwe POP",
            "common": [
                "Er is een nieuw POP-gesprek gepland. De afspraken van het huidige plan die nog liepen, "
                "staan bovenaan het nieuwe plan; jullie bespreken ze in het gesprek.",
                "Voortgangsgesprekken van het huidige plan die nog gepland stonden, vervallen.",
            ],
            "action": "Bekijk het plan",
        },
        "en": {
            "subject": "The development plan of {employee_name} continues in the new POP",
            "common": [
                "A new POP conversation has been scheduled. The agreements of the current plan that were still "
                "open head the new plan; you will discuss them in the conversation.",
                "Progress reviews of the current plan that were still ahead are called off.",
            ],
            "action": "View the plan",
        },
    },
    "prepare_reminder": {
        "nl": {
            "subject": "Herinnering: bereid je POP-gesprek van {when} voor",
            "common": [
                "Je voorbereiding op het POP-gesprek van {employee_name} met {manager_name} op {when} is nog "
                "niet ingestuurd.",
                "Uiterlijk {exchange_when} worden de gesprekspunten uitgewisseld. Een concept dat je al opsloeg, "
                "staat klaar.",
            ],
            "action": "Naar mijn voorbereiding",
        },
        "en": {
            "subject": "Reminder: prepare your POP conversation of {when}",
            "common": [
                "Your preparation for the POP conversation of {employee_name} with {manager_name} on {when} has "
                "not been submitted yet.",
                "Discussion points are exchanged by {exchange_when}. Any draft you saved is waiting for you.",
            ],
            "action": "Go to my preparation",
        },
    },
    "sign_reminder": {
        "nl": {
            "subject": "Herinnering: onderteken het ontwikkelingsplan van {employee_name}",
            "common": [
                "Het POP-gesprek is geweest, maar het plan van {employee_name} is nog niet door jou ondertekend.",
                "Leg de afspraken vast als dat nog niet is gebeurd, of kijk ze na en pas ze zo nodig aan; "
                "onderteken dan. Pas als jullie allebei hetzelfde plan ondertekenen, gaat het plan lopen.",
            ],
            "action": "Naar het plan",
        },
        "en": {
            "subject": "Reminder: sign the development plan of {employee_name}",
            "common": [
                "The POP conversation has taken place, but you have not signed the plan of {employee_name} yet.",
                "Record the agreements if that has not been done yet, or check them and change them if needed; "
                "then sign. The plan starts once you both sign the same version.",
            ],
            "action": "Go to the plan",
        },
    },
    "sign_request": {
        "nl": {
            "subject": "{other_name} heeft het ontwikkelingsplan ondertekend",
            "common": [
                "{other_name} heeft het ontwikkelingsplan ondertekend zoals het nu is vastgelegd. Jouw "
                "handtekening ontbreekt nog.",
                "Kijk de afspraken na en onderteken ook; dan gaat het plan lopen. Pas je iets aan, dan "
                "vervalt de handtekening van {other_name} en ondertekenen jullie allebei opnieuw.",
            ],
            "action": "Naar het plan",
        },
        "en": {
            "subject": "{other_name} has signed the development plan",
            "common": [
                "{other_name} has signed the development plan as it is recorded now. Your signature is "
                "still missing.",
                "Check the agreements and sign as well; then the plan starts. If you change anything, the "
                "signature of {other_name} lapses and you both sign again.",
            ],
            "action": "Go to the plan",
        },
    },
    "due_reminder": {
        "nl": {
            "subject": "Klaar op {due}: {agreement}",
            "common": [
                "De afspraak \u201c{agreement}\u201d uit het ontwikkelingsplan van {employee_name} moet op {due} "
                "klaar zijn.",
                "Lukt dat niet, bespreek het dan en leg de voortgang vast.",
            ],
            "action": "Voortgang bijwerken",
        },
        "en": {
            "subject": "Due on {due}: {agreement}",
            "common": [
                "The agreement \u201c{agreement}\u201d in the development plan of {employee_name} is due on {due}.",
                "If that will not work out, talk about it and record the progress.",
            ],
            "action": "Update progress",
        },
    },
    "review_reminder": {
        "nl": {
            "subject": "Binnenkort: voortgangsgesprek POP op {when}",
            "common": [
                "Op {when}{until}{where} is het voortgangsgesprek over het ontwikkelingsplan van {employee_name}.",
                "Werk vooraf per afspraak de voortgang bij; dan kunnen jullie het gesprek gebruiken voor wat "
                "ertoe doet.",
            ],
            "action": "Voortgang bijwerken",
        },
        "en": {
            "subject": "Coming up: POP progress review on {when}",
            "common": [
                "On {when}{until}{where} is the progress review of the development plan of {employee_name}.",
                "Update the progress of each agreement beforehand, so the meeting can go to what matters.",
            ],
            "action": "Update progress",
        },
    },
    "evaluation_shared": {
        "nl": {
            "subject": "{other_name} heeft de evaluatie van jullie POP-gesprek met je gedeeld",
            "common": [
                "{other_name} vertelt hoe het POP-gesprek is ervaren en wat de volgende keer anders of beter kan.",
                "Lees het op de POP-pagina. Sta open voor de feedback: wat kun je ermee doen?",
            ],
            "action": "Naar het POP",
        },
        "en": {
            "subject": "{other_name} has shared the evaluation of your POP conversation with you",
            "common": [
                "{other_name} tells how the POP conversation went and what could be different or better next time.",
                "Read it on the POP page. Be open to the feedback: what can you do with it?",
            ],
            "action": "Go to the POP",
        },
    },
    "evaluation": {
        "nl": {
            "subject": "Hoe ging jullie POP-gesprek?",
            "common": [
                "Het plan is ondertekend. Vertel in twee minuten hoe je het gesprek hebt ervaren en wat de "
                "volgende keer anders of beter kan.",
            ],
            "action": "Naar de evaluatie",
        },
        "en": {
            "subject": "How did your POP conversation go?",
            "common": [
                "The plan is signed. Take two minutes to tell how you experienced the conversation and what "
                "could be different or better next time.",
            ],
            "action": "Go to the evaluation",
        },
    },
    "followup_invite": {
        "nl": {
            "subject": "Vervolggesprek POP op {when}",
            "common": [
                "Er is een vervolggesprek gepland over het ontwikkelingsplan van {employee_name}: {when}{until}{where}.",
                "De agenda-afspraak zit in deze e-mail.",
            ],
            "action": "Naar het plan",
        },
        "en": {
            "subject": "POP follow-up meeting on {when}",
            "common": [
                "A follow-up meeting about the development plan of {employee_name} is planned: {when}{until}{where}.",
                "The calendar event is in this e-mail.",
            ],
            "action": "Go to the plan",
        },
    },
    "meeting_declined": {
        "nl": {
            "subject": "{other_name} kan niet op {when}: stel een ander moment voor",
            "common": [
                "{other_name} heeft de uitnodiging voor het {meeting_label} op {when} afgeslagen.",
                "Stel via de knop hieronder een ander moment voor. {other_name} krijgt dan een gewijzigde "
                "uitnodiging, die de afspraak in de agenda bijwerkt.",
            ],
            "action": "Ander moment voorstellen",
        },
        "en": {
            "subject": "{other_name} can't make {when}: propose another time",
            "common": [
                "{other_name} has declined the invitation for the {meeting_label} on {when}.",
                "Propose another time with the button below. {other_name} then gets an updated invitation "
                "that updates the event in the calendar.",
            ],
            "action": "Propose another time",
        },
    },
    "schedule_request": {
        "nl": {
            "subject": "Plan de POP-gesprekken van {round_name}",
            "common": [
                "De ronde ‘{round_name}’ is begonnen. De gesprekken vinden plaats van {period}.",
                "Voor {number} van je medewerkers staat nog geen gesprek gepland. Kies met de knop hieronder "
                "per medewerker een datum, tijd en plaats; ieder krijgt dan een uitnodiging met agenda-afspraak "
                "en de vragen om zich voor te bereiden.",
            ],
            "action": "Gesprekken plannen",
        },
        "en": {
            "subject": "Schedule the POP conversations of {round_name}",
            "common": [
                "The round ‘{round_name}’ has started. The conversations take place from {period}.",
                "For {number} of your reports no conversation has been scheduled yet. With the button below, "
                "choose a date, time and place for each; each of them then gets an invitation with a calendar "
                "event and the questions to prepare.",
            ],
            "action": "Schedule conversations",
        },
    },
    "fresh_link": {
        "nl": {
            "subject": "Je nieuwe persoonlijke link voor het POP",
            "common": [
                "Je vroeg om een nieuwe link naar het POP van {employee_name} met {manager_name}. "
                "Hij staat onder de knop hieronder; oudere links die verlopen waren, blijven verlopen.",
                "Vroeg je niets aan? Dan kun je deze e-mail negeren.",
            ],
            "action": "Naar het POP",
        },
        "en": {
            "subject": "Your new personal link for the POP",
            "common": [
                "You asked for a new link to the POP of {employee_name} with {manager_name}. "
                "It is behind the button below; older links that had expired stay expired.",
                "Didn't ask for it? Then you can ignore this e-mail.",
            ],
            "action": "Go to the POP",
        },
    },
    "links_ended": {
        "nl": {
            "subject": "Je oude links naar het POP werken niet meer",
            "common": [
                "Je hebt je oude persoonlijke links ongeldig gemaakt. Ze openen geen POP meer, ook niet "
                "als iemand anders ze heeft. Je nieuwe link naar het POP van {employee_name} met "
                "{manager_name} staat onder de knop hieronder.",
                "Links naar andere POP's krijg je met de volgende e-mails, of vraag je aan op de pagina "
                "die een oude link nu toont.",
                "Deed jij dit niet? Meld het dan bij HR.",
            ],
            "action": "Naar het POP",
        },
        "en": {
            "subject": "Your old links to the POP no longer work",
            "common": [
                "You made your old personal links invalid. They open no POP any more, not even for someone "
                "else who has them. Your new link to the POP of {employee_name} with {manager_name} is "
                "behind the button below.",
                "Links to other POPs come with the next e-mails, or ask for them on the page an old link "
                "shows now.",
                "Didn't do this yourself? Then tell HR.",
            ],
            "action": "Go to the POP",
        },
    },
    "pop_cancelled": {
        "nl": {
            "subject": "Het POP van {employee_name} is geannuleerd",
            "common": [
                "Het POP-traject van {employee_name} met {manager_name} is geannuleerd.{reason}",
                "Afspraken die in je agenda stonden, worden met een aparte e-mail afgezegd.",
            ],
            "action": "Naar het POP",
        },
        "en": {
            "subject": "The POP of {employee_name} has been cancelled",
            "common": [
                "The POP of {employee_name} with {manager_name} has been cancelled.{reason}",
                "Appointments in your calendar are cancelled in a separate e-mail.",
            ],
            "action": "Go to the POP",
        },
    },
}

# Why a POP ended, for codes the system writes itself (HR and managers type free text).
REASONS = {
    "employee_left": {"nl": "de medewerker is uit dienst", "en": "the employee has left"},
}

COMMON = {
    "nl": {"greeting": "Beste {recipient_name},", "signoff": "Met vriendelijke groet,\n{sender}",
           "where": " ({location})", "reason": " Reden: {reason}", "footer": "Deze link is persoonlijk: stuur hem niet door.",
           "answers": "Kom je? Toont je agenda geen knoppen, antwoord dan hier:",
           "yes": "Ja, ik kom", "maybe": "Misschien", "no": "Nee, ik kan niet", "changed": "Gewijzigd: "},
    "en": {"greeting": "Dear {recipient_name},", "signoff": "Kind regards,\n{sender}",
           "where": " ({location})", "reason": " Reason: {reason}", "footer": "This link is personal: do not forward it.",
           "answers": "Coming? If your calendar shows no buttons, answer here:",
           "yes": "Yes, I'll come", "maybe": "Maybe", "no": "No, I can't", "changed": "Changed: "},
}
# The sender of every mail and the name of the calendar feed, unless configured (MAIL_FROM_NAME).
SERVICE_NAMES = {"nl": "POP-gesprekken", "en": "POP conversations"}
# What a meeting is called inside a sentence ("the {meeting_label} on ...").
MEETING_LABELS = {
    "conversation": {"nl": "POP-gesprek", "en": "POP conversation"},
    "review": {"nl": "voortgangsgesprek", "en": "progress review"},
    "followup": {"nl": "vervolggesprek", "en": "follow-up meeting"},
}
