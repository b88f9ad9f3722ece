"""The registry's journal: one appended line per change, folded into the manifest later."""

from __future__ import annotations

import json
from pathlib import Path

from index.registry import MIN_COMPACT_LINES, REGISTRY_FILE, Registry, ReportEntry


def _entry(number: int, *, state: str = "done") -> ReportEntry:
    return ReportEntry(
        report_id=f"r{number:05d}",
        source=f"bao_cao_{number}.txt",
        path_key=f"/reports/bao_cao_{number}.txt",
        file_sha256=f"sha{number}",
        file_format="txt",
        metadata={"commune": f"Xã {number}"},
        sections=3,
        chunk_ids=(f"c{number}a", f"c{number}b"),
        state=state,  # type: ignore[arg-type]
    )


def _manifest(folder: Path) -> dict:
    return json.loads((folder / REGISTRY_FILE).read_text(encoding="utf-8"))


def test_a_change_appends_a_line_and_leaves_the_manifest_alone(tmp_path: Path) -> None:
    registry = Registry.load(tmp_path)
    registry.put(_entry(1))
    manifest = (tmp_path / REGISTRY_FILE).read_bytes()
    registry.put(_entry(2))
    registry.remove("r00001")
    assert (tmp_path / REGISTRY_FILE).read_bytes() == manifest
    journal = tmp_path / _manifest(tmp_path)["journal"]
    assert len(journal.read_text(encoding="utf-8").splitlines()) == 3
    assert set(Registry.load(tmp_path).entries) == {"r00002"}


def test_a_reader_sees_a_writers_later_changes(tmp_path: Path) -> None:
    writer = Registry.load(tmp_path)
    writer.put(_entry(1))
    reader = Registry.load(tmp_path)
    assert set(reader.entries) == {"r00001"}
    assert reader.reload_if_changed() is False
    writer.put(_entry(2, state="pending"))
    writer.embedder_id = "model-x"
    writer.put(_entry(2))
    assert reader.reload_if_changed() is True
    assert reader.entries["r00002"].state == "done"
    assert reader.embedder_id == "model-x"


def test_a_line_cut_by_a_crash_is_ignored_then_overwritten(tmp_path: Path) -> None:
    writer = Registry.load(tmp_path)
    writer.put(_entry(1))
    journal = tmp_path / _manifest(tmp_path)["journal"]
    with journal.open("ab") as handle:
        handle.write(b'{"put": {"report_id": "r9')  # died mid-line
    reopened = Registry.load(tmp_path)
    assert set(reopened.entries) == {"r00001"}
    reopened.put(_entry(2))
    assert set(Registry.load(tmp_path).entries) == {"r00001", "r00002"}
    assert all(json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines())


def test_a_long_journal_is_folded_into_a_new_manifest(tmp_path: Path) -> None:
    registry = Registry.load(tmp_path)
    for number in range(MIN_COMPACT_LINES + 5):
        registry.put(_entry(number, state="pending"))  # as ingest does: pending, then done
        registry.put(_entry(number))
    journals = sorted(path.name for path in tmp_path.glob("*.journal"))
    assert journals == [_manifest(tmp_path)["journal"]]  # the old one is gone
    assert len(_manifest(tmp_path)["reports"]) >= MIN_COMPACT_LINES
    assert len(Registry.load(tmp_path).entries) == MIN_COMPACT_LINES + 5


def test_a_manifest_without_a_journal_still_loads(tmp_path: Path) -> None:
    """Indexes written before the journal existed open as they are."""
    data = {"version": 1, "embedder": "m", "reports": [_entry(7).to_json()]}
    (tmp_path / REGISTRY_FILE).write_text(json.dumps(data), encoding="utf-8")
    registry = Registry.load(tmp_path)
    assert set(registry.entries) == {"r00007"}
    registry.put(_entry(8))
    assert set(Registry.load(tmp_path).entries) == {"r00007", "r00008"}
