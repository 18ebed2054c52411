"""English for every Dutch text of the web app (kept complete by tests/unit/test_i18n.py)."""

EN: dict[str, str] = {
    "Aan": "To",
    "Aankondiging": "Announcement",
    "Aankondiging: uitnodiging en voorbereiding": "Announcement: invitation and preparation",
    "Actie": "Action",
    "Actie: aan de slag, voortgangsgesprekken": "Action: working on it, progress reviews",
    "Afgerond": "Completed",
    "Afspraak {n}": "Agreement {n}",
    "Afspraken": "Agreements",
    "Afspraken in de agenda": "Calendar appointments",
    "Afspraken opslaan": "Save agreements",
    "Afspraken vastleggen": "Record agreements",
    "Afspraken vastleggen of wijzigen": "Record or change agreements",
    "Afspraken: vastleggen en ondertekenen": "Agreements: record and sign",
    "Afstemming": "Alignment",
    "Afstemming: gesprekspunten uitgewisseld": "Alignment: discussion points exchanged",
    "Agenda-uitnodiging": "Calendar invitation",
    "Alle POP's": "All POPs",
    "Alle e-mail": "All mail",
    "Alleen in ontwikkelmodus: alle e-mail die popflow verstuurde, opgevangen door de lokale SMTP-server "
    "(ook als .eml onder var/mail/). Open een e-mail en klik op de link erin.":
        "Development mode only: every e-mail popflow sent, caught by the local SMTP server (also as .eml "
        "under var/mail/). Open an e-mail and click the link in it.",
    "Antwoorden": "Responses",
    "Beantwoord minstens één vraag voordat je instuurt, of sla op als concept.":
        "Answer at least one question before you submit, or save as a draft.",
    "Bekijken": "View",
    "Beschrijf wat je afspreekt.": "Describe what you agree on.",
    "Bijlagen": "Attachments",
    "Competentie": "Competence",
    "Concept opslaan": "Save draft",
    "Controleer het formulier": "Check the form",
    "Dat ging mis": "That went wrong",
    "Datum": "Date",
    "De afspraken kunnen nu niet worden gewijzigd.": "The agreements cannot be changed now.",
    "De afspraken zijn opgeslagen. Kijk ze na en onderteken ze op de POP-pagina.":
        "The agreements are saved. Check them and sign them on the POP page.",
    "De antwoorden van de voorbereiding zijn privé en staan hier niet.":
        "The preparation answers are private and are not shown here.",
    "De duur moet tussen 10 en 480 minuten liggen.": "The duration must be between 10 and 480 minutes.",
    "De voorbereiding is gesloten: het gesprek is al geweest.":
        "Preparation is closed: the conversation has taken place.",
    "De vragen voor de leidinggevende over {name}. Vink aan wat je vooraf wilt delen.":
        "The manager's questions about {name}. Tick what you want to share beforehand.",
    "Denk na over deze vragen. Je hoeft niet alles te beantwoorden. Vink aan wat je vooraf met {name} wilt "
    "delen; de rest blijft van jou.":
        "Think about these questions. You need not answer them all. Tick what you want to share with {name} "
        "beforehand; the rest stays yours.",
    "Deze afspraak verwijderen": "Remove this agreement",
    "Deze datum ligt in het verleden.": "This date is in the past.",
    "Deze datum ligt na het einde van de planperiode.": "This date is after the end of the plan period.",
    "Deze link is verlopen": "This link has expired",
    "Deze pagina bestaat niet.": "This page does not exist.",
    "Deze voorbereiding is intussen elders opgeslagen (een ander tabblad?). Hieronder staat de nieuwste "
    "versie; jouw tekst van zojuist staat er niet in.":
        "This preparation was saved elsewhere in the meantime (another tab?). Below is the newest version; "
        "the text you just sent is not in it.",
    "Dit POP is geannuleerd.": "This POP has been cancelled.",
    "Dit POP is niet van jou.": "This POP is not yours.",
    "Dit e-mailadres en wachtwoord horen niet bij elkaar.": "This e-mail address and password do not match.",
    "Door": "By",
    "Download .eml": "Download .eml",
    "Duur (minuten)": "Duration (minutes)",
    "E-mailadres": "E-mail address",
    "E-mails": "E-mails",
    "Er ging bij ons iets mis. Probeer het over een paar minuten opnieuw.":
        "Something went wrong on our side. Please try again in a few minutes.",
    "Er ging iets mis": "Something went wrong",
    "Er is een concept opgeslagen.": "A draft is saved.",
    "Er is geen actieve medewerker met e-mailadres {email}.": "There is no active employee with address {email}.",
    "Er is nog geen gesprek gepland.": "No conversation has been scheduled yet.",
    "Er zijn nog geen afspraken om te ondertekenen.": "There are no agreements to sign yet.",
    "Er zijn nog geen afspraken vastgelegd.": "No agreements have been recorded yet.",
    "Fase": "Phase",
    "Geannuleerd": "Cancelled",
    "Gesprek": "Conversation",
    "Gesprek (ver)plannen": "(Re)schedule the conversation",
    "Gesprek plannen": "Schedule a conversation",
    "Gesprekspunten van {name}": "Discussion points from {name}",
    "Gevolg": "Outcome",
    "HTML-versie": "HTML version",
    "Het formulier was verlopen of onvolledig. Ga terug en probeer het opnieuw.":
        "The form had expired or was incomplete. Go back and try again.",
    "Het gesprek is gepland. De uitnodigingen gaan zo de deur uit.":
        "The conversation is scheduled. The invitations are on their way.",
    "Het gesprek moet in de toekomst liggen.": "The conversation must be in the future.",
    "Het gesprek van deze medewerker is al geweest en het plan is nog niet ondertekend.":
        "This employee's conversation has taken place and the plan is not signed yet.",
    "Het ontwikkelingsplan": "The development plan",
    "Het plan is intussen gewijzigd. Bekijk de nieuwste versie en probeer het opnieuw.":
        "The plan has changed in the meantime. Look at the newest version and try again.",
    "Hoofdmenu": "Main menu",
    "Ik onderteken dit plan": "I sign this plan",
    "Ingestuurd op {moment}.": "Submitted on {moment}.",
    "Ingestuurd op {moment}. Gedeelde punten zijn gemarkeerd.": "Submitted on {moment}. Shared points are marked.",
    "Inhoudscode": "Content code",
    "Inloggen": "Log in",
    "Inloggen voor HR": "Log in for HR",
    "Insturen": "Submit",
    "Je bent ingelogd via je persoonlijke link als {name}.": "You are signed in through your personal link as {name}.",
    "Je concept is opgeslagen.": "Your draft is saved.",
    "Je hebt het plan ondertekend.": "You have signed the plan.",
    "Je ondertekent precies de afspraken hierboven. Wordt het plan daarna gewijzigd, dan vervalt elke "
    "handtekening.":
        "You sign exactly the agreements above. If the plan changes afterwards, every signature lapses.",
    "Je voorbereiding is al ingestuurd.": "Your preparation has already been submitted.",
    "Je voorbereiding is ingestuurd.": "Your preparation has been submitted.",
    "Kennis": "Knowledge",
    "Kies een medewerker": "Choose an employee",
    "Kies laag of hoog om in te sturen.": "Choose low or high to submit.",
    "Leg per afspraak vast wie wat doet en wanneer het klaar is (SMART). Tips bij een veld zijn advies; je kunt "
    "altijd opslaan.":
        "For each agreement, record who does what and when it is done (SMART). Tips at a field are advice; "
        "you can always save.",
    "Leidinggevende": "Manager",
    "Maximaal {n} tekens; dit antwoord is te lang.": "At most {n} characters; this answer is too long.",
    "Medewerker": "Employee",
    "Medewerkers en leidinggevenden hebben geen wachtwoord nodig: zij gebruiken de persoonlijke link uit hun "
    "e-mail.":
        "Employees and managers need no password: they use the personal link from their e-mail.",
    "Meetbaar resultaat": "Measurable result",
    "Meetbaar: hoe zien jullie dat het gelukt is?": "Measurable: how will you both see that it worked?",
    "Mijn POP": "My POP",
    "Mijn voorbereiding": "My preparation",
    "Naar de inhoud": "Skip to content",
    "Naar mijn voorbereiding": "Go to my preparation",
    "Niet alles is goed ingevuld. Wat je wel had ingevuld, staat er nog.":
        "Not everything is filled in correctly. What you did fill in is still there.",
    "Niet gevonden": "Not found",
    "Niet ingestuurd.": "Not submitted.",
    "Niets gedeeld, of nog niet voorbereid.": "Nothing shared, or not prepared yet.",
    "Nog een afspraak": "Another agreement",
    "Nog geen POP's. Plan een eerste gesprek.": "No POPs yet. Schedule a first conversation.",
    "Nog geen afspraken.": "No agreements yet.",
    "Nog geen e-mail. Plan een gesprek; de uitnodigingen verschijnen hier binnen enkele seconden.":
        "No mail yet. Schedule a conversation; the invitations appear here within seconds.",
    "Nog geen gesprek gepland.": "No conversation scheduled yet.",
    "Nog niet ingestuurd.": "Not submitted yet.",
    "Ondersteuning van de organisatie": "Support from the organisation",
    "Ondertekend door beiden.": "Signed by both.",
    "Ondertekening": "Signatures",
    "Onderwerp": "Subject",
    "Ontwikkelactiviteit": "Development activity",
    "Ontwikkelbereidheid, belangstelling, motivatie": "Willingness to develop, interest, motivation",
    "Opslaan": "Save",
    "POP-gesprek": "POP conversation",
    "POP-gesprek plannen": "Schedule a POP conversation",
    "POP-gesprek van {employee} met {manager}": "POP conversation of {employee} with {manager}",
    "Plaats of online-link": "Place or online link",
    "Plan en handtekeningen": "Plan and signatures",
    "Plan het gesprek bij voorkeur minstens twee weken vooruit: dan is er tijd om voor te bereiden en een week "
    "vooraf de gesprekspunten uit te wisselen. Medewerker en leidinggevende krijgen direct een uitnodiging met "
    "agenda-afspraak.":
        "Preferably schedule the conversation at least two weeks ahead: that leaves time to prepare and to "
        "exchange discussion points a week before. Employee and manager get an invitation with a calendar "
        "event at once.",
    "Soort": "Kind",
    "Soort gesprek": "Kind of conversation",
    "Soort ontwikkeling": "Kind of development",
    "Stappen": "Steps",
    "Status": "Status",
    "Te plannen": "To schedule",
    "Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.":
        "Too many failed attempts. Try again in a quarter of an hour.",
    "Tekstversie": "Text version",
    "Terug naar mijn POP": "Back to my POP",
    "Tijd": "Time",
    "Tijd in Nederland (Europe/Amsterdam).": "Time in the Netherlands (Europe/Amsterdam).",
    "Tijdgebonden: wanneer moet het klaar zijn?": "Time-bound: when must it be done?",
    "Tijdlijn": "Timeline",
    "Tijdreis": "Time travel",
    "Tijdreis (alleen ontwikkelmodus)": "Time travel (development mode only)",
    "De klok van deze demo staat op {moment}.": "This demo's clock says {moment}.",
    "Zet de klok vooruit om de tijdregels te zien werken: de uitwisseling een week voor het gesprek, het "
    "vastleggen van afspraken na het gesprek.":
        "Move the clock forward to see the time rules work: the exchange a week before the conversation, "
        "recording agreements after it.",
    "Gesprek gepland": "Conversation scheduled",
    "Gesprek verplaatst": "Conversation moved",
    "Voorbereiding ingestuurd": "Preparation submitted",
    "Plan gewijzigd": "Plan changed",
    "Plan ondertekend": "Plan signed",
    "Annulering gevraagd": "Cancellation requested",
    "Fase gewijzigd": "Phase changed",
    "Uitnodiging": "Invitation",
    "Gesprekspunten": "Discussion points",
    "Annulering": "Cancellation",
    "wacht": "waiting",
    "bezig": "sending",
    "verstuurd": "sent",
    "mislukt": "failed",
    "vervallen": "dropped",
    "uur": "hour",
    "dag": "day",
    "dagen": "days",
    "Twee inschattingen bepalen het voorgestelde soort gesprek.":
        "Two assessments determine the suggested kind of conversation.",
    "Uitloggen": "Log out",
    "Uren": "Hours",
    "Vaardigheid": "Skill",
    "Van": "From",
    "Vermogen, potentieel": "Ability, potential",
    "Verstuurd": "Sent",
    "Verstuurde e-mail": "Sent mail",
    "Verstuurde e-mail (ontwikkeling)": "Sent mail (development)",
    "Verwachte kosten (EUR)": "Expected cost (EUR)",
    "Voor {email} is geen leidinggevende bekend; vul die eerst in bij de personen.":
        "No manager is known for {email}; add one to the people first.",
    "Vooraf delen met de ander": "Share with the other beforehand",
    "Voorbereiding": "Preparation",
    "Vul dit veld in.": "Fill in this field.",
    "Voorbereiding op het POP-gesprek": "Preparing for the POP conversation",
    "Voortgangsgesprek": "Progress review",
    "Waar": "Where",
    "Wachtwoord": "Password",
    "Wanneer": "When",
    "Wanneer klaar": "Done by",
    "Wat": "What",
    "Wat (specifiek)": "What (specific)",
    "Wie": "Who",
    "Wie is eigenaar van deze afspraak?": "Who owns this agreement?",
    "afgeslagen": "declined",
    "geaccepteerd": "accepted",
    "geannuleerd": "cancelled",
    "gedeeld": "shared",
    "hoog": "high",
    "laag": "low",
    "leidinggevende": "manager",
    "nog geen antwoord": "no answer yet",
    "nog niet ondertekend": "not signed yet",
    "onder voorbehoud": "tentative",
    "ondertekend op {moment}": "signed on {moment}",
    "sinds {moment}": "since {moment}",
    "vervallen: plan daarna gewijzigd": "lapsed: plan changed afterwards",
    "Alle afspraken in de agenda worden afgezegd en e-mails die nog moesten komen, vervallen. Dit kan niet "
    "ongedaan worden gemaakt.":
        "Every calendar appointment is cancelled and mails still to come are dropped. This cannot be undone.",
    "Andere leidinggevende": "Manager changed",
    "Dank je wel voor je evaluatie.": "Thank you for your evaluation.",
    "De evaluatie kan pas na het ondertekenen van het plan.": "The evaluation opens once the plan is signed.",
    "De voortgang is opgeslagen.": "The progress has been saved.",
    "Dit POP annuleren": "Cancel this POP",
    "Dit POP is al afgerond of geannuleerd.": "This POP is already completed or cancelled.",
    "Evaluatie": "Evaluation",
    "Evaluatie van het gesprek": "Evaluation of the conversation",
    "Geef een reden op; die komt in de tijdlijn en in de e-mail.":
        "Give a reason; it goes into the timeline and the e-mail.",
    "Herinnering einddatum": "Due date reminder",
    "Herinnering ondertekenen": "Signing reminder",
    "Herinnering voorbereiding": "Preparation reminder",
    "Herinnering voortgangsgesprek": "Progress review reminder",
    "Het POP wordt geannuleerd; jullie krijgen allebei bericht.": "The POP is being cancelled; you both get word.",
    "Het vervolggesprek is gepland; jullie krijgen allebei een uitnodiging.":
        "The follow-up meeting is planned; you both get an invitation.",
    "Hoe heb je het POP-gesprek ervaren? Je antwoorden helpen om het volgende gesprek beter te maken.":
        "How did you experience the POP conversation? Your answers help make the next one better.",
    "Ingestuurd op {moment}; je kunt je antwoorden nog aanpassen.":
        "Submitted on {moment}; you can still change your answers.",
    "Kies open, afgerond of vervallen.": "Choose open, done or dropped.",
    "Lukte het niet om in één gesprek tot afspraken te komen, of spraken jullie een volgend gesprek af? Plan het "
    "hier: jullie krijgen allebei een agenda-uitnodiging. Het plan blijft open tot jullie het allebei "
    "ondertekenen.":
        "Could you not reach agreements in one conversation, or did you agree on a next meeting? Plan it here: "
        "you both get a calendar invitation. The plan stays open until you both sign it.",
    "Medewerker uit dienst": "Employee left",
    "Nog geen afspraken: vervolggesprek plannen": "No agreements yet: plan a follow-up meeting",
    "POP annuleren": "Cancel POP",
    "POP geannuleerd": "POP cancelled",
    "POP van {name} annuleren": "Cancel the POP of {name}",
    "Reden van annuleren": "Reason for cancelling",
    "Stand van zaken": "Status",
    "Toelichting": "Note",
    "Vervolggesprek": "Follow-up meeting",
    "Vervolggesprek gepland": "Follow-up meeting planned",
    "Vervolggesprek plannen": "Plan a follow-up meeting",
    "Voortgang": "Progress",
    "Voortgang bijgewerkt": "Progress updated",
    "Voortgang bijwerken": "Update progress",
    "Voortgang kan alleen worden bijgewerkt zolang het plan loopt.":
        "Progress can only be updated while the plan is running.",
    "Voortgang opslaan": "Save progress",
    "Voortgang van het plan": "Progress of the plan",
    "Zet per afspraak hoe het ervoor staat. Is alles afgerond of vervallen en is het laatste "
    "voortgangsgesprek geweest, dan is het POP klaar.":
        "Set how each agreement stands. When everything is done or dropped and the last progress review has "
        "passed, the POP is complete.",
    "loopt": "running",
    "Het POP wordt geannuleerd; beiden krijgen bericht en de agenda-afspraken worden afgezegd.":
        "The POP is being cancelled; both get word and the calendar appointments are cancelled.",
    "voorbereiding medewerker ontbreekt": "employee's preparation missing",
    "voorbereiding leidinggevende ontbreekt": "manager's preparation missing",
    "medewerker heeft niet ondertekend": "employee has not signed",
    "leidinggevende heeft niet ondertekend": "manager has not signed",
    "Te laat": "Overdue",
    "Opgevolgd door een nieuw POP": "Taken over by a new POP",
    "Opvolging van eerdere afspraken": "Follow-up of earlier agreements",
    "Deze afspraken uit je vorige POP lopen nog. Ze staan straks bovenaan het nieuwe plan.":
        "These agreements from your previous POP are still open. They will head the new plan.",
    "Uitwisseling van gesprekspunten uiterlijk {moment}.": "Discussion points exchanged by {moment}.",
    "Ingekorte planning: het gesprek is minder dan twee weken vooruit gepland.":
        "Compressed timeline: the conversation was scheduled less than two weeks ahead.",
    "afgerond": "done",
    # Answering and moving meetings
    "Acties": "Actions",
    "Ander moment voorstellen": "Propose another time",
    "Antwoord op een uitnodiging": "Invitation answered",
    "Antwoord versturen": "Send answer",
    "Beantwoorden": "Answer",
    "De afspraak is verplaatst. Jullie krijgen allebei een gewijzigde uitnodiging.":
        "The meeting has moved. You both get an updated invitation.",
    "Deze afspraak is voorbij of afgezegd en kan niet meer worden verplaatst.":
        "This meeting is over or cancelled and can no longer be moved.",
    "Deze afspraak is voorbij of afgezegd; antwoorden kan niet meer.":
        "This meeting is over or cancelled; it can no longer be answered.",
    "Je antwoord is doorgegeven: {answer}.": "Your answer has been passed on: {answer}.",
    "Je antwoord tot nu toe: {answer}.": "Your answer so far: {answer}.",
    "Kies een nieuw moment. De afspraak in beider agenda wordt bijgewerkt (geen tweede afspraak) en iedereen antwoordt opnieuw.":
        "Choose a new time. The event in both calendars is updated (not a second event) and everyone answers again.",
    "Kun je niet? Dan vraagt popflow je leidinggevende een ander moment voor te stellen.":
        "Can't make it? Then popflow asks your manager to propose another time.",
    "Kun je niet? Stel dan zelf een ander moment voor via je POP-pagina.":
        "Can't make it? Then propose another time on your POP page.",
    "Stel een ander moment voor": "Propose another time",
    "Uitnodiging afgeslagen": "Invitation declined",
    "Uitnodiging beantwoorden": "Answer the invitation",
    "Verplaatsen": "Move",
    "Verplaatsen en opnieuw uitnodigen": "Move and invite again",
    "{minutes} minuten": "{minutes} minutes",
    "{name} kan niet op {moment} ({what}).": "{name} can't make {moment} ({what}).",
    "Kom je?": "Are you coming?",
    "Ja, ik kom": "Yes, I'll come",
    "Misschien": "Maybe",
    "Nee, ik kan niet": "No, I can't",
    "Alle POP-afspraken als abonnement in je agenda": "All POP meetings as a subscription in your calendar",
    "Voeg deze geheime link toe als agenda-abonnement (‘agenda toevoegen via URL’). Je agenda haalt gesprekken en voortgangsgesprekken dan zelf op. Deel de link met niemand.":
        "Add this secret link as a calendar subscription (‘add calendar from URL’). Your calendar then fetches the conversations and progress reviews itself. Share the link with no one.",
    "Abonnementslink": "Subscription link",
    "{name} heeft afgeslagen: {what} op {moment}.": "{name} declined: {what} on {moment}.",
    "{manager} is per e-mail gevraagd een ander moment voor te stellen.":
        "{manager} has been asked by e-mail to propose another time.",
    "afgeslagen: nieuw moment nodig": "declined: new time needed",
    "via de agenda": "in the calendar",
    "via de link in de e-mail": "with the link in the e-mail",
    # Fresh links
    "Als dit adres bij ons bekend is, is er een nieuwe persoonlijke link naar toe gestuurd.":
        "If we know this address, a new personal link has been sent to it.",
    "Komt er niets binnen? Kijk ook bij ongewenste e-mail, of vraag het HR.":
        "Nothing arriving? Look in your junk mail too, or ask HR.",
    "De link is onvolledig, ingetrokken of vervangen door een nieuwere.":
        "The link is incomplete, revoked or replaced by a newer one.",
    "Deze link werkt niet": "This link does not work",
    "Een nieuwe persoonlijke link": "A new personal link",
    "Kijk in je mailbox": "Look in your mailbox",
    "Nieuwe link": "New link",
    "Persoonlijke links zijn een tijd geldig. Met één klik sturen we een nieuwe link naar het e-mailadres waar deze naartoe ging.":
        "Personal links are valid for a while. With one click we send a new link to the address this one went to.",
    "Stuur mij een nieuwe link": "Send me a new link",
    "Vraag een nieuwe link aan": "Ask for a new link",
    "Werkt je link niet meer, of ben je hem kwijt? Vul je e-mailadres in. Is het bij ons bekend, dan sturen we je een nieuwe link naar je POP.":
        "Link no longer working, or lost it? Enter your e-mail address. If we know it, we send you a new link to your POP.",
    "Mijn medewerkers": "My reports",
    "deze pagina": "this page",
    "Afspraak": "Agreement",
}
