"""The corpus cache: updated per added/deleted report, built once under concurrent asks."""

import threading
import time

from assistant import Assistant
from assistant.corpus import CorpusCache, build_corpus
from index.types import SearchFilters
from ingest.types import Chunk
from tests.assistant.corpus import sample_chunks
from tests.assistant.memory_index import InMemoryIndex, make_chunk
from tests.fakes import words_evidence_model

QUESTION = "Sản lượng lúa của xã Bản Mù là bao nhiêu?"

WORDS = words_evidence_model()


class CountingIndex(InMemoryIndex):
    """Records every `chunks()` read; `delay_s` widens the window for racing threads."""

    def __init__(self, chunks: list[Chunk], delay_s: float = 0.0) -> None:
        super().__init__(chunks)
        self.reads: list[SearchFilters | None] = []
        self.delay_s = delay_s

    def chunks(self, *, filters: SearchFilters | None = None) -> list[Chunk]:
        self.reads.append(filters)
        time.sleep(self.delay_s)
        return super().chunks(filters=filters)


def ban_mu_chunk() -> Chunk:
    return make_chunk("Bản Mù", "Sản lượng lúa cả năm của xã đạt 1.250 tấn.")


def test_a_report_added_elsewhere_is_split_alone_and_answered():
    index = CountingIndex(sample_chunks())
    assistant = Assistant(index, model=WORDS)
    assert assistant.ask(QUESTION).abstained
    assert index.reads == [None]
    # Another process ingests: no clear() here, the report list alone reveals it.
    index.add([ban_mu_chunk()])
    answer = assistant.ask(QUESTION)
    assert not answer.abstained and "1.250 tấn" in answer.text
    assert index.reads[1:] == [SearchFilters(report_ids=(ban_mu_chunk().report_id,))]


def test_a_deleted_report_leaves_without_reading_any_chunk():
    index = CountingIndex([*sample_chunks(), ban_mu_chunk()])
    assistant = Assistant(index, model=WORDS)
    assert not assistant.ask(QUESTION).abstained
    assistant.delete(ban_mu_chunk().report_id)
    assert assistant.ask(QUESTION).abstained
    assert index.reads == [None]


def test_incremental_corpus_equals_a_fresh_build():
    index = CountingIndex(sample_chunks())
    cache = CorpusCache()
    cache.current(index)
    index.add([ban_mu_chunk()])
    index.delete(sample_chunks()[0].report_id)
    updated = cache.current(index)
    fresh = build_corpus(index.reports(), index.chunks(), index.communes())
    assert updated.key == fresh.key
    for record in index.reports():
        assert updated.report(record.report_id) == fresh.report(record.report_id)
    assert len(updated.stats) == len(fresh.stats)
    assert updated.communes == fresh.communes


def test_concurrent_asks_build_the_corpus_once():
    index = CountingIndex(sample_chunks(), delay_s=0.2)
    cache = CorpusCache()
    start = threading.Barrier(4)
    built = []

    def ask() -> None:
        start.wait()
        built.append(cache.current(index))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert index.reads == [None]
    assert len({id(corpus) for corpus in built}) == 1


def test_an_upload_brings_the_term_statistics_up_to_date_without_rebuilding_them():
    chunks = [
        make_chunk(f"Xã {n:02d}", f"Báo cáo số {n}: hoàn thành {n} km đường giao thông.")
        for n in range(40)
    ]
    index = InMemoryIndex(chunks)
    assistant = Assistant(index, model=WORDS)
    before = assistant.corpus().stats
    index.add([ban_mu_chunk()])
    assistant.delete(chunks[0].report_id)  # forgets the assembled corpus, as an upload does
    after = assistant.corpus().stats
    fresh = build_corpus(index.reports(), index.chunks(), index.communes()).stats
    # The counted segment is kept; the upload's report gets a small one of its own.
    assert after.parts[0].segment is before.parts[0].segment and len(after.parts) == 2
    for phrases in [("san luong lua",), ("duong giao thong",), ("so 0",), ("1.250",), ("xa",)]:
        assert after.weight(phrases) == fresh.weight(phrases)


def test_a_new_process_answers_without_reading_every_chunk(tmp_path):
    first = Assistant(CountingIndex(sample_chunks()), model=WORDS, cache_dir=tmp_path)
    first.prepare()
    index = CountingIndex([*sample_chunks(), ban_mu_chunk()])
    answer = Assistant(index, model=WORDS, cache_dir=tmp_path).ask(QUESTION)
    assert not answer.abstained and "1.250 tấn" in answer.text
    # The added report is split for the statistics; the question reads only its reports.
    assert None not in index.reads
    assert index.reads[0] == SearchFilters(report_ids=(ban_mu_chunk().report_id,))
    assert all(len(read.report_ids or ()) <= 5 for read in index.reads if read is not None)
