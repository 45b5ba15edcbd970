"""The committed map partial: one path per Member State, small enough, no inline styles."""

import re
from pathlib import Path

from django.conf import settings

from national_coalitions.models import EU_MEMBER_STATES

MAP = Path(settings.BASE_DIR) / "templates" / "national_coalitions" / "_eu_map.svg"


def test_map_has_one_shape_per_member_state():
    svg = MAP.read_text(encoding="utf-8")
    codes = re.findall(r'<a href="\{\{ state.url \}\}"[^>]*data-country="([A-Z]{2})"', svg)
    assert sorted(codes) == sorted(EU_MEMBER_STATES)


def test_small_member_states_have_a_marker():
    svg = MAP.read_text(encoding="utf-8")
    for code in ["MT", "CY", "LU"]:
        block = svg.split(f'data-country="{code}"')[2].split("{% endwith %}")[0]
        assert "<circle" in block


def test_map_is_small_and_has_no_inline_style_or_script():
    svg = MAP.read_text(encoding="utf-8")
    assert MAP.stat().st_size < 150_000
    assert "style=" not in svg
    assert "<script" not in svg
    assert "Natural Earth" in svg
