"""English texts of ``kit kaartstatistiek`` (option split per card across sessions)."""

MESSAGES = {
    "cli.stats.help": "show per card how the choices split over all sessions (for whoever maintains a deck)",
    "cli.stats.deck": "the deck: the id of a built-in deck (default starter) or a path to your own file or folder",
    "cli.stats.store": "database URL; by default the SQLite file on this computer",
    "cli.stats.threshold": "flag a card when one option draws more than this percentage of the votes (default 60)",
    "cli.stats.min_votes": "below this number of votes the line says 'few votes' (default 10)",
    "cli.stats.no_store": "There is no database in {store}. Give the sessions' database with --store.",
    "cli.stats.bad_threshold": "The threshold must lie between 50 and 99 percent, not {value}. For example: --drempel 60.",
    "stats.heading": "Card statistics for '{deck}': {sessions} {sessions|session|sessions}, {played} {played|card|cards} played.",
    "stats.privacy": "Only totals per option in the first round (devices and raised hands together); no names and no reasons.",
    "stats.card": "  {title} ({id}): {votes} votes in {sessions} {sessions|session|sessions}: {options}",
    "stats.card.lopsided": "! {title} ({id}): {votes} votes in {sessions} {sessions|session|sessions}: {options}  (possibly lopsided)",
    "stats.few_votes": "[few votes]",
    "stats.summary": "{n} {n|card|cards} possibly lopsided: one option drew more than {percent}% of the votes. See whether a variation can strengthen the other side.",
    "stats.unplayed": "{n} {n|card|cards} not played yet in this database.",
}
