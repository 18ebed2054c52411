"""Issue 20's acceptance, in Chromium on the real app: HR imports a department of 40 under three
managers and launches a round with a planning deadline; Astrid plans her 13 reports with the
slot generator (a conflict shown and fixed); Bas lets his 12 pick, and two pick the same time
at once (one gets it, the other is told and picks another); Carla does nothing. Past the
deadline (the service's clock moved, the tick run) HR's dashboard shows Carla behind; HR sends
her a reminder after its preview, and she gets one mail listing all her waiting reports."""

from __future__ import annotations

from datetime import UTC, datetime

from popflow.processes import tick_once
from tests.integration.helpers import add_hr
from tests.mails import mail_to

LAUNCH = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
PAST_DEADLINE = datetime(2027, 3, 17, 10, 0, tzinfo=UTC)  # the deadline: 45 days before 30 April
FIRST = ["Anna", "Bram", "Cas", "Daan", "Eva", "Fleur", "Gijs", "Hanna", "Ilse", "Joris", "Kim", "Lars", "Mila"]
MANAGERS = {  # name, e-mail, surname of the reports, how many
    "A": ("Astrid Aalders", "astrid@voorbeeld.nl", "de Vries", 13),
    "B": ("Bas Brouwer", "bas@voorbeeld.nl", "Jansen", 12),
    "C": ("Carla Claes", "carla@voorbeeld.nl", "Bakker", 12),
}
TAKEN = "Deze tijd is net door iemand anders gekozen. Kies een andere tijd."


def _reports(team: str) -> list[tuple[str, str]]:
    _name, _email, surname, n = MANAGERS[team]
    return [(f"{first} {surname}", f"{team.lower()}-{first.lower()}@voorbeeld.nl") for first in FIRST[:n]]


def _department_csv() -> str:
    lines = ["naam,e-mail,leidinggevende,afdeling,taal"]
    lines += [f"{name},{email},,Verkoop,nl" for name, email, _s, _n in MANAGERS.values()]
    for team, (_name, manager, _s, _n) in MANAGERS.items():
        lines += [f"{name},{email},{manager},Verkoop,nl" for name, email in _reports(team)]
    assert len(lines) == 41  # 40 people and the header
    return "\n".join(lines) + "\n"


