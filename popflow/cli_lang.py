"""The CLI's language: Dutch, or English with `popflow --lang en ...`; texts from the one catalogue.

`_` and `ngettext` here are the CLI's versions of intake.i18n's (same names, so that
`make messages` finds their texts): the language is the root command's --lang option.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from shared.i18n import LANGUAGES, translate, translate_plural


def cli_lang() -> str:
    ctx = click.get_current_context(silent=True)
    lang = ctx.find_root().params.get("lang") if ctx is not None else None
    return lang if lang in LANGUAGES else "nl"


def _(text: str, /, **values) -> str:
    return translate(text, cli_lang(), **values)


def ngettext(singular: str, plural: str, n: int, /, **values) -> str:
    return translate_plural(singular, plural, n, cli_lang(), **values)


def fail(message: str) -> NoReturn:
    """Stop the command: the message on stderr, exit status 2 (as click's own usage errors)."""
    click.echo(message, err=True)
    sys.exit(2)
