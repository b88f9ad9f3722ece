"""`Assistant`: analyse -> retrieve -> choose evidence -> compose (or LLM) -> verify -> Answer."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from assistant.compose.answers import (
    abstained,
    cited_first,
    fallback_note,
    to_filters,
    with_periods,
    with_timings,
)
from assistant.compose.extractive import extractive_answer
from assistant.compose.text import to_citation
from assistant.config import Settings
from assistant.corpus import Corpus, CorpusCache
from assistant.errors import ChatModelError, QuestionTooLongError
from assistant.evidence.features import PassageFeatures, passage_features
from assistant.evidence.model import EvidenceModel, load_model
from assistant.evidence.scoring import ScoredEvidence, score
from assistant.llm import ChatModel, LlamaIndexChatModel, generate
from assistant.retrieve.bridge import BRIDGE_HITS, BRIDGE_MIN_Z, bridge
from assistant.retrieve.candidates import TOP_K, Candidates, VectorIndex, gather
from assistant.retrieve.search import SWEEP_CHUNKS, merge_filters
from assistant.term_store import term_stats_folder
from assistant.types import Answer, Turn
from assistant.understand.analysis import QuestionAnalysis, analyse, history_turns, keep_commune
from assistant.understand.periods import resolve_periods
from assistant.verify.checks import verify
from index.types import Hit, IngestSummary, ReportRecord, SearchFilters
from ingest.types import Report

logger = logging.getLogger(__name__)

History = Sequence[Turn | dict[str, str]] | None
Progress = Callable[[str, int, int], None]
# LLM sources: the best passages, whatever the extractive answer chose. Not swept: no LLM
# weights here to measure with; eight short passages fit any small model's context.
LLM_SOURCES = 8


class AssistantIndex(VectorIndex, Protocol):
    """The index operations the public API passes through."""

    def reports(self) -> list[ReportRecord]: ...
    def report(self, report_id: str) -> Report: ...
    def delete(self, report_id: str) -> None: ...
    def set_unit(self, report_id: str, unit: str) -> ReportRecord: ...
    def ingest(self, paths: Iterable[str | Path], *, progress: Progress | None = None) -> Any: ...
    def close(self) -> None: ...


class Assistant:
    """Cited, verified answers over the indexed reports.

    Example:
        >>> assistant = Assistant.open("data/index")
        >>> answer = assistant.ask("Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?")
        >>> answer.text, answer.citations[0].quote, answer.citations[0].section
    """

    def __init__(
        self,
        index: AssistantIndex,
        *,
        chat_model: ChatModel | None = None,
        top_k: int = TOP_K,
        max_question_chars: int = 1000,
        llm_timeout_s: float = 30.0,
        model: EvidenceModel | None = None,
        bridge_hits: int = BRIDGE_HITS,
        bridge_min_z: float = BRIDGE_MIN_Z,
        cache_dir: Path | None = None,
        sweep_chunks: int = SWEEP_CHUNKS,
    ) -> None:
        self.index = index
        self.chat_model = chat_model
        self.top_k = top_k
        self.max_question_chars = max_question_chars
        self.llm_timeout_s = llm_timeout_s
        self._model = model
        # Term statistics kept between processes (in memory only without a folder).
        self._cache = CorpusCache(cache_dir)
        # English questions' words mapped to the reports' words (0 hits: not mapped).
        self.bridge_hits = bridge_hits
        self.bridge_min_z = bridge_min_z
        # Chunks a list question's sweep brings over all units (`SWEEP_CHUNKS`).
        self.sweep_chunks = sweep_chunks

    @classmethod
    def open(
        cls,
        index_dir: str | Path,
        *,
        chroma_url: str | None = None,
        embedder: Any = None,
        chat_model: ChatModel | None = None,
        settings: Settings | None = None,
        read_only: bool = False,
    ) -> Assistant:
        """Open the index at `index_dir` (or on a Chroma server) and wrap it."""
        from index import ReportIndex, default_embedder

        settings = settings or Settings(index_dir=str(index_dir))
        index = ReportIndex.open(
            index_dir,
            embedder=embedder or default_embedder(settings.embedder),
            chroma_url=chroma_url or settings.chroma_url,
            chroma_token=settings.chroma_token,
            chroma_basic_auth=settings.chroma_basic_auth,
            chunk_tokens=settings.chunk_tokens,
            read_only=read_only,
            # A damaged store would segfault this process: probe it in a child first.
            check_health=True,
        )
        if chat_model is None and settings.llm_model and settings.llm_base_url:
            chat_model = LlamaIndexChatModel(
                settings.llm_model, base_url=settings.llm_base_url, api_key=settings.llm_api_key
            )
        return cls(
            index,
            chat_model=chat_model,
            top_k=settings.top_k,
            max_question_chars=settings.max_question_chars,
            llm_timeout_s=settings.llm_timeout_s,
            cache_dir=term_stats_folder(index_dir),
        )

    @property
    def model(self) -> EvidenceModel:
        """The evidence model (the shipped one unless given; read on first use)."""
        if self._model is None:
            self._model = load_model()
        return self._model

    # -- the library, passed through --------------------------------------------------

    def ingest(self, paths: Iterable[str | Path], *, progress: Progress | None = None) -> Any:
        """Index `paths`, then count the added reports into the term statistics.

        Counting now (a fraction of the ingest) spares the next question, or the next
        process to open the index, from doing it.
        """
        summary: IngestSummary = self.index.ingest(paths, progress=progress)
        self.prepare()
        return summary

    def prepare(self) -> None:
        """Bring the term statistics up to date now rather than at the next question.

        They are kept in the index folder: after this, a new process opening the index
        answers without counting the corpus anew.
        """
        self._cache.clear()
        self._cache.current(self.index)

    def reports(self) -> list[ReportRecord]:
        return self.index.reports()

    def report(self, report_id: str) -> Report:
        return self.index.report(report_id)

    def delete(self, report_id: str) -> None:
        self.index.delete(report_id)
        self._cache.clear()

    def set_unit(self, report_id: str, unit: str) -> ReportRecord:
        """Make `unit` ("xã Tân Hòa", "phường 3") report `report_id`'s unit, by hand.

        Its citations name it, unit filters and "which units…" questions find it.
        """
        # No cache to clear: the next question sees the unit moved (`CorpusCache.current`).
        return self.index.set_unit(report_id, unit)

    def communes(self) -> list[str]:
        return self.index.communes()

    def close(self) -> None:
        self.index.close()

    def search(
        self, query: str, k: int = 5, *, filters: SearchFilters | dict[str, Any] | None = None
    ) -> list[Hit]:
        return self.index.search(query, k=k, filters=to_filters(filters))

    # -- answering ----------------------------------------------------------------------

    def corpus(self) -> Corpus:
        """The indexed corpus as the assistant sees it (passages, term statistics, units)."""
        return self._corpus()

    def analyse(self, question: str, *, history: History = None) -> QuestionAnalysis:
        """How the assistant reads `question` (its first stage), without answering."""
        return self._analyse(question, self._corpus(), history_turns(history))

    def evidence_inputs(
        self, question: str, *, history: History = None
    ) -> tuple[QuestionAnalysis, Candidates, PassageFeatures]:
        """What the evidence model sees for `question`: its analysis, candidates, features.

        For fitting the model (bench/fit_evidence.py) and for explaining an answer.
        """
        analysis = self.analyse(question, history=history)
        return analysis, *self._inputs(analysis, self._corpus(), analysis.filters)

    def ask(
        self,
        question: str,
        *,
        history: History = None,
        filters: SearchFilters | dict[str, Any] | None = None,
    ) -> Answer:
        """Answer `question`; "the reports do not say" is an Answer with `abstained=True`.

        Raises:
            QuestionTooLongError: the question is over `max_question_chars`.
        """
        if len(question) > self.max_question_chars:
            raise QuestionTooLongError(
                f"The question has {len(question)} characters; the limit is "
                f"{self.max_question_chars} - shorten it or split it into several questions"
            )
        started = time.perf_counter()
        timings: dict[str, float] = {}
        corpus = self._corpus()
        turns = history_turns(history)
        analysis = self._analyse(question, corpus, turns)
        timings["analyse"] = _ms(started)
        candidates, scored = self._evidence(analysis, corpus, to_filters(filters))
        if turns and analysis.is_follow_up and not scored.is_answered:
            analysis, candidates, scored = self._on_its_own(question, analysis, corpus, filters)
        timings["retrieve"] = _ms(started) - timings["analyse"]
        answer = self._answer(analysis, candidates, scored, corpus)
        timings["total"] = _ms(started)
        return with_timings(answer, timings)

    def _on_its_own(
        self,
        question: str,
        follow_up: QuestionAnalysis,
        corpus: Corpus,
        filters: SearchFilters | dict[str, Any] | None,
    ) -> tuple[QuestionAnalysis, Candidates, ScoredEvidence]:
        # Not every question after another is a follow-up: try it on its own, first still
        # about the conversation's commune (so no other commune is named by mistake).
        standalone = self._analyse(question, corpus, [])
        scoped = keep_commune(standalone, follow_up)
        candidates, scored = self._evidence(scoped, corpus, to_filters(filters))
        if scoped is standalone or scored.is_answered:
            return scoped, candidates, scored
        candidates, scored = self._evidence(standalone, corpus, to_filters(filters))
        return standalone, candidates, scored

    def _analyse(self, question: str, corpus: Corpus, turns: list[Turn]) -> QuestionAnalysis:
        analysis = analyse(
            question,
            communes=corpus.communes,
            doc_types=corpus.doc_types,
            in_vocabulary=corpus.stats.uses_word,
            history=turns,
        )
        # "năm ngoái", "tháng 5/2026": periods read against the unit's reports.
        unit = analysis.communes[0] if len(analysis.communes) == 1 else None
        analysis = resolve_periods(analysis, corpus.series_spans(unit))
        return bridge(analysis, self.index, hits=self.bridge_hits, min_z=self.bridge_min_z)

    def _corpus(self) -> Corpus:
        return self._cache.current(self.index)

    def _evidence(
        self, analysis: QuestionAnalysis, corpus: Corpus, user: SearchFilters | None
    ) -> tuple[Candidates, ScoredEvidence]:
        candidates, scored = self._score(analysis, corpus, merge_filters(analysis.filters, user))
        plans_answer = "quantity" not in analysis.answer_types and not analysis.wants_figure
        if not scored.is_answered and not analysis.filters.is_empty:
            # Type and number words are a hint, not a wall: retry without them. A period
            # named in the question is a wall: another period's figure is a wrong answer.
            kept = SearchFilters(period=analysis.filters.period)
            candidates, scored = self._score(analysis, corpus, merge_filters(kept, user))
        if not scored.is_answered and analysis.filters.period is not None and plans_answer:
            # No report accounts for the period: one whose title plans it may answer
            # ("nhiệm vụ trọng tâm quý IV" in the quý III report) what it plans, never a
            # figure: the plan's figures are its own period's.
            planned = SearchFilters(period=analysis.filters.period, period_in_title=True)
            candidates, scored = self._score(analysis, corpus, merge_filters(planned, user))
        return candidates, scored

    def _score(
        self, analysis: QuestionAnalysis, corpus: Corpus, filters: SearchFilters
    ) -> tuple[Candidates, ScoredEvidence]:
        candidates, features = self._inputs(analysis, corpus, filters)
        return candidates, score(candidates, features, self.model)

    def _inputs(
        self, analysis: QuestionAnalysis, corpus: Corpus, filters: SearchFilters
    ) -> tuple[Candidates, PassageFeatures]:
        candidates = gather(
            self.index,
            analysis,
            corpus,
            top_k=self.top_k,
            filters=filters,
            sweep_chunks=self.sweep_chunks,
        )
        return candidates, passage_features(analysis, candidates, corpus)

    def _answer(
        self,
        analysis: QuestionAnalysis,
        candidates: Candidates,
        scored: ScoredEvidence,
        corpus: Corpus,
    ) -> Answer:
        hits = list(candidates.hits)
        text, citations = extractive_answer(analysis, scored, corpus)
        checked = verify(text, citations, communes=corpus.communes)
        notes: list[str] = []
        mode = "extractive"
        # The model rephrases what the evidence supports; it never overrules an abstention.
        if self.chat_model is not None and checked.citations:
            generated, note = self._generate(analysis, scored, corpus)
            if generated is not None:
                checked, mode = generated, "llm"
            if note:
                notes.append(note)
        if not checked.citations or analysis.unknown_communes:
            # A commune no report covers is not answered from its neighbours' reports.
            answer = abstained(analysis, hits, notes)
            if analysis.filters.period is not None:
                # "quý II/2026" asked and only quý I filed: say which periods there are.
                periods = with_periods(answer.text, analysis, corpus.records)
                return replace(answer, text=periods)
            return answer
        return Answer(
            question=analysis.text,
            text=checked.text,
            citations=checked.citations,
            abstained=False,
            language=analysis.language,
            communes=checked.communes,
            hits=cited_first(hits, checked.citations),
            notes=tuple(notes),
            mode=mode,
        )

    def _generate(
        self, analysis: QuestionAnalysis, scored: ScoredEvidence, corpus: Corpus
    ) -> tuple[Any, str | None]:
        ranked = scored.ranked[:LLM_SOURCES]
        sources = [to_citation(item, n) for n, item in enumerate(ranked, 1)]
        assert self.chat_model is not None  # checked by the caller
        try:
            generated = generate(
                self.chat_model,
                analysis.text,
                sources,
                language=analysis.language,
                communes=corpus.communes,
                timeout_s=self.llm_timeout_s,
            )
        except ChatModelError as err:
            logger.warning("LLM answer failed, using the extractive one: %s", err)
            return None, fallback_note(analysis, str(err))
        if generated is None:
            return None, fallback_note(analysis, "it found no answer in the sources")
        return generated, None


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
