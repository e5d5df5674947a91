"""Nederlandse teksten van de reeks: team, check vooraf, reeksoverzicht en -verslag."""

MESSAGES: dict[str, str] = {
    # --- invoer en fouten ---------------------------------------------------------------
    "input.team_name": "Geef het team een naam van 1 tot 120 tekens.",
    "input.retention": "Kies een bewaartermijn van 1 tot 3650 dagen, of laat hem leeg voor de standaardtermijn.",
    "input.series_other_team": "Deze sessie hoort al bij de reeks van een ander team. Start een nieuwe sessie voor deze reeks.",
}
