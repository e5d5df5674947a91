"""Draw the composed pages into one PDF, in the order they are printed."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kit.locale import t
from kit.model.types import Deck, Library
from kit.report.print_deck.canvas import Canvas
from kit.report.print_deck.compose import compose
from kit.report.print_deck.context import Texts, language
from kit.report.print_deck.front_matter import FrontMatter
from kit.report.print_deck.geometry import HALF_H, PAGE_W, Op, RuleOp, Style, TextOp
from kit.report.print_deck.plan import Plan


def plan_layout(deck: Deck, library: Library, *, notes: bool = True) -> Plan:
    """The layout :func:`deck_pdf` will use for ``deck``, and its page count."""
    return compose(deck, library, Canvas(), notes).plan


def deck_pdf(deck: Deck, library: Library, *, notes: bool = True) -> bytes:
    """An A4 PDF of ``deck``: cover, cards front and back, facilitator notes.

    ``library`` supplies the names of the public values and blocking beliefs the
    cards refer to. Print duplex, flipping on the long edge (see the package doc).
    Raises :class:`PrintError` when a card is too long for even a whole A4 side.
    """
    return render_deck(deck, library, notes=notes)[0]


def render_deck(
    deck: Deck, library: Library, *, notes: bool = True
) -> tuple[bytes, Plan]:
    """:func:`deck_pdf` together with the :class:`Plan` it followed."""
    canvas = Canvas()
    composed = compose(deck, library, canvas, notes)
    plan = composed.plan
    front_matter = FrontMatter(canvas, deck, library)
    pdf = canvas.pdf
    lang = language(deck)
    pdf.set_title(deck.title)
    pdf.set_subject(t("print.pdf.subject", language=lang))
    pdf.set_creator("Wakkere afweging (kit print)")
    pdf.set_lang(lang)

    def page(ops: Iterable[Op]) -> None:
        pdf.add_page()
        canvas.draw(ops)

    page(front_matter.cover(plan))
    page(front_matter.overview())
    per = plan.cards_per_page
    for start in range(0, plan.cards, per):
        chunk = range(start, min(start + per, plan.cards))
        cut: list[Op] = (
            [RuleOp(0.0, HALF_H, PAGE_W, HALF_H, (110, 110, 110), 0.3, dashed=True)]
            if per == 2
            else []
        )
        page(
            [
                *cut,
                *_cut_label(canvas, Texts(lang), per),
                *(op for i in chunk for op in composed.fronts[i]),
            ]
        )
        page(op for i in chunk for op in composed.backs[i])
    for start in range(0, len(composed.notes), plan.notes_per_page or 1):
        page(
            op
            for ops in composed.notes[start : start + plan.notes_per_page]
            for op in ops
        )
    assert pdf.pages_count == plan.pages, (pdf.pages_count, plan)
    return bytes(pdf.output()), plan


def _cut_label(canvas: Canvas, tx: Callable[..., str], per_page: int) -> list[Op]:
    if per_page != 2:
        return []
    style = Style(7.5, colour=(110, 110, 110))
    label = tx("print.cut")
    return [
        TextOp(PAGE_W - 8.0 - canvas.width(label, style), HALF_H - 1.2, label, style)
    ]
