"""English texts of the series: team, check first, series view and series report."""

MESSAGES: dict[str, str] = {
    # --- input and errors ---------------------------------------------------------------
    "input.team_name": "Give the team a name of 1 to 120 characters.",
    "input.retention": "Choose a retention term of 1 to 3650 days, or leave it empty for the default term.",
    "input.series_other_team": "This session already belongs to another team's series. Start a new session for this series.",
}
