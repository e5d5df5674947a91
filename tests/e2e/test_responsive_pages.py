"""Every workshop page fits a phone, a tablet, a laptop and a wide screen.

One Voilà server and one page per workshop; the viewport is resized. A page
fails on horizontal overflow, a control whose label is cut off, a form field
narrower than 60% of the content on a phone, a dropdown that shows nothing
(it must say "kies…"), or (the join page) "Doe mee"
below the first screen of a 390×844 phone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.testing.browser import open_page, open_workshop, serious_axe_violations

WORKSHOPS = sorted((Path(__file__).resolve().parents[2] / "workshops").glob("*.ipynb"))
WIDTHS = (320, 390, 768, 1366, 1920)
PHONE_HEIGHT = 844

#: Problems a person would see, measured in the page itself.
MEASURE = """(phone) => {
  const problems = [];
  const visible = (el) => el.offsetParent !== null && el.getClientRects().length > 0;
  const name = (el) => (el.innerText || el.value || el.getAttribute('aria-label')
    || el.className || el.tagName).toString().trim().slice(0, 40);
  const page = document.documentElement;
  if (page.scrollWidth > window.innerWidth + 1) {
    const wide = [...document.querySelectorAll('.kit-root *')].filter(
      (el) => visible(el) && el.getBoundingClientRect().right > window.innerWidth + 1);
    problems.push(`page ${page.scrollWidth}px wide in ${window.innerWidth}px: `
      + wide.slice(-3).map((el) => el.tagName + '.' + el.className).join(', '));
  }
  const labels = '.kit-root button, .kit-root .widget-label, .kit-root label, '
    + '.kit-root .widget-radio-box label, .kit-root .widget-checkbox label';
  for (const el of document.querySelectorAll(labels)) {
    if (visible(el) && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`label cut off: "${name(el)}"`);
    }
  }
  const canvas = document.createElement('canvas').getContext('2d');
  // Dropdowns (a list box such as "Kaarten" shows its options itself).
  for (const el of document.querySelectorAll('.kit-root .widget-dropdown select')) {
    if (!visible(el) || el.multiple) continue;
    const chosen = el.selectedOptions[0];
    if (!chosen || !chosen.text.trim()) {
      problems.push(`empty select without a prompt: "${name(el.parentElement)}"`);
      continue;
    }
    const style = getComputedStyle(el);
    canvas.font = `${style.fontSize} ${style.fontFamily}`;
    const text = chosen.text;
    const room = el.clientWidth - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight);
    if (canvas.measureText(text).width > room + 1) {
      problems.push(`select cut off: "${text.slice(0, 40)}"`);
    }
  }
  if (phone) {
    const fields = '.kit-root select, .kit-root textarea, '
      + '.kit-root input[type=text], .kit-root input:not([type])';
    for (const el of document.querySelectorAll(fields)) {
      if (!visible(el)) continue;
      const box = el.closest('.kit-root').getBoundingClientRect();
      const width = el.getBoundingClientRect().width;
      if (width < 0.6 * box.width) {
        problems.push(`field ${Math.round(width)}px of ${Math.round(box.width)}px: `
          + `"${(el.labels && el.labels[0] ? el.labels[0].innerText : name(el))}"`);
      }
    }
  }
  return problems;
}"""


def problems_at(page, width: int) -> list[str]:
    page.set_viewport_size({"width": width, "height": PHONE_HEIGHT})
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => r()))")
    found = page.evaluate(MEASURE, width < 600)
    return [f"{width}px: {p}" for p in dict.fromkeys(found)]


def everywhere(page) -> list[str]:
    problems = []
    for width in WIDTHS:
        problems += problems_at(page, width)
    return problems


@pytest.mark.parametrize("notebook", WORKSHOPS, ids=[p.stem for p in WORKSHOPS])
def test_every_workshop_fits_every_width(voila, browser, notebook):
    record = open_workshop(browser, voila.url(notebook.name))
    page = record.page
    page.wait_for_load_state("networkidle")
    problems = everywhere(page)
    if notebook.stem == "kritische-situaties":  # the forms of a card in play
        page.get_by_role("button", name="Trek een kaart").click()
        page.get_by_role("button", name="Speel deze kaart").click()
        page.locator(".kit-dilemma-choose").wait_for(timeout=30_000)
        problems += everywhere(page)
    page.set_viewport_size({"width": 390, "height": PHONE_HEIGHT})
    problems += [f"axe: {v}" for v in serious_axe_violations(page)]
    assert not problems, "\n".join(problems)


def test_doe_mee_is_on_the_first_screen_of_a_phone(voila, browser):
    record = open_page(
        browser,
        voila.url("start.ipynb"),
        viewport={"width": 390, "height": PHONE_HEIGHT},
    )
    join = record.page.get_by_role("button", name="Doe mee")
    join.wait_for(timeout=60_000)
    box = join.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE_HEIGHT


def test_an_empty_dropdown_says_kies_in_the_words_of_the_locale(voila, browser):
    from kit.locale import t

    page = open_page(browser, voila.url("wie-raakt-het.ipynb")).page
    page.wait_for_load_state("networkidle")
    prompts = page.evaluate(
        """() => [...document.querySelectorAll('.kit-root select')]
          .filter((s) => s.selectedIndex === -1)
          .map((s) => s.options[s.options.length - 1].textContent)"""
    )
    assert prompts, "no empty dropdown on the page"
    assert set(prompts) == {t("page.choose")}
