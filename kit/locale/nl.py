"""Nederlandse teksten (standaardtaal van de kit)."""

MESSAGES: dict[str, str] = {
    # --- problems in content files -------------------------------------------------
    "problem.where": "{file}, regel {line}",
    "problem.field": ", veld {field}",
    "problem.fix": "Oplossing",
    "problem.severity.error": "fout",
    "problem.severity.warning": "waarschuwing",
    "content.not_utf8": "het bestand is geen UTF-8-tekst.",
    "content.not_utf8.fix": "sla het bestand op als UTF-8 (in de meeste editors: 'Opslaan als' → codering UTF-8).",
    "content.not_yaml": "dit is geen geldige YAML ({reason}).",
    "content.not_yaml.fix": "controleer inspringing en dubbele punten rond deze regel; zet tekst met een dubbele punt of # tussen aanhalingstekens.",
    "content.duplicate_key": "het veld '{key}' staat twee keer in hetzelfde blok.",
    "content.duplicate_key.fix": "laat één van de twee staan; de tweede overschrijft anders stilletjes de eerste.",
    "content.not_mapping": "het bestand bevat geen velden (sleutel: waarde).",
    "content.kind.missing": "het veld 'kind' ontbreekt, dus de kit weet niet wat voor bestand dit is.",
    "content.kind.unknown": "'{kind}' is geen bekende soort bestand.",
    "content.kind.fix": "begin het bestand met 'schema_version: 1' en 'kind: deck' (of value_catalogue, belief_catalogue, stakeholder_template, action_palette).",
    "content.no_such_path": "deze map of dit bestand bestaat niet.",
    "content.no_such_path.fix": "controleer het pad; bijvoorbeeld: kit validate data/",
    "content.no_files": "hier staan geen .yaml-bestanden.",
    "content.no_files.fix": "geef de map met kaartspellen en catalogi op, bijvoorbeeld data/.",
    "content.no_values": "er is geen waardencatalogus gevonden.",
    "content.no_values.fix": "voeg een bestand met 'kind: value_catalogue' toe (zie data/values.yaml).",
    "content.two_catalogues": "er is al een ander bestand van soort {kind} in deze map.",
    "content.two_catalogues.fix": "houd één catalogus per map aan en voeg de waarden samen.",
    # --- schema rules -------------------------------------------------------------
    "schema.required": "het verplichte veld '{name}' ontbreekt.",
    "schema.required.fix": "voeg '{name}:' toe met een waarde (zie data/FORMAT.md voor een voorbeeld).",
    "schema.unknown_field": "het veld '{name}' is onbekend.",
    "schema.unknown_field.fix": "verwijder het of gebruik een van: {allowed}.",
    "schema.unknown_field.fix_close": "bedoelde je '{close}'? Pas de spelling aan.",
    "schema.too_few": "er staan er {count}, er moeten er minstens {limit} zijn.",
    "schema.too_many": "er staan er {count}, er mogen er hoogstens {limit} zijn.",
    "schema.fix_count": "pas het aantal aan.",
    "schema.type": "hier hoort {expected}, maar er staat {actual}.",
    "schema.type.fix": "schrijf hier {expected}.",
    "schema.type.string": "een tekst",
    "schema.type.integer": "een geheel getal",
    "schema.type.number": "een getal",
    "schema.type.boolean": "ja/nee (true/false)",
    "schema.type.array": "een lijst (regels die met '- ' beginnen)",
    "schema.type.object": "een blok met velden",
    "schema.type.null": "niets",
    "schema.enum": "'{value}' is hier geen geldige keuze.",
    "schema.enum.fix": "kies uit: {choices}.",
    "schema.enum.fix_close": "bedoelde je '{close}'?",
    "schema.pattern": "'{value}' is geen geldige code.",
    "schema.pattern.fix": "gebruik alleen kleine letters, cijfers en _, beginnend met een letter, bijvoorbeeld '{suggestion}'.",
    "schema.too_short": "de tekst is te kort ({count} tekens, minimaal {limit}).",
    "schema.too_long": "de tekst is te lang ({count} tekens, maximaal {limit}).",
    "schema.fix_text": "pas de tekst aan.",
    "schema.unique": "een item staat dubbel in deze lijst.",
    "schema.unique.fix": "haal de dubbele regel weg.",
    "schema.too_small": "{value} is te klein (minimaal {limit}).",
    "schema.too_large": "{value} is te groot (maximaal {limit}).",
    "schema.fix_generic": "vergelijk met het voorbeeld in data/FORMAT.md.",
    # --- references ---------------------------------------------------------------
    "ref.fix_close": "bedoelde je '{close}'?",
    "ref.fix": "kies een code uit {what}: {choices}.",
    "ref.value.unknown": "de waarde '{id}' staat niet in de waardencatalogus.",
    "ref.value.where": "de waardencatalogus (values.yaml)",
    "ref.belief.unknown": "de overtuiging '{id}' staat niet in beliefs.yaml.",
    "ref.belief.where": "beliefs.yaml",
    "ref.theme.unknown": "het thema '{id}' staat niet in de lijst 'themes' bovenaan het kaartspel.",
    "ref.theme.where": "de themalijst van het kaartspel",
    "ref.group.unknown": "de groep '{id}' staat niet in de lijst 'groups'.",
    "ref.group.where": "de lijst 'groups'",
    "ref.duplicate_card": "de kaartcode '{id}' komt al eerder in dit kaartspel voor.",
    "ref.duplicate_option": "de optiecode '{id}' komt al eerder op deze kaart voor.",
    "ref.duplicate_id": "de code '{id}' komt al eerder in dit bestand voor.",
    "ref.duplicate_file_id": "de code '{id}' wordt ook al gebruikt door {other}.",
    "ref.duplicate.fix": "geef elk item een eigen code.",
    "ref.situation_length": "de situatie telt {words} woorden; een goede kaart heeft er {low} tot {high}.",
    "ref.situation_length.fix": "maak het beslissende moment concreet, maar houd het op één scherm leesbaar.",
    # --- counts ---------------------------------------------------------------------
    "count.actions": "{n} stappen in het handelingspalet",
    "count.beliefs": "{n} overtuigingen",
    "count.cards": "{n} kaarten",
    "count.decks": "{n} {n|kaartspel|kaartspellen}",
    "count.templates": "{n} stakeholdersjablonen",
    "count.values": "{n} waarden",
    # --- small groups (kit.model.privacy) --------------------------------------------
    "privacy.small_group": "Met minder dan {n} deelnemers tonen we alleen aantallen, zodat niemand te herleiden is.",
    # --- cli ------------------------------------------------------------------------
    "cli.validate.ok": "ok: {path} ({summary})",
    "cli.validate.failed": "{n} {n|fout|fouten} in {path}. Los ze op en draai 'kit validate' opnieuw.",
    "cli.validate.warnings": "{n} {n|waarschuwing|waarschuwingen}.",
}

