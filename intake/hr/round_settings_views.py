"""HR's settings page of one round: every lead time, reminder and the review cadence, the
conversation types on or off and their texts, and a picture of what is sent when."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for

from intake import round_edit, round_timeline, web
from intake.hr.forms import RoundSettingsForm
from intake.hr.views import bp, hr_required
from intake.hr.who import changes
from intake.i18n import _
from shared.conversation_types import LANGUAGES, TYPE_KEYS, TYPE_TEXTS, TypeText, own_text
from shared.event_types import EventKind
from shared.models import Round
from shared.readability import hints
from shared.round_settings import ROUND_SETTINGS, values_of


def hint_texts(text: str | None) -> list[str]:
    """The B1 hints on a text HR wrote, in HR's language (shared/readability.py)."""
    return [_(hint.message, **dict(hint.values)) for hint in hints(text or "")]


def _form_data(rnd: Round) -> dict:
    values = values_of(rnd)
    data = {s.name: ", ".join(map(str, values[s.name])) if s.many else values[s.name] for s in ROUND_SETTINGS}
    data.update({text.field: own_text(rnd, text.key, text.lang) for text in TYPE_TEXTS})
    return data


@bp.route("/rounds/<int:round_id>/settings", methods=["GET", "POST"])
@hr_required
def round_settings(round_id: int):
    work = web.uow()
    rnd = work.session.get(Round, round_id) or abort(404)
    form = RoundSettingsForm() if request.method == "POST" else RoundSettingsForm(data=_form_data(rnd))
    if form.validate_on_submit():
        changed = round_edit.change_settings(work, web.now(), rnd, form.settings(), form.texts(), f"hr:{g.hr_user.id}")
        work.commit()
        flash(_("De instellingen zijn opgeslagen.") if changed else _("Er was niets gewijzigd."), "info")
        return redirect(url_for("hr.round_settings", round_id=round_id))
    lang, version, session = g.lang, rnd.question_set, work.session  # a set HR published is read from the database
    for text in TYPE_TEXTS:  # the error summary names the type and the language
        name = TypeText(text.key, lang if lang in LANGUAGES else "nl").name(version, session)
        form[text.field].label.text = f"{name}, {_('Nederlands') if text.lang == 'nl' else _('Engels')}"
    types = [
        (
            TypeText(key, lang if lang in LANGUAGES else "nl").name(version, session),
            [
                (text, text.name(version, session), text.default(version, session), hint_texts(form[text.field].data))
                for text in TYPE_TEXTS
                if text.key == key
            ],
        )
        for key in TYPE_KEYS
    ]
    return render_template(
        "hr/round_settings.html",
        round=rnd,
        form=form,
        settings=ROUND_SETTINGS,
        types=types,
        lines=round_timeline.timeline(values_of(rnd), rnd.meetings_from, rnd.meetings_until, lang),
        history=changes(work, EventKind.ROUND_SETTINGS_CHANGED, round_id=rnd.id),
    ), (422 if form.errors else 200)
