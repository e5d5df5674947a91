"""Chart rendering: offline SVG with a text alternative, drawn once per room."""

from __future__ import annotations

from pathlib import Path

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


def _draw_in_another_kernel(cache: str, spec: dict, out: str) -> None:
    """A kernel's reveal: note when it starts drawing, keep the SVG it shows."""
    import os

    os.environ["KIT_CHART_CACHE"] = cache
    real = render._draw

    def counted(themed, cached):
        with open(f"{out}.drawn", "w", encoding="utf-8") as note:
            note.write("drawn")
        return real(themed, cached)

    render._draw = counted
    Path(out).write_text(render.to_svg(spec), encoding="utf-8")


def test_kernels_revealing_at_once_draw_the_chart_only_once(fresh_cache, tmp_path):
    import multiprocessing
    from multiprocessing import resource_tracker

    spec = {
        "data": {"values": [{"keuze": "A", "n": 3}, {"keuze": "B", "n": 5}]},
        "mark": "bar",
        "encoding": {
            "x": {"field": "n", "type": "quantitative"},
            "y": {"field": "keuze", "type": "nominal"},
        },
    }
    # New processes, like kernels (a forked drawing engine is not usable).
    context = multiprocessing.get_context("spawn")
    outs = [tmp_path / f"kernel{i}.svg" for i in range(4)]
    kernels = [
        context.Process(
            target=_draw_in_another_kernel, args=(str(fresh_cache), spec, str(out))
        )
        for out in outs
    ]
    for kernel in kernels:
        kernel.start()
    try:
        for kernel in kernels:
            kernel.join(timeout=120)
            assert kernel.exitcode == 0
    finally:
        resource_tracker._resource_tracker._stop()  # it would outlive the test
    assert len({out.read_text() for out in outs}) == 1
    assert len(list(tmp_path.glob("*.drawn"))) == 1  # the others waited and read it
    assert list(fresh_cache.glob("*.lock")) == []