MESSAGES.update(
    {
        # --- roles ----------------------------------------------------------------------
        "role.beleid": "Beleid",
        "role.uitvoering": "Uitvoering",
        "role.toezicht": "Toezicht",
        "role.leiding": "Leiding",
        "role.ict": "ICT en systemen",
        "role.burger": "Burger",
        # --- errors shown in the UI -----------------------------------------------------
        "error.session_not_found": "Er is geen sessie met deze code. Controleer de code op het scherm van de begeleider en probeer het opnieuw.",
        "error.not_allowed": "Dit mag alleen de begeleider van deze sessie. Vraag de begeleider om deze stap te zetten.",
        "error.invalid_input": "Deze invoer kan de kit niet gebruiken. Controleer wat je typte en probeer het opnieuw.",
        "error.content": "Een inhoudsbestand klopt niet. Vraag de trainer om 'kit validate' te draaien.\n{details}",
        "error.unexpected": "Er ging iets mis. Wat eerder als bewaard werd bevestigd, blijft bewaard; wat je net deed, is misschien niet bewaard. Probeer het nog eens; lukt het niet, herlaad dan de pagina.",
        "error.not_saved": "Dit is niet bewaard: de opslag gaf een fout. Wat eerder als bewaard werd bevestigd, blijft bewaard. Probeer het nog eens; lukt het niet, meld het dan aan de begeleider.",
        "error.too_many_attempts": "Er zijn net te veel verkeerde codes of herstelwoorden geprobeerd. Wacht een minuut en probeer het dan opnieuw; klopt het echt, vraag de begeleider dan om hulp.",
        "error.store_closed": "De verbinding met de database is al gesloten. Laad de pagina opnieuw om verder te gaan.",
        "error.store_setup": "De database van de kit is niet klaar voor gebruik: {reason} Vraag het platformteam om 'kit store-setup' te draaien (zie facilitator-guide/techniek/organisatie.md).",
        "error.owner_only": "Dit kan alleen het platformteam, met de eigenaarsrol van de database (zie facilitator-guide/techniek/organisatie.md).",
        "store.not_ready.no_schema": "deze database heeft nog geen tabellen van de kit, en deze rol mag ze niet maken.",
        "store.not_ready.no_grant": "deze rol mag de functies van de kit niet aanroepen.",
        "store.not_ready.version": "de functies in de database hebben versie {found}, deze kit verwacht versie {wanted}.",
        "input.pseudonym": "Kies een schuilnaam van 1 tot 40 tekens (je echte naam is niet nodig).",
        "input.title": "Geef de sessie een titel van 1 tot 120 tekens.",
        "input.payload": "Dit antwoord is te lang. Maak je toelichting korter.",
        "input.export_format": "Dit bestand is geen export van Wakkere afweging.",
        # --- deck browser ---------------------------------------------------------------
        "browser.title": "Kaartspel: {deck}",
        "browser.all": "Alle",
        "browser.role": "Rol",
        "browser.value": "Publieke waarde",
        "browser.belief": "Overtuiging",
        "browser.theme": "Thema",
        "browser.domain": "Beleidsterrein",
        "browser.search": "Zoeken",
        "browser.search.placeholder": "bijv. ouders, Woo, deadline",
        "browser.cards": "Kaarten",
        "browser.draw": "Trek een kaart",
        "browser.none": "Geen kaarten bij deze filters. Zet een filter op 'Alle' of zoek op een ander woord.",
        "browser.count": "{n} van de {total} kaarten passen bij je keuze.",
        # --- card -----------------------------------------------------------------------
        "card.options": "Handelingsopties",
        "card.values": "Publieke waarden die botsen",
        "card.beliefs": "Raakt aan de overtuiging",
        "card.facilitator": "Voor de begeleider (niet voorlezen)",
        "card.facts": "Achtergrond: feiten, precedent, wat verzonnen is",
        "card.sources": "Bronnen",
        "domain.inkomen": "Inkomen, toeslagen en schulden",
        "domain.werk_onderwijs": "Werk en onderwijs",
        "domain.zorg": "Zorg, jeugd en sociaal domein",
        "domain.migratie": "Asiel, migratie en inburgering",
        "domain.veiligheid": "Justitie, veiligheid en crisis",
        "domain.fysiek": "Omgeving, water, natuur en energie",
        "domain.bestuur": "Bestuur, informatie en dienstverlening",
        # --- charts ---------------------------------------------------------------------
        "chart.cards": "Aantal kaarten",
        "chart.role": "Rol",
        "chart.as_table": "Toon als tabel",
        "chart.empty": "geen gegevens",
        "chart.roles.description": "Staafdiagram van het aantal kaarten per rol: {parts}.",
    }
)

