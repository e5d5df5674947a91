"""Nederlandse teksten bij invoer die de kit weigert of begrenst (bestanden, tempo)."""

MESSAGES: dict[str, str] = {
    # --- content files that are too big, too deep or use YAML's risky parts --------
    "yaml.too_big": "het bestand is {kb} kB; de kit leest inhoudsbestanden tot {max} kB",
    "yaml.too_big.fix": "splits het kaartspel in twee bestanden of haal overbodige tekst weg.",
    "yaml.too_many": "het bestand bevat meer dan {n} waarden",
    "yaml.too_deep": "lijsten en blokken zijn hier meer dan {n} niveaus diep genest",
    "yaml.too_deep.fix": "haal overbodige inspringing of haakjes weg; de kit heeft nooit zo'n diepe structuur nodig.",
    "yaml.alias": "ankers en verwijzingen (&naam en *naam) zijn in inhoudsbestanden niet toegestaan",
    "yaml.alias.fix": "schrijf de tekst voluit op elke plek waar hij nodig is, zonder & of *.",
    "yaml.tag": "de markering '{tag}' is in inhoudsbestanden niet toegestaan",
    "yaml.tag.fix": "haal de markering (het deel dat met ! begint) weg en schrijf alleen de waarde.",
    "content.unreadable": "de kit kon dit bestand niet lezen ({reason}).",
    "content.unreadable.fix": "controleer of het bestand bestaat en leesbaar is, en of het een gewoon YAML-bestand is.",
    "cli.debug": "Toon bij een onverwachte fout de technische details.",
    "cli.unexpected": "kit {command}: er ging iets onverwachts mis ({error}). Er is niets gewijzigd aan je bestanden. Draai het commando opnieuw met --debug voor details en meld die uitvoer bij de beheerder van de kit.",
    # --- importing session files --------------------------------------------------
    "input.opgave_too_long": "Houd de opgave korter dan 1000 tekens: een paar zinnen is genoeg.",
    "import.this_file": "Dit bestand",
    "import.reason.type": "hier staat een ander soort waarde dan de kit verwacht",
    "import.reason.required": "een verplicht veld ontbreekt",
    "import.reason.additionalProperties": "hier staat een veld dat in een export niet voorkomt",
    "import.reason.maxItems": "deze lijst is langer dan een export ooit is",
    "import.reason.maxLength": "deze tekst is langer dan een export ooit bevat",
    "import.reason.other": "deze waarde komt in een export niet voor",
    "import.too_big": "{file} is {kb} kB; een exportbestand mag hoogstens {max} kB zijn. Importeer de bestanden één voor één, of vraag om een kleinere export.",
    "import.not_json": "{file} is geen leesbaar exportbestand van Wakkere afweging (geen JSON).",
    "import.invalid": "{file} is geen geldig exportbestand van Wakkere afweging: {where}{reason}. Er is niets uit dit bestand toegevoegd.",
    "import.done": "{n} {n|antwoord|antwoorden} en {p} {p|deelnemer|deelnemers} toegevoegd uit {files} {files|bestand|bestanden}.",
    "import.skipped_facilitator": "{n} {n|stap|stappen} van een begeleider (zoals fasen en getrokken kaarten) zijn overgeslagen: die neemt de kit alleen over uit een export van deze sessie zelf.",
    "import.skipped_invalid": "{n} {n|antwoord voldeed|antwoorden voldeden} niet aan de regels voor invoer (te lang of leeg) en {n|is|zijn} overgeslagen.",
    # --- one participant answering too fast ---------------------------------------
    "rate.too_fast": "Dit antwoord is niet bewaard: je gaf heel snel achter elkaar antwoorden. Wacht {seconds} {seconds|seconde|seconden} en probeer het opnieuw; je eerdere antwoorden zijn bewaard.",
    # --- the facilitator's seat on a shared computer ------------------------------
    "gate.resume.heading": "Verder als begeleider?",
    "gate.resume.help": "Deze browser was begeleider van de sessie '{title}' (code {code}). Ben jij dat? Op een gedeelde computer kies je 'Nee'; de browser vergeet de sessie dan.",
    "gate.resume.yes": "Ja, ga verder als begeleider",
    "gate.resume.no": "Nee, vergeet deze sessie",
}
