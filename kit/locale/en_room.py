"""English texts of the session page: one page for the whole session."""

MESSAGES: dict[str, str] = {
    "room.now": "Now in the room: {activity}",
    "room.waiting": "You are in. The facilitator will open the first activity shortly; this screen follows by itself. You need not do anything or refresh.",
    "room.waiting.facilitator": "Open an activity from the programme above. Every screen in the room follows.",
    "room.programme": "The programme",
    "room.programme.help": "Choose what the room sees now. Participants stay on their page; their screen follows by itself.",
    "room.open.tooltip": "Open this activity on every screen",
    "room.code": "Session code {code}",
    "room.beamer.open": "Open the room view (beamer) in a new window",
    "room.beamer.refused": "The room view belongs to the facilitator. Open it with the button 'Open the room view' on the facilitator's session page, in the same browser.",
    "room.beheer": "Manage: export, add, delete",
    "room.welcome": "Welcome. You are taking part in: {title}. You stay on this page: when the facilitator opens an activity, your screen follows by itself.",
    "room.activity.welkom": "Welcome and mission",
    "room.activity.kaart": "Critical situations",
    "room.activity.wie-raakt-het": "Who is affected?",
    "room.activity.afwegen": "Weighing",
    "room.activity.zelfscan": "Speaking up: self-scan",
    "room.activity.palet": "Speaking up: the palette",
    "room.activity.terugblik": "Look back",
}