MESSAGES.update(
    {
        "cli.description": "Wakkere afweging: werkvormen voor ambtelijk vakmanschap.",
        "cli.validate.help": "controleer kaartspellen, catalogi en sjablonen",
        "cli.validate.paths": "mappen of bestanden, bijvoorbeeld data/",
        "cli.validate.strict": "behandel waarschuwingen ook als fout",
        "cli.serve.help": "start de werkvormen in Voila voor een zaal",
        "cli.serve.workshops": "map met werkvorm-notebooks (standaard: workshops/)",
        "cli.serve.port": "poort (standaard 8866)",
        "cli.serve.room": "bereikbaar voor andere apparaten in het netwerk (voor een zaal)",
        "cli.serve.store": "database-URL; standaard een SQLite-bestand op deze computer",
        "cli.serve.preheat": "aantal kernels dat vooraf klaarstaat per werkvorm (standaard 2)",
        "cli.serve.cull": "sluit kernels waar geen pagina meer mee verbonden is na zoveel seconden stilte (standaard 90 met --room, anders 600)",
        "cli.serve.max_kernels": "hoeveel pagina's er tegelijk open mogen zijn; daarboven krijgt een nieuwe pagina de melding dat de zaal vol is (standaard: wat het geheugen van deze computer toelaat)",
        "cli.serve.public_url": "het adres waarop de zaal de kit opent via een HTTPS-proxy, bijvoorbeeld https://zaal.example.nl:8443; de kit luistert dan alleen op deze computer",
        "cli.serve.log_help": "bestand voor het volledige logboek van de server (standaard ~/.local/state/wakkere-afweging/kit-serve.log)",
        "cli.serve.log": "Logboek van de server: {path}",
        "cli.serve.port_in_use": "Poort {port} is al in gebruik, misschien door een kit die nog draait. Stop die (Ctrl+C in het andere venster) of kies een andere poort, bijvoorbeeld: kit serve --port 8900",
        "cli.serve.failed": "De server is onverwacht gestopt (code {code}). Wat er gebeurde, staat in het logboek: {log}",
        "cli.serve.capacity": "Ruimte voor {n} pagina's tegelijk (elk ongeveer {mb} MB geheugen).",
        "cli.serve.no_workshops": "De map {path} bestaat niet. Geef de map met werkvormen op, bijvoorbeeld: kit serve workshops/",
        "cli.serve.starting": "Wakkere afweging draait op {url}\nGegevens worden bewaard in {store}",
        "cli.serve.stop": "Stoppen: druk op Ctrl+C.",
        "room.refused.title": "Open de link van de begeleider",
        "room.refused": "Deze werkvorm gaat alleen open via de link of de QR-code die de begeleider in de zaal laat zien. Scan de QR-code of open de link opnieuw.",
        "room.full.title": "De zaal is vol",
        "room.full": "Er zijn zoveel pagina's open dat deze computer er nu geen bij kan nemen. Sluit tabbladen met werkvormen die je niet meer gebruikt en probeer het over een minuut opnieuw, of vraag de begeleider om hulp.",
    }
)

