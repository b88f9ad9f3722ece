"""Stage 5, verify: every quote checked against its source before the answer leaves."""
