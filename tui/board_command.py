"""Opening the board from the command line (imports Textual, so only when a board is wanted)."""