MESSAGES.update(
    {
        "session.one_screen_title": "Sessie op één scherm",
        "page.choose": "kies…",
        "phase.think": "Eerst alleen nadenken",
        "phase.reveal": "Antwoorden tonen",
        "phase.discuss": "Bespreken",
        "phase.close": "Afronden",
    }
)

MESSAGES.update(
    {
        "pseudonym.adjectives": "Blauwe,Groene,Rode,Gele,Paarse,Oranje,Snelle,Stille,Wijze,Dappere,Vrolijke,Rustige,Nieuwsgierige,Scherpe,Geduldige",
        "pseudonym.animals": "reiger,das,uil,vos,otter,egel,kievit,bever,ree,mus,lepelaar,zeehond,haas,ekster,fuut",
        "gate.loading": "Even geduld: de werkvorm wordt klaargezet…",
        "gate.title": "Doe mee",
        "gate.join.heading": "Deelnemen met een sessiecode",
        "gate.join.help": "Typ de code die de begeleider laat zien en kies een schuilnaam. Je echte naam is niet nodig.",
        "gate.join.code": "Sessiecode",
        "gate.join.code.placeholder": "bijv. K7QM-3TXA",
        "gate.join.pseudonym": "Schuilnaam",
        "gate.join.button": "Doe mee",
        "gate.start.heading": "Een sessie begeleiden",
        "gate.start.help": "Start een sessie voor de zaal. Je krijgt een code, een link en een QR-code om te laten zien.",
        "gate.start.title": "Titel",
        "gate.start.title.default": "Werksessie ambtelijk vakmanschap",
        "gate.start.button": "Start een sessie voor de zaal",
        "gate.one_screen.heading": "Op één scherm werken",
        "gate.one_screen.help": "Geen apparaten in de zaal? Werk op het scherm van de begeleider en tik in wat de zaal zegt.",
        "gate.one_screen.button": "Werk op één scherm",
        "gate.joined": "Je doet mee als {pseudonym}.",
        "gate.started": "De sessie is gestart. Laat de code of de QR-code aan de zaal zien.",
        "gate.bar.participant": "Sessie {code} · je doet mee als {pseudonym}",
        "gate.bar.facilitator": "Sessie {code} · je bent de begeleider",
        "gate.bar.one_screen": "Sessie {code} · op één scherm",
        "gate.bar.switch": "Andere sessie",
        "gate.one_screen_auto": "Je werkt op één scherm. Werken jullie met de hele zaal op eigen apparaten? Start dan een sessie op de pagina Start.",
        "start.code": "Sessiecode",
        "start.link": "Of open deze link",
        "start.qr": "QR-code die naar {url} leidt",
        "start.participants": "{n} {n|deelnemer doet|deelnemers doen} mee",
        "start.participants.none": "Nog niemand doet mee.",
        "start.opgave": "Opgave van het team",
        "start.opgave.placeholder": "Waar werkt dit team aan? Welk besluit of welke vraag ligt er?",
        "start.opgave.save": "Bewaar de opgave",
        "start.opgave.saved": "De opgave is bewaard.",
        "start.opgave.heading": "Onze opgave",
        "start.opgave.none": "De begeleider heeft de opgave nog niet ingevuld.",
        "start.welcome": "Welkom. Je doet mee aan: {title}. Volg de begeleider naar de volgende werkvorm.",
        "start.data.heading": "Gegevens van deze sessie",
        "start.export": "Download de sessie (JSON)",
        "start.import": "Voeg exportbestanden toe",
        "start.imported": "{n} {n|antwoord|antwoorden} toegevoegd uit {files} {files|bestand|bestanden}.",
        "start.delete.confirm": "Ik wil deze sessie en alle antwoorden echt verwijderen",
        "start.delete": "Verwijder de sessie",
        "start.deleted": "De sessie en alle antwoorden zijn verwijderd.",
        "store.wal_kept": "Let op: het werkbestand van de database (eindigt op -wal) kon nog niet worden leeggemaakt, omdat een ander venster er op dat moment uit las. Daarin kunnen oude antwoorden nog staan voor wie bij het bestand kan. Sluit de andere vensters van deze server en laat de beheerder 'kit purge' draaien; dan is ook dat bestand schoon.",
        "start.delete.unconfirmed": "Vink eerst aan dat je de sessie echt wilt verwijderen.",
        "start.import.unreadable": "{file} is geen leesbaar exportbestand van Wakkere afweging.",
        "start.programme": "Het programma",
    }
)

