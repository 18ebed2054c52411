"""HR's own opening texts of the mails: the list of kinds, and one kind's texts in both
languages with a preview of the whole mail (the real composer) and B1 hints.

Organisation-wide: one opening per kind, audience and language (notifier/openings.py).
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for

from intake import web
from intake.hr.forms import mail_text_form
from intake.hr.round_settings_views import hint_texts
from intake.hr.views import bp, hr_required
from intake.hr.who import hr_name
from intake.i18n import MAIL_LABELS, _
from notifier import openings
from shared.conversation_types import LANGUAGES


def _fields(kind: str) -> list[tuple[str, str, str]]:
    """(field name, audience, language) of each text of this kind."""
    return [
        (f"text_{audience or 'all'}_{lang}", audience, lang)
        for audience in openings.audiences(kind)
        for lang in LANGUAGES
    ]


def language_name(lang: str) -> str:
    return _("Nederlands") if lang == "nl" else _("Engels")


def _field_label(audience: str, lang: str) -> str:
    """What the error summary calls a text: "Openingstekst, Aan de medewerker, Engels"."""
    to = {"employee": _("Aan de medewerker"), "manager": _("Aan de leidinggevende")}.get(audience, "")
    return ", ".join(part for part in (_("Openingstekst"), to, language_name(lang)) if part)


def kind_label(kind: str) -> str:
    if kind == "invitation_update":
        return _("Gewijzigde uitnodiging")
    return _(MAIL_LABELS[kind]) if kind in MAIL_LABELS else kind


@bp.get("/mail-texts")
@hr_required
def mail_texts():
    work = web.uow()
    rows = []
    for kind in openings.KINDS:
        own = openings.openings(work, kind)
        rows.append((kind, kind_label(kind), sorted({lang for _audience, lang in own})))
    return render_template("hr/mail_texts.html", rows=rows)


@bp.route("/mail-texts/<kind>", methods=["GET", "POST"])
@hr_required
def mail_text(kind: str):
    if kind not in openings.KINDS:
        abort(404)
    work = web.uow()
    stored = openings.openings(work, kind)
    fields = _fields(kind)
    form = mail_text_form([name for name, _a, _l in fields])
    for name, audience, lang in fields:
        form[name].label.text = _field_label(audience, lang)
    posted = form.is_submitted()
    if not posted:
        for name, audience, lang in fields:
            row = stored.get((audience, lang))
            form[name].data = row.text if row is not None else ""
    if posted and form.validate():
        texts = {name: openings.cleaned(form[name].data) for name, _a, _l in fields}
        for name, _audience, _lang in fields:
            refused = openings.problem(kind, texts[name])
            if refused is not None:
                form[name].errors = [*form[name].errors, _(refused[0], **refused[1])]
        if not form.errors and form.save.data:
            actor, now = f"hr:{g.hr_user.id}", web.now()
            changed = [openings.save_opening(work, now, kind, a, lang, texts[name], actor) for name, a, lang in fields]
            work.commit()
            flash(_("De openingstekst is opgeslagen.") if any(changed) else _("Er was niets gewijzigd."), "info")
            return redirect(url_for("hr.mail_text", kind=kind))
    blocks = []
    for name, audience, lang in fields:
        text = openings.cleaned(form[name].data)
        # Only a text that fits goes into the preview; else the system's own shows.
        shown = text if not form[name].errors and openings.problem(kind, text) is None else ""
        row = stored.get((audience, lang))
        blocks.append(
            dict(
                field=form[name],
                audience=audience,
                lang=lang,
                default=openings.default_opening(kind, audience, lang),
                hints=hint_texts(text),
                preview=openings.preview(kind, audience, lang, shown),
                changed=(row.updated_at, hr_name(work, row.updated_by)) if row is not None else None,
            )
        )
    return render_template(
        "hr/mail_text.html",
        kind=kind,
        label=kind_label(kind),
        form=form,
        blocks=blocks,
        placeholders=[(name, _(openings.PLACEHOLDER_HELP[name])) for name in openings.placeholders(kind)],
    ), (422 if form.errors else 200)
