"""The end-to-end cut-off table: one row per cut-off, the shipped one marked."""

from bench.bench_cutoff import _report


def test_the_table_marks_the_shipped_cut_off_and_leaves_missing_sets_blank():
    rows = {0.3: {"samples": "0.586 (23 / 0.482)"}, 0.57: {"samples": "0.594 (85 / 0.625)"}}
    lines = _report(["samples", "conghai-fit"], rows, 0.57).splitlines()
    assert "| 0.30 | 0.586 (23 / 0.482) | n/a |" in lines
    assert "| **0.57** | 0.594 (85 / 0.625) | n/a |" in lines
    assert "| cut-off | samples | conghai-fit |" in lines
