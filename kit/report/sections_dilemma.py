"""The report's part for dilemma cards: each card played, and the team's own cards.

Per card: the situation and its options, per round (the card as written, then
each "wat als…" variation) the distribution chart, the minority, the reasons per
option without names, and in later rounds who moved; then the closing — which
knowledge, actions and power relations the group weighs next time. Everything
comes from :mod:`kit.model.dilemma` and :mod:`kit.charts.dilemma`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from kit.locale import t
from kit.model import dilemma as M
from kit.model.privacy import MIN_GROUP, too_few
from kit.model.types import DilemmaCard, Option
from kit.report.document import (
    Bullets,
    Chart,
    Definitions,
    Paragraph,
    Part,
    ReportInput,
    Section,
    Table,
    one_line,
)

log = logging.getLogger("kit")


def _own_cards(events: Sequence[Any]) -> dict[str, DilemmaCard]:
    from kit.model import own_cards

    cards: dict[str, DilemmaCard] = {}
    for data in M.own_card_data(events):
        try:
            cards[data["id"]] = own_cards.card_from_data(data)
        except (KeyError, TypeError, ValueError):  # written by an older kit
            log.warning("kit: report skips an own card that cannot be read")
    return cards


def _find_card(
    card_id: str, data: ReportInput, own: dict[str, DilemmaCard], events: Sequence[Any]
) -> DilemmaCard:
    """The card from the content, the team's own cards, or a stand-in by id."""
    if card_id in own:
        return own[card_id]
    if data.library is not None:
        for deck in data.library.decks:
            try:
                return deck.card(card_id)
            except KeyError:
                continue
    # Not in this content any more: show what was stored, by option id.
    seen = dict.fromkeys(
        str(e.payload.get("option_id"))
        for e in events
        if e.subject == card_id and e.kind in (M.CHOICE, M.TALLY)
    )
    return DilemmaCard(
        id=card_id,
        title=card_id,
        role="beleid",
        setting="",
        situation="",
        values=(),
        options=tuple(Option(o, o, "") for o in seen if o and o != "None"),
        questions=(),
        facilitator_note="",
        sources=(),
    )


def played_card_ids(events: Sequence[Any]) -> list[str]:
    """Cards put on the table, in the order first played (then any others answered)."""
    ids = [str(e.payload.get("card_id")) for e in events if e.kind == M.PLAY]
    ids += [e.subject for e in events if e.kind in (M.CHOICE, M.TALLY, M.CLOSE)]
    return [i for i in dict.fromkeys(ids) if i and i != "None" and i != M.TABLE]


def _option_name(card: DilemmaCard, option_id: str) -> str:
    for index, option in enumerate(card.options):
        if option.id == option_id:
            return t(
                "report.card.option", letter=M.option_letter(index), label=option.label
            )
    return option_id


def minority_text(result: M.RoundResult) -> str:
    """The position to hear out on purpose, as the room is asked about it."""
    found, card, letters = result.minority, result.card, result.letters

    def names(option_ids: Sequence[str]) -> str:
        return ", ".join(
            t("dilemma.option_name", letter=letters[o], label=card.option(o).label)
            for o in option_ids
        )

    if found.kind == "none":
        return t("dilemma.minority.none")
    if found.kind == "unanimous":
        text = t("dilemma.minority.unanimous", option=names(found.option_ids))
    elif found.kind == "even":
        text = t("dilemma.minority.even", options=names(found.option_ids))
    elif len(found.option_ids) > 1:
        text = t("dilemma.minority.tie", options=names(found.option_ids), n=found.count)
    else:
        text = t("dilemma.minority.one", option=names(found.option_ids), n=found.count)
    if found.unchosen:
        text += " " + t("dilemma.minority.unchosen", options=names(found.unchosen))
    return text


