"""Dutch texts of ``kit kaartstatistiek`` (option split per card across sessions)."""

MESSAGES = {
    "cli.stats.help": "toon per kaart hoe de keuzes over alle sessies verdeeld zijn (voor wie een kaartspel onderhoudt)",
    "cli.stats.deck": "het kaartspel: de code van een ingebouwd kaartspel (standaard starter) of een pad naar je eigen bestand of map",
    "cli.stats.store": "database-URL; standaard het SQLite-bestand op deze computer",
    "cli.stats.threshold": "markeer een kaart als één optie meer dan dit percentage van de stemmen krijgt (standaard 60)",
    "cli.stats.min_votes": "onder dit aantal stemmen staat er 'weinig stemmen' bij (standaard 10)",
    "cli.stats.no_store": "Er is geen database in {store}. Geef de database van de sessies met --store.",
    "cli.stats.bad_threshold": "De drempel moet tussen 50 en 99 procent liggen, niet {value}. Bijvoorbeeld: --drempel 60.",
    "stats.heading": "Kaartstatistiek voor '{deck}': {sessions} {sessions|sessie|sessies}, {played} {played|kaart|kaarten} gespeeld.",
    "stats.privacy": "Alleen totalen per optie in de eerste ronde (apparaten en opgestoken handen samen); geen namen en geen redenen.",
    "stats.card": "  {title} ({id}): {votes} stemmen in {sessions} {sessions|sessie|sessies}: {options}",
    "stats.card.lopsided": "! {title} ({id}): {votes} stemmen in {sessions} {sessions|sessie|sessies}: {options}  (mogelijk scheef)",
    "stats.few_votes": "[weinig stemmen]",
    "stats.summary": "{n} {n|kaart|kaarten} mogelijk scheef: één optie kreeg meer dan {percent}% van de stemmen. Kijk of een variant de andere kant sterker kan maken.",
    "stats.unplayed": "{n} {n|kaart|kaarten} nog niet gespeeld in deze database.",
}
