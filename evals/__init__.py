"""Evaluation runs over question sets and BEIR-layout retrieval benchmarks.

Question sets: `questions` (format), `run`, `metrics`, `report`, `compare`; writing
sets: `drafting`; retrieval: `beir`, `retrieval`. Format and metrics are documented in
docs/question-sets.md. Importing this package does no work.
"""
