"""Chart rendering: offline SVG with a text alternative, drawn once per room."""

from __future__ import annotations

import pytest

from kit.charts import render
from kit.charts.deck import role_chart
from kit.model.cards import cards_per_role


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_CHART_CACHE", str(tmp_path))
    return tmp_path


def test_a_chart_is_an_accessible_offline_figure(library, fresh_cache):
    figure = role_chart(cards_per_role(library.deck("starter")))
    html = figure.to_html()
    assert html.count("<svg") == 1
    assert "http://" not in figure.svg.replace("http://www.w3.org", "")
    assert "role='img'" in html
    beleid = sum(c.role == "beleid" for c in library.deck("starter").cards)
    assert (
        f"aria-label='Staafdiagram van het aantal kaarten per rol: Beleid: {beleid}"
        in html
    )
    assert "<table>" in html
    assert "<th scope='col'>Rol</th>" in html
    assert 'font-family="Source Sans Pro"' in figure.svg


def test_the_same_chart_is_drawn_once_and_read_by_other_kernels(
    library, fresh_cache, monkeypatch
):
    spec = role_chart(cards_per_role(library.deck("starter"))).spec
    first = render.to_svg(spec)
    assert len(list(fresh_cache.glob("*.svg"))) == 1

    def no_engine():  # another kernel: the drawing engine must not be needed
        raise AssertionError("the drawing engine was started again")

    monkeypatch.setattr(render, "_converter", no_engine)
    assert render.to_svg(spec) == first


def test_different_data_gives_a_different_drawing(library, fresh_cache):
    cards = library.deck("starter").cards
    a = render.to_svg(role_chart(cards_per_role(cards[:3])).spec)
    b = render.to_svg(role_chart(cards_per_role(cards[:5])).spec)
    assert a != b
    assert len(list(fresh_cache.glob("*.svg"))) == 2
