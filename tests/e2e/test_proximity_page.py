"""The nabijheidskaart page works in a real browser: place, reveal, see the map.

One screen: the page is facilitator and participant at once, as on a beamer
where the facilitator types in what the room says.
"""

from __future__ import annotations

from kit.testing.browser import open_one_screen, page_problems

CHILDREN = "3. Kinderen in gezinnen met schulden bij de overheid"
TYPED = "<img src=x onerror=alert(1)> Buurtvaders"


def test_place_reveal_and_plan_on_the_proximity_page(voila, browser):
    record = open_one_screen(
        browser,
        voila.url("wie-raakt-het.ipynb"),
        ready=".kit-proximity",
        viewport={"width": 1366, "height": 900},
    )
    page = record.page
    root = page.locator(".kit-proximity")
    root.get_by_text("De kaart is gestart met 20 stakeholders").wait_for(timeout=30_000)

    # A participant adds a stakeholder; what they typed stays text.
    root.get_by_label("Naam", exact=True).fill(TYPED)
    root.get_by_label("Soort", exact=True).select_option(
        label="Eigen netwerk van burgers"
    )
    root.get_by_role("button", name="Voeg toe").click()
    root.get_by_text("Toegevoegd aan de gedeelde lijst").wait_for(timeout=30_000)
    assert TYPED in root.locator(".kit-messages").inner_text()  # text, not markup
    assert root.locator("img[src='x']").count() == 0

    # The real form: a list, three scales with descriptions, a note, the keyboard.
    root.get_by_label("Stakeholder", exact=True).select_option(label=CHILDREN)
    # The scales are radio groups: every step readable on a phone.
    for group, step in (
        ("Geraakt", "4 – ingrijpend: het raakt hun bestaanszekerheid"),
        ("Nabijheid", "Niet in beeld: we weten weinig van hen"),
        ("Stem", "1 – zacht: zelden gehoord in dit proces"),
    ):
        radios = root.get_by_role("radiogroup", name=group, exact=True)
        radios.get_by_role("radio", name=step).check()
    root.get_by_label("Toelichting", exact=True).fill(
        "We kennen ze alleen uit cijfers."
    )
    root.get_by_role("button", name="Plaats", exact=True).focus()
    page.keyboard.press("Enter")
    root.get_by_text("Geplaatst: Kinderen in gezinnen").wait_for(timeout=30_000)
    assert "Jouw plaatsingen (1)" in root.inner_text()

    # On top of the form: the marker on the rings moves by keyboard ...
    marker = root.locator(".kit-proximity-drag [role='slider']")
    marker.wait_for(timeout=30_000)
    assert marker.get_attribute("aria-valuetext") == "Niet in beeld"
    marker.focus()
    page.keyboard.press("ArrowDown")
    root.get_by_text("(Via rapporten)").wait_for(timeout=30_000)
    page.wait_for_function(
        "document.querySelector('.kit-proximity-drag [role=slider]')"
        ".getAttribute('aria-valuetext') === 'Via rapporten'",
        timeout=30_000,
    )
    # ... and by dragging it one ring further out (in view: the mouse acts there).
    marker.scroll_into_view_if_needed()
    svg = root.locator(".kit-proximity-drag svg").bounding_box()
    dot = marker.locator("circle").bounding_box()
    assert svg
    assert dot
    cx, cy = svg["x"] + svg["width"] / 2, svg["y"] + svg["height"] / 2
    mx, my = dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2
    factor = (16 + 36 * 4.5) / (16 + 36 * 3.5)  # centre of ring 4 / ring 3
    page.mouse.move(mx, my)
    page.mouse.down()
    page.mouse.move(cx + (mx - cx) * factor, cy + (my - cy) * factor, steps=8)
    page.mouse.up()
    root.get_by_text("(Niet in beeld)").wait_for(timeout=30_000)

    root.get_by_role("button", name="Toon de gezamenlijke kaart").click()
    chart = root.locator(".kit-proximity-map .kit-chart-image svg")
    chart.wait_for(timeout=60_000)
    assert chart.locator("path").count() > 10  # rings, dividers and markers
    label = root.locator(".kit-proximity-map .kit-chart-image").get_attribute(
        "aria-label"
    )
    assert label
    assert "Zachte stemmen: Kinderen in gezinnen" in label
    soft = root.locator(".kit-proximity-soft")
    assert "Kinderen in gezinnen met schulden bij de overheid" in soft.inner_text()
    assert "Wie mist er aan tafel?" in root.inner_text()

    # The team agrees how to get closer, and who does it.
    root.get_by_label("Hoe", exact=True).select_option(
        label="Een keukentafelgesprek voeren"
    )
    root.get_by_label("Wie doet het", exact=True).fill("teamleider uitvoering")
    root.get_by_role("button", name="Leg de afspraak vast").click()
    root.get_by_text("Afspraak vastgelegd voor Kinderen").wait_for(timeout=30_000)
    assert "Een keukentafelgesprek voeren — teamleider uitvoering" in (
        root.locator(".kit-proximity-plans").inner_text()
    )
    assert root.locator("img[src='x']").count() == 0
    assert page_problems(record) == []
