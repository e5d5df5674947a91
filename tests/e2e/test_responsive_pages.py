"""Every workshop page fits a phone, a tablet, a laptop and a wide screen.

One Voilà server; a page is opened once and the viewport resized to 320, 390,
768, 1366 and 1920 px. A page fails on horizontal overflow, a control whose
label is cut off, a list box that cuts off an option, a form field narrower
than 60% of the content on a phone, a dropdown that shows nothing (it must say
"kies…") or cuts off its choice, any serious or critical axe violation (at
every width), or (the join page) "Doe mee" below the first screen of a 390×844
phone.

Checked: every workshop page on one screen as it first opens; and a seated
room, a facilitator on a laptop and a participant on a phone in one session:
the participant's own page of every workshop, and the card (waiting, in play,
answered, revealed, round 2), the matrix (set up, being filled, revealed) and
the map (with an entry, revealed) as the session goes on, for the facilitator
too once results show.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit.model import builtin_library
from kit.testing.browser import open_page, open_workshop, serious_axe_violations

WORKSHOPS = sorted((Path(__file__).resolve().parents[2] / "workshops").glob("*.ipynb"))
WIDTHS = (320, 390, 768, 1366, 1920)
PHONE_HEIGHT = 844
PHONE = {"width": 390, "height": PHONE_HEIGHT}
LAPTOP = {"width": 1366, "height": 768}
WAIT = 60_000
#: A card with "wat als" variations, as the deck browser lists it.
_CARD = builtin_library().deck("starter").card("nieuwe_regel_voor_vrijdag")
CARD_LABEL = f"{_CARD.title} (Beleid)"
#: A placement on the proximity map (the "toeslagen" template).
STAKEHOLDER = "3. Kinderen in gezinnen met schulden bij de overheid"
PLACEMENT = {
    "Geraakt": "4 – ingrijpend: het raakt hun bestaanszekerheid",
    "Nabijheid": "Niet in beeld: we weten weinig van hen",
    "Stem": "1 – zacht: zelden gehoord in dit proces",
}

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
  // List boxes (such as the deck browser's "Kaarten") must show whole titles.
  for (const el of document.querySelectorAll('.kit-root select')) {
    if (visible(el) && (el.multiple || el.size > 1)
        && el.scrollWidth > el.clientWidth + 1) {
      const long = [...el.options].sort((a, b) => b.text.length - a.text.length)[0];
      problems.push(`list box cuts off: "${long ? long.text.slice(0, 40) : ''}"`);
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
    """What is wrong at ``width``: the layout measured, then axe (serious/critical)."""
    page.set_viewport_size({"width": width, "height": PHONE_HEIGHT})
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => r()))")
    found = page.evaluate(MEASURE, width < 600)
    found += [f"axe: {v}" for v in serious_axe_violations(page)]
    return [f"{width}px: {p}" for p in dict.fromkeys(found)]


def everywhere(page, state: str = "", back_to: int = 390) -> list[str]:
    """The same page at every width (one page, the viewport resized)."""
    problems = []
    for width in WIDTHS:
        problems += problems_at(page, width)
    page.set_viewport_size({"width": back_to, "height": PHONE_HEIGHT})
    return [f"{state}: {p}" if state else p for p in problems]


@pytest.mark.parametrize("notebook", WORKSHOPS, ids=[p.stem for p in WORKSHOPS])
def test_every_workshop_fits_every_width(voila, browser, notebook):
    """One screen (facilitator and participant at once), as a page first opens."""
    record = open_workshop(browser, voila.url(notebook.name))
    page = record.page
    page.wait_for_load_state("networkidle")
    problems = everywhere(page)
    if notebook.stem == "kritische-situaties":  # the forms of a card in play
        page.get_by_role("button", name="Trek een kaart").click()
        page.get_by_role("button", name="Speel deze kaart").click()
        page.locator(".kit-dilemma-choose").wait_for(timeout=WAIT)
        problems += everywhere(page, "card in play")
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

    page = open_workshop(browser, voila.url("wie-raakt-het.ipynb")).page
    page.wait_for_load_state("networkidle")
    prompts = page.evaluate(  # (a list box shows its options: no prompt there)
        """() => [...document.querySelectorAll('.kit-root .widget-dropdown select')]
          .filter((s) => s.selectedIndex === -1)
          .map((s) => s.options[s.options.length - 1].textContent)"""
    )
    assert prompts, "no empty dropdown on the page"
    assert set(prompts) == {t("page.choose")}


# --------------------------------------------------------------------- a seated room


class Room:
    """A facilitator (laptop) and one participant (phone) in one session.

    Both stay in their own tab and go from page to page there, as people do:
    each page takes its seat back from the tab's memory.
    """

    def __init__(self, voila, browser):
        self.voila = voila
        fac = open_page(browser, voila.url("start.ipynb"), viewport=LAPTOP)
        self.fac = fac.page
        self.fac.get_by_role("button", name="Start een sessie voor de zaal").click()
        bar = self.fac.locator(".kit-sessionbar-text", has_text="begeleider")
        bar.wait_for(timeout=WAIT)
        self.code = re.search(r"Sessie (\S+) ·", bar.inner_text())[1]
        self.fac.goto(voila.url("kritische-situaties.ipynb"))
        self.fac.locator(".kit-dilemma").wait_for(timeout=WAIT)
        url = voila.url("kritische-situaties.ipynb", code=self.code)
        self.phone = open_page(browser, url, ready=".kit-root", viewport=PHONE).page
        self.phone.get_by_label("Schuilnaam").fill("Rode fuut")
        self.phone.get_by_role("button", name="Doe mee").click()
        self.phone.locator(".kit-dilemma").wait_for(timeout=WAIT)

    def both_on(self, notebook: str, ready: str) -> None:
        for page in (self.fac, self.phone):
            page.goto(self.voila.url(notebook), wait_until="domcontentloaded")
        for page in (self.fac, self.phone):
            page.locator(ready).first.wait_for(timeout=WAIT)

    def close(self) -> None:
        for page in (self.fac, self.phone):
            page.context.close()


@pytest.fixture(scope="module")
def seated(voila, browser):
    """One session for the tests below: they go on where the last one stopped."""
    room = Room(voila, browser)
    yield room
    room.close()


def play_a_card_in_two_rounds(room: Room) -> list[str]:
    fac, phone = room.fac, room.phone
    problems = everywhere(phone, "participant, waiting for a card")
    fac.get_by_label("Kaarten").select_option(label=CARD_LABEL)
    fac.get_by_role("button", name="Speel deze kaart").click()
    choose = phone.locator(".kit-dilemma-choose")
    choose.wait_for(timeout=WAIT)
    problems += everywhere(phone, "participant, card in play")
    choose.get_by_role("radio").first.click()
    choose.get_by_role("radio", name="Heel zeker").click()
    choose.get_by_role("textbox", name="Waarom? (mag leeg)").fill("Het moet kloppen.")
    choose.get_by_role("button", name="Bewaar mijn keuze").click()
    phone.get_by_text("Je keuze: A (Heel zeker).").wait_for(timeout=WAIT)
    problems += everywhere(phone, "participant, after answering")
    fac.get_by_role("button", name="Antwoorden tonen").click()
    phone.locator(".kit-dilemma-results .kit-chart").first.wait_for(timeout=WAIT)
    problems += everywhere(phone, "participant, after reveal")
    fac.get_by_role("button", name="Speel deze variant").click()
    phone.locator(".kit-dilemma-variation").wait_for(timeout=WAIT)
    problems += everywhere(phone, "participant, round 2")
    problems += everywhere(fac, "facilitator, round 2", back_to=LAPTOP["width"])
    return problems


def fill_the_matrix(room: Room) -> list[str]:
    fac, phone = room.fac, room.phone
    room.both_on("afwegen.ipynb", ".kit-matrix")
    problems = everywhere(phone, "participant, matrix not set up")
    fac.get_by_role("button", name="Zet de matrix klaar").click()
    form = phone.locator(".kit-matrix-form")
    weight = form.get_by_role("combobox", name="Gewicht")
    weight.wait_for(timeout=WAIT)
    weight.select_option(label="5 – weegt zeer zwaar")
    phone.get_by_text("weegt 5.").wait_for(timeout=WAIT)
    form.get_by_role("combobox", name="Score A").select_option(label="++ dient sterk")
    form.get_by_role("textbox", name="Waarom A?").fill("Zo blijft het menselijk.")
    problems += everywhere(phone, "participant, matrix being filled")
    fac.get_by_role("button", name="Toon het teambeeld").click()
    phone.locator(".kit-matrix-team .kit-chart").first.wait_for(timeout=WAIT)
    problems += everywhere(phone, "participant, matrix revealed")
    problems += everywhere(fac, "facilitator, matrix revealed", LAPTOP["width"])
    return problems


def place_on_the_map(room: Room) -> list[str]:
    fac, phone = room.fac, room.phone
    room.both_on("wie-raakt-het.ipynb", ".kit-proximity")
    form = phone.locator(".kit-proximity")
    form.get_by_label("Stakeholder", exact=True).select_option(label=STAKEHOLDER)
    for group, step in PLACEMENT.items():
        scale = form.get_by_role("radiogroup", name=group, exact=True)
        scale.get_by_role("radio", name=step).check()
    form.get_by_role("button", name="Plaats", exact=True).click()
    phone.get_by_text("Geplaatst:").wait_for(timeout=WAIT)
    problems = everywhere(phone, "participant, map with an entry")
    fac.get_by_role("button", name="Toon de gezamenlijke kaart").click()
    phone.locator(".kit-proximity-soft").wait_for(timeout=WAIT)
    problems += everywhere(phone, "participant, map revealed")
    problems += everywhere(fac, "facilitator, map revealed", LAPTOP["width"])
    return problems


def test_a_card_in_two_rounds_fits_every_width(seated):
    """The participant's own page, not the one-screen view, as the card goes on."""
    problems = play_a_card_in_two_rounds(seated)
    assert not problems, "\n".join(problems)


def test_the_matrix_being_filled_fits_every_width(seated):
    problems = fill_the_matrix(seated)
    assert not problems, "\n".join(problems)


def test_the_map_with_entries_fits_every_width(seated):
    problems = place_on_the_map(seated)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("notebook", WORKSHOPS, ids=[p.stem for p in WORKSHOPS])
def test_a_seated_participants_page_fits_every_width(seated, notebook):
    """Every workshop page as a participant in the session sees it."""
    phone = seated.phone
    phone.goto(seated.voila.url(notebook.name), wait_until="load")
    phone.locator(".kit-root").first.wait_for(timeout=WAIT)
    phone.wait_for_load_state("networkidle")
    problems = everywhere(phone, f"participant on {notebook.stem}")
    assert not problems, "\n".join(problems)