MESSAGES.update(
    {
        "start.export.prepare": "Maak een exportbestand",
        "input.opgave": "Schrijf eerst in een paar woorden wat de opgave van het team is.",
    }
)

MESSAGES["gate.switch.confirm"] = (
    "Let op: als je deze sessie verlaat, kan deze browser haar niet meer als begeleider besturen. Exporteer eerst de sessie als je haar wilt bewaren. Klik nog een keer op 'Andere sessie' om te bevestigen."
)

MESSAGES["gate.switch.confirm.participant"] = (
    "Let op: als je deze sessie verlaat, vergeet deze browser je plek en je schuilnaam. Terugkomen kan daarna alleen met je schuilnaam en je herstelwoord. Klik nog een keer op 'Andere sessie' om te bevestigen."
)

MESSAGES["gate.joined.real_name"] = (
    "Lijkt dit op je echte naam? Dat hoeft niet: een schuilnaam als 'Rode fuut' is genoeg. Kies 'Andere sessie' om opnieuw mee te doen met een andere schuilnaam."
)

MESSAGES.update(
    {
        "gate.join.word": "Herstelwoord",
        "gate.join.word.placeholder": "bijv. kaas fiets maan",
        "gate.word.intro": "Je herstelwoord:",
        "gate.word.help": "Schrijf deze drie woorden op of maak er een foto van. Wil je later op een ander apparaat verder, doe dan mee met dezelfde code en schuilnaam en typ dit herstelwoord. Alleen jij ziet het, de begeleider niet.",
        "gate.recovered": "Welkom terug, {pseudonym}. Je plek en je antwoorden staan er nog.",
        "error.pseudonym_taken": "Deze schuilnaam is in deze sessie al in gebruik. Was jij dat, op een ander apparaat? Typ dan je herstelwoord (drie woorden) en klik nog eens op 'Doe mee'. Anders: kies een andere schuilnaam.",
        "error.wrong_word": "Dit herstelwoord hoort niet bij deze schuilnaam. Kijk na wat je bij het meedoen hebt opgeschreven, of kies een andere schuilnaam.",
    }
)
