"""HR pages: login required, lockout, the POP detail without private answers, dev pages only in dev."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

from intake.app import create_app
from tests.integration.helpers import MANAGER, hr_client, schedule, seed
from tests.mails import mail_to


def test_hr_pages_need_a_login(sqlite_system):
    seed(sqlite_system)
    client = sqlite_system.app().test_client()
    for path in ("/hr/", "/hr/schedule", "/hr/pop/1"):
        response = client.get(path)
        assert response.status_code == 302 and "/hr/login" in response.headers["Location"]


def test_five_wrong_passwords_hold_back_new_browsers_but_not_hers(sqlite_system):
    seed(sqlite_system)
    app = sqlite_system.app()
    hers = hr_client(app)  # she logged in from this browser before
    hers.post("/hr/logout")
    guesser = app.test_client()
    for _ in range(5):
        page = guesser.post("/hr/login", data={"email": "hr@voorbeeld.nl", "password": "fout"})
        assert page.status_code == 422 and "Inloggen lukt niet" in page.data.decode()
    held = guesser.post("/hr/login", data={"email": "hr@voorbeeld.nl", "password": "geheim-wachtwoord"})
    assert held.status_code == 422 and "Inloggen lukt niet" in held.data.decode()  # the same answer
    assert hers.post("/hr/login", data={"email": "hr@voorbeeld.nl", "password": "geheim-wachtwoord"}).status_code == 302
    sqlite_system.clock.advance(timedelta(minutes=2))
    assert (
        guesser.post("/hr/login", data={"email": "hr@voorbeeld.nl", "password": "geheim-wachtwoord"}).status_code == 302
    )


def test_hr_sees_state_meetings_and_mails_but_not_private_answers(sqlite_system):
    seed(sqlite_system)
    pop_id = schedule(sqlite_system)
    manager_link = mail_to(sqlite_system.sink.directory, MANAGER)[0].home_path
    client = sqlite_system.app().test_client()
    client.post(manager_link + "/prepare", data={"answer_development_level": "Geheim oordeel", "save": "1"})
    page = hr_client(sqlite_system.app()).get(f"/hr/pop/{pop_id}").data.decode()
    assert "Aankondiging" in page and "Uitnodiging" in page and "verstuurd" in page
    assert "Gesprek gepland" in page
    assert "Geheim oordeel" not in page


def test_the_timeline_says_who_and_what_followed_in_the_readers_language(sqlite_system):
    seed(sqlite_system)
    pop_id = schedule(sqlite_system)
    manager_link = mail_to(sqlite_system.sink.directory, MANAGER)[0].home_path
    sqlite_system.app().test_client().post(
        manager_link + "/prepare",
        data={"answer_development_level": "Goed op weg", "potential": "high", "willingness": "high", "submit": "1"},
    )
    sqlite_system.settle()
    client = hr_client(sqlite_system.app())
    page = client.get(f"/hr/pop/{pop_id}").data.decode()
    assert "Aan zet: Jan Jansen (voorbereiding afmaken)</p>" in page  # the manager's is in
    timeline = page.split("Tijdlijn", 1)[1]
    # The worker moved the POP on when the conversation was planned; the manager's
    # preparation alone changes nothing yet.
    assert "(gesprek ingepland)" in timeline and "door naar Aankondiging" in timeline
    assert "Marieke de Vries (leidinggevende)" in timeline and "geen wijziging, fase Aankondiging" in timeline
    assert "popflow (automatisch)" in timeline and "Voorbereiding klaar om te delen (leidinggevende)" in timeline
    assert "person:" not in timeline and "no change" not in timeline and "meeting scheduled" not in timeline
    english = client.get(f"/hr/pop/{pop_id}?lang=en").data.decode().split("Timeline", 1)[1]
    assert "(meeting scheduled)" in english and "moved on to Announcement" in english
    assert "Marieke de Vries (manager)" in english and "no change, phase Announcement" in english


def test_the_mail_viewer_exists_only_in_development_mode(sqlite_system):
    seed(sqlite_system)
    schedule(sqlite_system)
    assert sqlite_system.app().test_client().get("/dev/mail").status_code == 404
    dev_runtime = dataclasses.replace(sqlite_system.runtime, config=sqlite_system.config.with_(dev_mode=True))
    client = create_app(dev_runtime, testing=True).test_client()
    listing = client.get("/dev/mail").data.decode()
    assert "POP-gesprek met Jan Jansen op" in listing
    name = sorted(p.name for p in sqlite_system.sink.files())[0]
    view = client.get(f"/dev/mail/{name}").data.decode()
    assert "BEGIN:VCALENDAR" in view and "invite.ics" in view
    assert client.get("/dev/mail/../../etc/passwd").status_code == 404


def test_the_demo_clock_moves_forward_and_stays_there_after_a_restart(sqlite_system, tmp_path):
    from shared.clock import OffsetClock

    store = tmp_path / "clock_offset_seconds"
    seed(sqlite_system)
    dev_runtime = dataclasses.replace(
        sqlite_system.runtime, clock=OffsetClock(store), config=sqlite_system.config.with_(dev_mode=True)
    )
    client = create_app(dev_runtime, testing=True).test_client()
    page = client.get("/dev/clock").data.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/dev/clock", data={"csrf_token": token, "hours": "48"}).status_code == 302
    assert dev_runtime.clock.offset == timedelta(hours=48)
    assert OffsetClock(store).offset == timedelta(hours=48)  # what `make run` reads when it starts again
    assert client.post("/dev/clock", data={"csrf_token": token, "hours": "veel"}).status_code == 302  # not a 500
    assert OffsetClock(store).offset == timedelta(hours=48)


def test_hr_sees_each_agreement_with_its_cost_hours_and_status_but_not_the_progress_note(sqlite_system):
    from intake import commands, plan_commands
    from shared.models import Pop
    from shared.plan import plan_hash
    from tests.integration.helpers import MEETING_UTC

    seed(sqlite_system)
    pop_id = schedule(sqlite_system)
    sqlite_system.clock.set(MEETING_UTC + timedelta(hours=2))
    sqlite_system.tick()
    sqlite_system.settle()
    with sqlite_system.runtime.uow() as uow:
        pop = uow.session.get(Pop, pop_id)
        commands.save_agreements(
            uow,
            sqlite_system.clock.now(),
            pop,
            pop.employee,
            [commands.AgreementInput(what="Cursus Excel", owner="Jan", cost_eur=1250, hours=16)],
            None,
        )
        uow.commit()
    with sqlite_system.runtime.uow() as uow:
        pop = uow.session.get(Pop, pop_id)
        for signer in (pop.employee, pop.manager):
            commands.sign_plan(
                uow, sqlite_system.clock.now(), pop, signer, plan_hash(commands.current_plan(uow, pop), pop.plan_goal)
            )
        uow.commit()
    sqlite_system.settle()
    with sqlite_system.runtime.uow() as uow:
        pop = uow.session.get(Pop, pop_id)
        (agreement,) = commands.current_plan(uow, pop)
        plan_commands.record_progress(
            uow, sqlite_system.clock.now(), pop, pop.employee, {agreement.id: ("done", "Certificaat, met moeite")}
        )
        uow.commit()
    page = hr_client(sqlite_system.app()).get(f"/hr/pop/{pop_id}").data.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Cursus Excel" in text and "€ 1.250,00, 16 uur" in text and "— afgerond" in text
    assert "Certificaat, met moeite" not in text  # the note is the two of them's


def test_hrs_pop_page_folds_the_technical_details_and_cancels_only_on_purpose(sqlite_system):
    """UID, SEQUENCE, hashes and the mail log sit under "Technische details"; the reason
    field and the confirm button of cancelling sit behind a fold, open again after a mistake."""
    seed(sqlite_system)
    pop_id = schedule(sqlite_system)
    client = hr_client(sqlite_system.app())
    page = client.get(f"/hr/pop/{pop_id}").data.decode()
    before, technical = page.split('<details class="technical">', 1)
    technical = technical.split("</details>", 1)[0]
    assert "<summary>Technische details</summary>" in technical
    assert "UID" in technical and "SEQUENCE" in technical and "@" in technical  # the whole UID
    assert "Uitnodiging" in technical and "verstuurd" in technical  # the mail log
    assert "UID" not in before and "SEQUENCE" not in before and "<code>" not in before
    assert "e-mails verstuurd." in before  # in short above it
    fold = re.search(r'<details class="cancel">(.*?)</details>', page, re.S)
    assert fold and "<summary>POP annuleren…</summary>" in fold.group(1)
    assert 'name="reason"' in fold.group(1) and "Ja, annuleer dit POP" in fold.group(1)
    assert page.count('name="reason"') == 1  # nowhere open on the page
    refused = client.post(f"/hr/pop/{pop_id}/cancel", data={"reason": ""})
    assert refused.status_code == 422 and '<details class="cancel" open>' in refused.data.decode()
