"""Stage 1, understand the question: language, units, intent, filters, what to look for."""
