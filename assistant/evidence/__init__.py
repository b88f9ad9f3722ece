"""Stage 3, evidence: score the candidate passages, choose what answers, or abstain."""
