"""Development only: the mails the local sink caught, readable and clickable."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta
from pathlib import Path

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from intake import web

bp = Blueprint("dev", __name__, url_prefix="/dev")


def _mail_dir() -> Path:
    return Path(web.runtime().config.mail_dir)


def _read(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def _file(name: str) -> Path:
    path = _mail_dir() / name
    if "/" in name or not name.endswith(".eml") or not path.is_file():
        abort(404)
    return path


@bp.get("/mail")
def mail_list():
    web.choose_language()
    mails = []
    for path in sorted(_mail_dir().glob("*.eml"), reverse=True)[:500]:
        msg = _read(path)
        mails.append(
            {
                "name": path.name,
                "subject": msg["subject"],
                "to": msg["to"],
                "date": msg["date"],
                "calendar": any(p.get_content_type() == "text/calendar" for p in msg.walk()),
            }
        )
    return render_template("dev/mail_list.html", mails=mails)


@bp.get("/mail/<name>")
def mail_view(name: str):
    web.choose_language()
    msg = _read(_file(name))
    parts = {"text/plain": None, "text/html": None, "text/calendar": None}
    for part in msg.walk():
        kind = part.get_content_type()
        if kind in parts and parts[kind] is None and not part.is_attachment():
            parts[kind] = part.get_content()
    attachments = [p.get_filename() for p in msg.walk() if p.is_attachment()]
    if parts["text/html"]:
        # Links in the preview open in this tab, not inside the frame.
        parts["text/html"] = parts["text/html"].replace("<head>", '<head><base target="_top">', 1)
    return render_template(
        "dev/mail_view.html",
        name=name,
        msg=msg,
        text=parts["text/plain"],
        html=parts["text/html"],
        calendar=parts["text/calendar"],
        attachments=attachments,
    )


@bp.get("/mail/<name>/raw")
def mail_raw(name: str):
    return Response(
        _file(name).read_bytes(),
        mimetype="message/rfc822",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


@bp.route("/clock", methods=["GET", "POST"])
def clock():
    """Demo time travel: move the whole embedded service forward to see time rules work."""
    web.choose_language()
    runtime = web.runtime()
    movable = hasattr(runtime.clock, "offset")
    if request.method == "POST" and movable:
        asked = request.form.get("hours", "")
        hours = max(0, min(int(asked), 24 * 400)) if asked.isascii() and asked.isdigit() and len(asked) < 7 else 0
        runtime.clock.advance(timedelta(hours=hours))
        from workflow.tick import tick

        with runtime.uow() as uow:  # apply what became due now, without waiting for the tick
            tick(uow, runtime.now(), runtime.config.republish_after_seconds, tz=runtime.config.timezone)
            uow.commit()
        flash(f"+{hours} h", "info")
        return redirect(url_for("dev.clock"))
    return render_template(
        "dev/clock.html", now=runtime.now(), movable=movable, offset=getattr(runtime.clock, "offset", timedelta(0))
    )
