"""Stage 2, retrieve: hybrid search where the question says to look, as candidate chunks."""
