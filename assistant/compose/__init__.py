"""Stage 4, compose: the answer text with its value first and `[n]`-cited quotes."""
