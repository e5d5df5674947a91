"""Nederlandse teksten van de sessiepagina: één pagina voor de hele sessie."""

MESSAGES: dict[str, str] = {
    "room.now": "Nu in de zaal: {activity}",
    "room.waiting": "Je bent binnen. De begeleider opent zo de eerste werkvorm; dit scherm volgt vanzelf. Je hoeft niets te doen en niet te verversen.",
    "room.waiting.facilitator": "Open hierboven een werkvorm uit het programma. Alle schermen in de zaal gaan mee.",
    "room.programme": "Het programma",
    "room.programme.help": "Kies wat de zaal nu ziet. Deelnemers blijven op hun pagina; hun scherm gaat vanzelf mee.",
    "room.open.tooltip": "Open deze werkvorm op alle schermen",
    "room.code": "Sessiecode {code}",
    "room.beamer.open": "Open het zaalscherm (beamer) in een nieuw venster",
    "room.beamer.refused": "Het zaalscherm hoort bij de begeleider. Open het met de knop 'Open het zaalscherm' op de sessiepagina van de begeleider, in dezelfde browser.",
    "room.beheer": "Beheer: exporteren, toevoegen, verwijderen",
    "room.welcome": "Welkom. Je doet mee aan: {title}. Je blijft op deze pagina: als de begeleider een werkvorm opent, gaat je scherm vanzelf mee.",
    "room.activity.welkom": "Welkom en opgave",
    "room.activity.kaart": "Kritische situaties",
    "room.activity.wie-raakt-het": "Wie raakt het?",
    "room.activity.afwegen": "Afwegen",
    "room.activity.zelfscan": "Tegenspraak: zelfscan",
    "room.activity.palet": "Tegenspraak: het palet",
    "room.activity.terugblik": "Terugblik",
}