def _click(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def _row(page, name: str):
    """This manager's row in the table per manager (the dashboard's, or the page of its own)."""
    return page.locator("table.numbers tbody tr").filter(has_text=name)


def _cells(row) -> list[str]:
    return [cell.strip() for cell in row.locator("td").all_inner_texts()]


def _hr_launches(system, page, served, tmp_path) -> str:
    """HR logs in, imports the department and launches the round; returns the dashboard's URL."""
    with system.runtime.uow() as uow:
        add_hr(uow)
        uow.commit()
    page.goto(served + "/hr/login")
    page.get_by_label("E-mailadres").fill("hr@voorbeeld.nl")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    _click(page, "Inloggen")
    page.goto(served + "/hr/people")
    (tmp_path / "verkoop.csv").write_text(_department_csv(), encoding="utf-8")
    page.get_by_label("Bestand (CSV of Excel)").set_input_files(str(tmp_path / "verkoop.csv"))
    _click(page, "Importeren")
    assert "Geïmporteerd: 40 nieuw, 0 gewijzigd, 0 ongewijzigd." in page.content()

    page.goto(served + "/hr/rounds")
    page.get_by_label("Naam van de ronde").fill("Voorjaar 2027")
    page.get_by_label("Verkoop").check()
    page.get_by_label("Gesprekken vanaf").fill("2027-03-01")
    page.get_by_label("Gesprekken tot en met").fill("2027-04-30")
    page.get_by_label("Gesprekken gepland uiterlijk ... dagen voor het eind van de periode").fill("45")
    _click(page, "Ronde aanmaken")
    _click(page, "Ronde starten")
    text = page.locator("main").inner_text()
    assert "POP's aangemaakt: 37. Leidinggevenden gevraagd hun gesprekken te plannen: 3." in text
    assert "Alle gesprekken gepland uiterlijk op dinsdag 16 maart 2027." in text
    return page.url


def _astrid_plans_with_the_generator(page, served, link: str, axe) -> None:
    names = [name for name, _email in _reports("A")]
    page.goto(served + link)
    page.get_by_label("Vanaf").fill("2027-04-12")  # a Monday, past the deadline: still in the round
    page.get_by_label("Plaats voor alle gesprekken").fill("Kamer 4")
    _click(page, "Tijden invullen")
    assert "De tijden zijn ingevuld, maar nog niet opgeslagen." in page.content()
    # Three a morning, Monday to Thursday; the 13th on Friday.
    assert page.locator("input[name='slots-12-day']").input_value() == "2027-04-16"
    # Two mistakes: the last one onto the first one's time, the 12th after the round.
    page.locator("input[name='slots-12-day']").fill("2027-04-12")
    page.locator("input[name='slots-12-time']").fill("09:00")
    page.locator("input[name='slots-11-day']").fill("2027-05-03")
    _click(page, "Deze gesprekken plannen")
    summary = page.locator(".error-summary").inner_text()
    assert "Er is nog niets opgeslagen." in summary
    assert f"Je hebt op dat moment al een gesprek met {names[0]}." in summary
    assert f"{names[11]}, datum: Deze datum ligt buiten de periode van de ronde (01-03-2027 – 30-04-2027)." in summary
    assert axe.violations(page) == []
    page.locator("input[name='slots-12-day']").fill("2027-04-16")
    page.locator("input[name='slots-11-day']").fill("2027-04-15")
    _click(page, "Deze gesprekken plannen")

    assert "Gesprekken gepland: 13." in page.content() and page.url.endswith("/schedule/planned")
    assert axe.violations(page) == []
    table = page.locator("main table tbody tr")
    assert table.count() == 13 and all(name in page.locator("main table").inner_text() for name in names)
    assert "Nog niet gepland" not in page.content()
    ics = page.get_by_role("link", name="Alles in je agenda zetten (.ics)").get_attribute("href")
    calendar = page.request.get(served + ics)
    assert calendar.ok and calendar.text().count("BEGIN:VEVENT") == 13


def _bas_offers_times(page, served, link: str) -> None:
    page.goto(served + link)
    with page.expect_navigation():
        page.get_by_role("link", name="Laat je medewerkers zelf een tijd kiezen").click()
    page.get_by_label("Vanaf datum").fill("2027-04-19")
    _click(page, "Tijden maken")
    assert "Er staan 12 tijden klaar." in page.content()
    _click(page, "Tijden aanbieden")
    assert "Tijden aangeboden. 12 medewerkers krijgen een e-mail om een tijd te kiezen." in page.content()


def _two_pick_the_same_time(system, chromium, served, axe) -> dict[str, str]:
    """Jansen's first two open their links and press the same time together; returns who got what."""
    (anna, anna_email), (bram, bram_email) = _reports("B")[:2]
    contexts = [chromium.new_context(bypass_csp=True, locale="nl-NL") for _ in range(2)]
    try:
        pages = [context.new_page() for context in contexts]
        for page, email in zip(pages, [anna_email, bram_email], strict=True):
            (offer,) = [m for m in mail_to(system.sink.directory, email) if m.subject.startswith("Kies een tijd")]
            page.goto(served + offer.link_path)
        first = [page.locator("ul.slots button").first for page in pages]
        assert first[0].inner_text() == first[1].inner_text()
        same = first[0].inner_text()
        # At the same moment: each press is held in its browser until both are made, then
        # both go to the service together (neither can be answered before the other left).
        held = []

        def together(route):
            if route.request.method != "POST":
                route.continue_()
                return
            held.append(route)
            if len(held) == 2:
                for press in held:
                    press.continue_()

        for page in pages:
            page.route("**/pick", together)
        with pages[0].expect_navigation(), pages[1].expect_navigation():
            first[0].click(no_wait_after=True)
            first[1].click(no_wait_after=True)
        for page in pages:
            page.unroute("**/pick")
        won = [TAKEN not in page.content() for page in pages]
        assert sorted(won) == [False, True]
        winner, loser = (pages[0], pages[1]) if won[0] else (pages[1], pages[0])
        assert "gekozen. De uitnodiging voor je agenda komt zo per e-mail." in winner.content()
        assert loser.get_by_role("alert").inner_text() == TAKEN
        assert same not in loser.locator("ul.slots").inner_text()  # no longer offered
        assert axe.violations(loser) == []
        other = loser.locator("ul.slots button").first.inner_text()
        with loser.expect_navigation():
            loser.locator("ul.slots button").first.click()
        assert "gekozen. De uitnodiging voor je agenda komt zo per e-mail." in loser.content()
        return {anna if winner is pages[0] else bram: same, bram if winner is pages[0] else anna: other}
    finally:
        for context in contexts:
            context.close()


def test_a_round_for_a_department_of_forty(sqlite_system, served, browser_page, chromium, axe, tmp_path):
    system, page = sqlite_system, browser_page
    system.clock.set(LAUNCH)
    dashboard = _hr_launches(system, page, served, tmp_path)
    system.settle()
    links = {team: mail_to(system.sink.directory, MANAGERS[team][1])[0].link_path for team in MANAGERS}

    manager = chromium.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 1100, "height": 900})
    try:
        managers_page = manager.new_page()
        _astrid_plans_with_the_generator(managers_page, served, links["A"], axe)
        _bas_offers_times(managers_page, served, links["B"])
        system.settle()
        picked = _two_pick_the_same_time(system, chromium, served, axe)
        managers_page.reload()
        who = managers_page.locator("#picked").inner_text()
        for name, when in picked.items():
            assert f"{when}: {name}" in who
        assert managers_page.locator("#picked strong").count() == 2
        waiting = [name for name, _email in _reports("B")[2:]]
        assert f"Nog geen tijd gekozen: {', '.join(waiting)}." in who
    finally:
        manager.close()
    system.settle()

    # Carla did nothing. The deadline passes; the tick marks her POPs "nog niet gepland".
    system.clock.set(PAST_DEADLINE)
    tick_once(system.runtime, inline=True)
    system.settle()
    carla, carla_email = MANAGERS["C"][0], MANAGERS["C"][1]
    carla_names = [name for name, _email in _reports("C")]
    page.goto(dashboard)
    text = page.locator("main").inner_text()
    assert "Die datum is voorbij." in text and "nog niet gepland: 22" in text  # 10 of Bas's, 12 of Carla's
    # The dashboard lists who is most behind: Carla (12 overdue), then Bas (10); not Astrid.
    assert "Leidinggevenden die achterlopen: 2." in text
    assert "Herinnering sturen aan iedereen die achterloopt (2)" in text
    # Name, reports, planned, prepared, held, signed, overdue, done, action.
    assert _cells(_row(page, carla))[:8] == [f"{carla} (loopt achter)", "12", "0", "0", "0", "0", "12", "0%"]
    assert _cells(_row(page, MANAGERS["B"][0]))[1:8] == ["12", "2", "0", "0", "0", "10", "0%"]
    assert "(loopt achter)" in _cells(_row(page, MANAGERS["B"][0]))[0]
    assert MANAGERS["A"][0] not in text.split("Wie het meest achterloopt")[1].split("Alle leidinggevenden")[0]
    assert axe.violations(page) == []
    with page.expect_navigation():  # the whole table, sortable
        page.get_by_role("link", name="Alle leidinggevenden bekijken en sorteren").click()
    assert _cells(_row(page, MANAGERS["A"][0]))[1:8] == ["13", "13", "0", "0", "0", "0", "0%"]
    assert "loopt achter" not in _cells(_row(page, MANAGERS["A"][0]))[0]
    assert axe.violations(page) == []
    page.goto(dashboard)
    before = mail_to(system.sink.directory, carla_email)
    # The launch's mail, and the tick's own reminder on the deadline: one mail, not twelve.
    assert sorted(mail.subject.startswith("Herinnering: plan") for mail in before) == [False, True]

    with page.expect_navigation():
        _row(page, carla).get_by_role("link", name="Herinnering sturen").click()
    assert f"{carla} (nog te plannen: 12)" in page.locator("main").inner_text()
    preview = page.locator("pre.mail-preview").inner_text()
    assert all(name in preview for name in carla_names)
    assert axe.violations(page) == []
    _click(page, "Herinnering sturen")
    assert f"Herinnering verstuurd aan {carla}." in page.content()
    system.settle()
    (reminder,) = [mail for mail in mail_to(system.sink.directory, carla_email) if mail not in before]
    assert reminder.subject.startswith("Herinnering: plan")
    assert all(name in reminder.text for name in carla_names)
