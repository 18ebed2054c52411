"""Whatever accent colour an organisation sets, text on its buttons and its links read (AA)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.brand import AA, WHITE, contrast, palette
from shared.config import Config

colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


@given(colours)
def test_text_on_a_button_and_links_read_whatever_the_accent(accent):
    colours_ = palette(accent)
    assert contrast(colours_.button, colours_.on_button) >= AA
    assert contrast(colours_.link, WHITE) >= AA
    assert colours_.accent == accent


def test_an_accent_that_reads_is_used_as_it_is():
    assert palette("#1f5fa8").button == palette("#1f5fa8").link == "#1f5fa8"


@pytest.mark.parametrize("bad", ["red", "#fff", "#12345g", "#1f5fa8;}body{display:none", " url(x)"])
def test_only_a_hex_colour_is_taken(bad):
    with pytest.raises(ValueError, match="ORG_ACCENT"):
        Config.from_env({"ORG_ACCENT": bad})


def test_the_settings_are_read_from_the_environment(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG")
    config = Config.from_env({"ORG_NAME": "Zorggroep Noord", "ORG_ACCENT": "#E4007C", "ORG_LOGO": str(logo)})
    assert (config.org_name, config.org_accent, config.org_logo) == ("Zorggroep Noord", "#e4007c", logo)
    with pytest.raises(ValueError, match="ORG_LOGO"):
        Config.from_env({"ORG_LOGO": str(tmp_path / "missing.png")})
    with pytest.raises(ValueError, match="ORG_LOGO"):
        Config.from_env({"ORG_LOGO": str(tmp_path / "logo.gif")})