def round_title(result: M.RoundResult) -> str:
    if result.round == 1:
        return t("report.card.round.first")
    if result.variation is not None:
        return t(
            "report.card.round.what_if", n=result.round, title=result.variation.title
        )
    return t("report.card.round", n=result.round)


def round_section(
    result: M.RoundResult, *, include_reasons: bool = True, context: bool = True
) -> Section:
    """One round of a card as the room saw it after the reveal.

    The widget's results pane and the report both show this section. With
    ``context`` it opens with the variation's text (the report); the widget
    shows the card and its variation above the results already.
    """
    from kit.charts.dilemma import distribution_chart

    section = Section(round_title(result))
    if context and result.variation is not None:
        section.add(Paragraph(result.variation.text, "quote"))
    if not result.total:
        section.add(Paragraph(t("report.card.no_choices")))
        return section
    dist = result.distribution
    section.add(
        Paragraph(t("report.card.counted", n=result.total, devices=result.devices)),
        Chart(
            t("report.card.chart"),
            lambda: distribution_chart(dist),
            key=(result.card.id, result.round, dist.to_json()),
        ),
    )
    section.sub(
        t("dilemma.minority.title"),
        Paragraph(minority_text(result)),
        css="kit-minority",
    )
    _reasons(section, result, include_reasons)
    if result.movement is not None:
        _movement(section, result, result.movement)
    return section


def _reasons(section: Section, result: M.RoundResult, include: bool) -> None:
    reasons = section.sub(t("report.card.reasons"), css="kit-reasons")
    if not include:
        reasons.add(Paragraph(t("report.reasons_left_out", n=result.n_reasons), "note"))
        return
    reasons.add(Paragraph(t("report.anonymous"), "note"))
    for option_id, given in result.reasons.items():
        items = tuple(
            one_line(r.text)
            + (
                f" ({t(M.CONFIDENCE_KEYS[r.confidence]).lower()})"
                if r.confidence
                else ""
            )
            for r in given
        )
        reasons.sub(
            _option_name(result.card, option_id),
            Bullets(items, quotes=True)
            if items
            else Paragraph(t("dilemma.reasons.none"), "note"),
        )


def _movement(section: Section, result: M.RoundResult, moved: M.Movement) -> None:
    from kit.charts.dilemma import transition_chart

    part = section.sub(t("dilemma.tipping"), css="kit-dilemma-movement")
    total = moved.moved + moved.stayed
    if too_few(total):  # two people would see each other's move: counts only
        part.add(Paragraph(t("privacy.small_group", n=MIN_GROUP), "note"))
        part.add(_changes_table(moved.changes))
        return
    part.add(
        Paragraph(
            t("report.card.movement")
            + " "
            + t("report.card.moved", moved=moved.moved, total=total)
        )
    )
    if moved.moves:
        part.add(
            Bullets(
                tuple(
                    t("report.card.move", n=n, source=a, target=b)
                    for a, b, n in moved.moves
                )
            )
        )
    if not moved.transitions.empty:
        letters, trans = result.letters, moved.transitions
        part.add(
            Chart(
                t("report.card.transitions"),
                lambda: transition_chart(trans, letters),
                key=(result.card.id, result.round, trans.to_json()),
            )
        )
    part.add(_changes_table(moved.changes))


def _changes_table(changes: Any) -> Table:
    """Choices per option in round 1 and in this round: counts, hands included."""
    return Table(
        t("report.card.changes"),
        (
            t("report.card.col.option"),
            t("report.card.col.before"),
            t("report.card.col.after"),
            t("report.card.col.change"),
        ),
        tuple(
            (f"{a}. {b}", str(c), str(d), f"{e:+d}")
            for a, b, c, d, e in zip(
                changes["letter"],
                changes["label"],
                changes["before"],
                changes["after"],
                changes["change"],
                strict=True,
            )
        ),
        row_headers=True,
    )


