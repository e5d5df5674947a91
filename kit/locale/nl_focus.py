"""Nederlandse teksten bij de kaart van het team (Afwegen, Wie raakt het?)."""

MESSAGES: dict[str, str] = {
    "focus.played": "Jullie werken verder met de kaart die het laatst gespeeld is: '{title}'.",
    "focus.none.facilitator": "In deze sessie is nog geen kaart gespeeld. Jullie beginnen met de kaart '{title}'; kies hieronder een andere kaart als die beter past.",
    "focus.none.participant": "In deze sessie is nog geen kaart gespeeld. Jullie beginnen met de kaart '{title}'; de begeleider kan een andere kaart kiezen.",
    "focus.unknown.facilitator": "De kaart die het laatst gespeeld is, staat niet in dit kaartspel. Jullie beginnen met de kaart '{title}'; kies hieronder een andere kaart als die beter past.",
    "focus.unknown.participant": "De kaart die het laatst gespeeld is, staat niet in dit kaartspel. Jullie beginnen met de kaart '{title}'; de begeleider kan een andere kaart kiezen.",
    "focus.pick": "Andere kaart",
    "focus.apply": "Werk met deze kaart",
    "focus.apply.tooltip": "Iedereen in de sessie werkt dan met deze kaart verder",
    "focus.pick_first": "Kies eerst een kaart in de lijst 'Andere kaart'.",
    "focus.chosen": "Iedereen werkt nu met de kaart '{title}'.",
    "focus.situation": "Lees de situatie van de kaart",
}
