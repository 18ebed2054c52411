"""Checks on CLI options, shared by the command groups."""

from __future__ import annotations

import click

from popflow.cli_lang import _
from shared.safe_text import code_point, refused_character


def one_line(multi_line: bool = False):
    """A click callback: an option's text reaches mail subjects and calendar items, so it
    refuses control characters as the forms and the API do (a script's "$'a\\nb'" too)."""

    def check(ctx, param, value):
        for text in value if isinstance(value, tuple) else (value,):
            char = refused_character(text, multi_line=multi_line)
            if char is not None:
                raise click.BadParameter(
                    _("bevat een stuurteken ({code})", code=code_point(char))
                    if multi_line
                    else _("bevat een tab, regeleinde of ander stuurteken ({code})", code=code_point(char))
                )
        return value

    return check
