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

CONFIDENCE_KEYS = {1: "dilemma.sure.1", 2: "dilemma.sure.2", 3: "dilemma.sure.3"}


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


def _round_variations(events: Sequence[Any], card_id: str) -> dict[int, str | None]:
    """Which "wat als…" variation each round of a card played."""
    found: dict[int, str | None] = {1: None}
    for event in events:
        if event.subject == card_id and event.kind == M.PHASE:
            payload = event.payload
            if "round" in payload:
                try:
                    found[int(payload["round"])] = payload.get("variation_id") or None
                except (TypeError, ValueError):
                    continue
    return found


def _option_name(card: DilemmaCard, option_id: str) -> str:
    for index, option in enumerate(card.options):
        if option.id == option_id:
            return t(
                "report.card.option", letter=M.option_letter(index), label=option.label
            )
    return option_id


def _minority_text(card: DilemmaCard, dist: Any) -> str:
    found = M.find_minority(dist)

    def names(option_ids: Sequence[str]) -> str:
        return t("report.and").join(_option_name(card, o) for o in option_ids)

    if found.kind == "none":
        return t("report.card.minority.none")
    if found.kind == "unanimous":
        text = t("report.card.minority.unanimous", option=names(found.option_ids))
    elif found.kind == "even":
        text = t("report.card.minority.even", options=names(found.option_ids))
    else:
        text = t(
            "report.card.minority.some", options=names(found.option_ids), n=found.count
        )
    if found.unchosen:
        text += " " + t("report.card.minority.unchosen", options=names(found.unchosen))
    return text


def _round_section(
    data: ReportInput,
    events: Sequence[Any],
    card: DilemmaCard,
    round_no: int,
    variation_id: str | None,
) -> Section:
    from kit.charts.dilemma import distribution_chart, transition_chart

    option_ids = [o.id for o in card.options]
    variation = next((v for v in card.variations if v.id == variation_id), None)
    if round_no == 1:
        title = t("report.card.round.first")
    elif variation is not None:
        title = t("report.card.round.what_if", n=round_no, title=variation.title)
    else:
        title = t("report.card.round", n=round_no)
    section = Section(title)
    if variation is not None:
        section.add(Paragraph(variation.text, "quote"))
    choices = M.current_choices(events, card.id, round_no, option_ids)
    tallies = M.current_tallies(events, card.id, round_no, option_ids)
    dist = M.distribution(card, choices, tallies)
    total = int(dist["count"].sum()) if len(dist) else 0
    if not total:
        section.add(Paragraph(t("report.card.no_choices")))
        return section
    section.add(
        Paragraph(t("report.card.counted", n=total, devices=len(choices))),
        Chart(t("report.card.chart"), lambda: distribution_chart(dist)),
        Paragraph(_minority_text(card, dist), "note"),
    )
    grouped = M.reasons_by_option(option_ids, choices)
    n_reasons = sum(len(r) for r in grouped.values())
    reasons = section.sub(t("report.card.reasons"))
    if not data.include_reasons:
        reasons.add(Paragraph(t("report.reasons_left_out", n=n_reasons), "note"))
    elif not n_reasons:
        reasons.add(Paragraph(t("report.card.reasons.none")))
    else:
        reasons.add(Paragraph(t("report.anonymous"), "note"))
        for option_id in option_ids:
            items = tuple(
                one_line(r.text)
                + (
                    f" ({t(CONFIDENCE_KEYS[r.confidence]).lower()})"
                    if r.confidence
                    else ""
                )
                for r in grouped[option_id]
            )
            if items:
                reasons.sub(_option_name(card, option_id), Bullets(items, quotes=True))
    if round_no > 1:
        before = M.current_choices(events, card.id, 1, option_ids)
        trans = M.transitions(before, choices, option_ids)
        moved, stayed = M.movement(trans)
        letters = {o.id: M.option_letter(i) for i, o in enumerate(card.options)}
        movement = section.sub(t("report.card.movement"))
        movement.add(
            Paragraph(t("report.card.moved", moved=moved, total=moved + stayed))
        )
        moves = tuple(
            t("report.card.move", n=n, source=letters[a], target=letters[b])
            for a, b, n, is_move in trans.itertuples(index=False)
            if is_move
        )
        if moves:
            movement.add(Bullets(moves))
        if not trans.empty:
            movement.add(
                Chart(
                    t("report.card.transitions"),
                    lambda: transition_chart(trans, letters),
                )
            )
        changes = M.count_changes(
            M.distribution(
                card, before, M.current_tallies(events, card.id, 1, option_ids)
            ),
            dist,
        )
        movement.add(
            Table(
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
        )
    return section


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
    variations = _round_variations(events, card.id)
    for round_no in range(1, rounds + 1):
        section.sections.append(
            _round_section(data, events, card, round_no, variations.get(round_no))
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
            t(f"report.card.closing.short.{key}", text=one_line(text))
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