def _card_section(
    data: ReportInput, events: Sequence[Any], card: DilemmaCard, *, own: bool = False
) -> tuple[Section, list[str]]:
    section = Section(card.title)
    rounds = M.rounds_played(events, card.id)
    facts = [t("report.card.rounds", n=rounds)]
    if card.situation:
        facts.insert(0, t("report.card.role", role=t(f"role.{card.role}")))
    section.add(Paragraph(" · ".join(facts), "note"))
    if card.situation and (data.include_reasons or not own):
        section.add(Paragraph(card.situation, "quote"))
    elif card.situation:  # the team's own card: a participant's free text
        section.add(Paragraph(t("report.own.situation_left_out"), "note"))
    if card.options:
        section.add(
            Bullets(
                tuple(_option_name(card, o.id) for o in card.options), ordered=False
            )
        )
    for round_no in range(1, rounds + 1):
        result = M.round_result(events, card, round_no)
        section.sections.append(
            round_section(result, include_reasons=data.include_reasons)
        )
    closing = M.closing(events, card.id)
    close = section.sub(t("report.card.closing"))
    summary = [t("report.summary.card", title=card.title)]
    if closing is None:
        close.add(Paragraph(t("report.card.closing.none")))
    else:
        items = tuple(
            (t(key), one_line(text) or "–")
            for key, text in (
                ("report.card.closing.knowledge", closing.knowledge),
                ("report.card.closing.actions", closing.actions),
                ("report.card.closing.power", closing.power),
            )
        )
        close.add(
            Paragraph(t("report.card.closing.frame")),
            Definitions(items),
            Paragraph(t("report.card.closing.not_a_rule"), "note"),
        )
        said = "; ".join(
            # "bestaat.; Acties" and "toeslag.." read as typos: end marks go.
            t(f"report.card.closing.short.{key}", text=one_line(text).rstrip(" .;"))
            for key, text in (
                ("knowledge", closing.knowledge),
                ("actions", closing.actions),
                ("power", closing.power),
            )
            if one_line(text)
        )
        summary = [t("report.summary.card.closed", title=card.title, closing=said)]
    return section, summary


def cards_part(data: ReportInput) -> Part:
    """Every card the room played, in the order it was first put on the table."""
    events = data.of(M.TOOL)
    ids = played_card_ids(events)
    if not ids:
        return Part(None)
    own = _own_cards(events)
    section = Section(t("report.cards"))
    section.add(Paragraph(t("report.cards.intro", n=len(ids))))
    summary: list[str] = []
    for card_id in ids:
        card = _find_card(card_id, data, own, events)
        child, lines = _card_section(data, events, card, own=card_id in own)
        section.sections.append(child)
        summary += lines
    return Part(section, summary)


def own_cards_part(data: ReportInput) -> Part:
    """The cards the team wrote itself (their text is a participant's free text)."""
    cards = M.own_card_data(data.of(M.TOOL))
    if not cards:
        return Part(None)
    section = Section(t("report.own"))
    summary = [t("report.summary.own", n=len(cards))]
    if not data.include_reasons:
        section.add(Paragraph(t("report.own.left_out", n=len(cards)), "note"))
        return Part(section, summary)
    section.add(Paragraph(t("report.own.intro", n=len(cards))))
    for card in cards:
        child = section.sub(one_line(card.get("title")) or str(card.get("id")))
        role = card.get("role")
        if role:
            child.add(Paragraph(t("report.card.role", role=t(f"role.{role}")), "note"))
        if card.get("situation"):
            child.add(Paragraph(str(card["situation"]), "quote"))
        options = [
            t(
                "report.card.option",
                letter=M.option_letter(i),
                label=one_line(o.get("label")),
            )
            for i, o in enumerate(card.get("options") or [])
            if isinstance(o, dict)
        ]
        if options:
            child.add(Bullets(tuple(options)))
        questions = [one_line(q) for q in card.get("questions") or [] if q]
        if questions:
            child.add(Paragraph(t("report.own.questions")), Bullets(tuple(questions)))
    return Part(section, summary)
