"""English texts for the team's card (weighing matrix, proximity map)."""

MESSAGES: dict[str, str] = {
    "focus.played": "You continue with the card played last: '{title}'.",
    "focus.none.facilitator": "No card has been played in this session yet. You start with the card '{title}'; choose another card below if it fits better.",
    "focus.none.participant": "No card has been played in this session yet. You start with the card '{title}'; the facilitator can choose another card.",
    "focus.unknown.facilitator": "The card played last is not in this deck. You start with the card '{title}'; choose another card below if it fits better.",
    "focus.unknown.participant": "The card played last is not in this deck. You start with the card '{title}'; the facilitator can choose another card.",
    "focus.pick": "Other card",
    "focus.apply": "Work with this card",
    "focus.apply.tooltip": "Everyone in the session then continues with this card",
    "focus.pick_first": "First choose a card in the list 'Other card'.",
    "focus.chosen": "Everyone now works with the card '{title}'.",
    "focus.situation": "Read the card's situation",
}
