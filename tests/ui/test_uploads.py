from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest

from ui.uploads import UploadRejectedError, UploadStore, safe_name
from ui.workqueue import BusyError, WorkQueue


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\win.ini.md", "win.ini.md"),
        ("/abs/path/báo cáo quý 1.docx", "báo_cáo_quý_1.docx"),
        ("...hidden.pdf", "hidden.pdf"),
        ("..", "upload"),
        ("a\x00b.txt", "a_b.txt"),
    ],
)
def test_safe_name_cannot_leave_its_folder(original: str, expected: str) -> None:
    assert safe_name(original) == expected


def test_store_keeps_files_inside_the_root(tmp_path: Path) -> None:
    store = UploadStore(tmp_path / "uploads", max_bytes=100)
    upload = store.store("an", "../../x.txt", io.BytesIO(b"hello"))
    assert upload.path.read_bytes() == b"hello"
    assert (tmp_path / "uploads").resolve() in upload.path.resolve().parents
    assert "an" not in str(upload.path.relative_to(tmp_path))  # no user names in paths


def test_wrong_type_and_oversize_are_refused_with_the_limit(tmp_path: Path) -> None:
    store = UploadStore(tmp_path / "uploads", max_bytes=1 << 20)
    with pytest.raises(UploadRejectedError, match=r"unsupported type '\.exe'") as wrong:
        store.store("an", "x.exe", io.BytesIO(b"MZ"))
    assert wrong.value.status == 415
    with pytest.raises(UploadRejectedError, match="1 MB upload limit") as big:
        store.store("an", "x.txt", io.BytesIO(b"x" * ((1 << 20) + 1)))
    assert big.value.status == 413
    assert not any(p.is_file() for p in (tmp_path / "uploads").rglob("*"))


def test_owners_are_recorded_and_forgotten_with_their_file(tmp_path: Path) -> None:
    store = UploadStore(tmp_path / "uploads", max_bytes=100)
    upload = store.store("an", "r.txt", io.BytesIO(b"x"))
    store.record_owner("rid", upload)
    assert store.owner("rid") == "an" and store.owner("other") is None
    store.forget("rid")
    assert store.owner("rid") is None and not upload.path.exists()


def test_queue_says_busy_when_the_line_is_full() -> None:
    queue = WorkQueue(workers=1, max_waiting=1, wait_s=5)
    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        with queue.slot():
            entered.set()
            release.wait(5)

    def wait_in_line() -> None:
        with queue.slot():
            pass

    holder = threading.Thread(target=hold)
    holder.start()
    entered.wait(5)
    waiter = threading.Thread(target=wait_in_line)
    waiter.start()
    while queue.waiting < 1:
        threading.Event().wait(0.01)
    with pytest.raises(BusyError), queue.slot():
        pass
    release.set()
    holder.join(5)
    waiter.join(5)
    with queue.slot():
        pass  # free again


def test_queue_times_out_as_busy() -> None:
    queue = WorkQueue(workers=1, max_waiting=5, wait_s=0.05)
    with queue.slot(), pytest.raises(BusyError, match="no worker free"), queue.slot():
        pass
