"""On a phone, a participant's own task starts on the first screen of each activity.

The facilitator opens each activity of the programme in turn; a participant on
a 390×844 phone follows. When the room switches, the page brings the line
"Nu in de zaal: …" to the top (kit-room.js); from there the one-line "what to
do now" and the first control of the participant's task (a radio button, a
select, a text box or a button) must lie on the screen, without scrolling by
hand; on a dilemma card, whose situation is read first, the form follows the
situation at once. The explanations are folded in one "Uitleg" per tool, and
axe stays clean.
"""

from __future__ import annotations

from kit.testing.browser import serious_axe_violations
from kit.testing.room_pages import (
    LAPTOP,
    PAGE,
    PHONE,
    WAIT,
    join,
    now_showing,
    off_screen,
    open_activity,
    start_room,
)

LONGEST_CARD = "De doorbraak die niet mag (Uitvoering)"
# The first control of the participant's task, per activity.
FIRST_CONTROL = {
    "Kritische situaties": ".kit-dilemma-choose input[type=radio]:visible",
    "Wie raakt het?": ".kit-proximity select:visible",
    "Afwegen": ".kit-matrix-form select:visible",
    "Tegenspraak: zelfscan": ".kit-speaking-scan input[type=radio]:visible",
    "Tegenspraak: het palet": ".kit-speaking-palette select:visible",
    "Terugblik": ".kit-lookback textarea:visible",
}
# The one line that says what to do now, per activity.
TASK_LINE = {
    "Kritische situaties": ".kit-dilemma .kit-task",
    "Wie raakt het?": ".kit-proximity .kit-task",
    "Afwegen": ".kit-matrix .kit-task",
    "Tegenspraak: zelfscan": ".kit-speaking-scan .kit-task",
    "Tegenspraak: het palet": ".kit-speaking-palette .kit-task",
    "Terugblik": ".kit-lookback .kit-task",
}


def _gap(page, above: str, below: str, most: int = 250) -> str | None:
    """Why ``below`` does not follow ``above`` within ``most`` pixels, if not."""
    upper = page.locator(above).first.bounding_box()
    lower = page.locator(below).first.bounding_box()
    gap = lower["y"] - upper["y"] - upper["height"]
    return None if 0 <= gap <= most else f"{below}: {round(gap)} px below {above}"


def test_a_phone_shows_the_task_and_its_first_control_first(voila, browser):
    room = start_room(browser, voila.url(PAGE), viewport=LAPTOP)
    fac = room.control
    phone = join(browser, room.link, "Wijze uil", viewport=PHONE).page
    problems: list[str] = []
    # The programme starts with the welcome; from there each switch of the
    # room brings "Nu in de zaal: …" to the top of the phone's page.
    open_activity(fac, "Welkom en opgave")
    now_showing(phone, "Welkom en opgave")

    for title, control in FIRST_CONTROL.items():
        open_activity(fac, title)
        now_showing(phone, title)
        if title == "Kritische situaties":
            table = fac.locator(".kit-dilemma")
            table.get_by_role("listbox", name="Kaarten").select_option(
                label=LONGEST_CARD
            )
            table.get_by_role("button", name="Speel deze kaart").click()
        if title == "Afwegen":
            fac.get_by_role("button", name="Zet de matrix klaar").click()
        phone.locator(control).first.wait_for(timeout=WAIT)
        problems += [
            f"{title}: {why}"
            for why in [off_screen(phone, ".kit-room-now-text", now=True)]
            if why
        ]
        # A dilemma card's situation must be read before choosing, and the
        # deck's longest runs over two phone screens: there the form follows
        # the situation at once (the card's values and options are folded).
        first = (
            _gap(phone, ".kit-dilemma .kit-situation", control)
            if title == "Kritische situaties"
            else off_screen(phone, control, now=True)
        )
        problems += [
            f"{title}: {why}"
            for why in (first, off_screen(phone, TASK_LINE[title], now=True))
            if why
        ]
        # One "Uitleg" per tool, folded.
        root = TASK_LINE[title].split()[0]
        about = phone.locator(f"{root} details.kit-about:visible")
        if about.count() != 1 or about.get_attribute("open") is not None:
            problems.append(f"{title}: not one folded Uitleg")
        problems += [f"{title}: axe {v}" for v in serious_axe_violations(phone)]
        # The participant reads the Uitleg, opened from the keyboard (a native
        # disclosure), far down the page: the next switch still brings the
        # room's line to the top, not a message of the new activity.
        about.locator("summary").focus()
        phone.keyboard.press("Enter")
        if about.get_attribute("open") is None:
            problems.append(f"{title}: the Uitleg does not open with Enter")
        problems += [
            f"{title} (Uitleg open): axe {v}" for v in serious_axe_violations(phone)
        ]
    assert problems == []
