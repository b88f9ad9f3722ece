"""Pure scoring functions: one question's checks, and the summary of a run.

Nothing here calls the assistant; `evals.run` turns an `Answer` into an `Observed` and
these functions judge it against the question's `Expectation` (docs/question-sets.md).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from assistant.understand.units import outside_quotes, unit_names
from evals.questions import Expectation
from ingest.folding import fold
from ingest.tones import place_tone_marks

_SPACES = re.compile(r"\s+")
# A quoted sentence of an answer: «…».
_QUOTED = re.compile(r"«[^»]*»")
# "II. ", "2.1. ", "a) ", "- " at the start of a copied line (lower-cased by then).
_LEADING_LABEL = re.compile(r"^(?:(?:[ivxlc]+|\d+(?:\.\d+)*)[.)]|[a-zđ]\)|[-+*•])\s+")
_TOP_K = 5  # hit@5: the "evidence in the top 5 retrieved chunks"


@dataclass(frozen=True, slots=True)
class Observed:
    """What the assistant returned for one question, reduced to what is scored.

    `citation_texts` holds the quoted sentences (and all of them joined); `hit_texts`
    the retrieved chunks in rank order. `error` is set when `ask` raised.
    """

    text: str
    abstained: bool
    citation_texts: tuple[str, ...] = ()
    hit_texts: tuple[str, ...] = ()
    latency_ms: float = 0.0
    citations: int = 0
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "abstained": self.abstained,
            "citations": self.citations,
            "latency_ms": round(self.latency_ms, 2),
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class Checks:
    """Outcome of every check on one question; `None` means "does not apply"."""

    answerable: bool
    abstained: bool
    has_citations: bool
    communes_missing: tuple[str, ...] = ()
    communes_expected: int = 0
    wrong_communes: tuple[str, ...] = ()
    evidence_cited: bool | None = None
    facts_missing: tuple[tuple[str, ...], ...] = ()
    facts_expected: int = 0
    evidence_rank: int | None = None
    has_evidence: bool = False
    error: str | None = None

    @property
    def failed(self) -> tuple[str, ...]:
        """Names of the checks that failed, in a fixed order (empty = correct)."""
        if self.error:
            return ("error",)
        if not self.answerable:
            return () if self.abstained and not self.has_citations else ("abstention",)
        names: list[str] = []
        if self.abstained:
            names.append("false_abstention")
        if self.communes_missing:
            names.append("communes")
        if self.wrong_communes:
            names.append("wrong_communes")
        if self.evidence_cited is False:
            names.append("evidence")
        if self.facts_missing:
            names.append("facts")
        return tuple(names)

    @property
    def correct(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        return {
            "correct": self.correct,
            "failed": list(self.failed),
            "communes_missing": list(self.communes_missing),
            "wrong_communes": list(self.wrong_communes),
            "evidence_cited": self.evidence_cited,
            "facts_missing": [list(group) for group in self.facts_missing],
            "evidence_rank": self.evidence_rank,
        }


def normalise_passage(text: str) -> str:
    """NFC, one tone-mark convention, lower case, single spaces: how evidence is compared."""
    text = place_tone_marks(unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text.lower()).strip()


def normalise_evidence(text: str) -> str:
    """An evidence string as compared: normalised, without a leading item label.

    Writers copy the line as printed ("II. Thời gian: Vào lúc 08 giờ 00 …"); the label
    "II." is the section's number, which the citation shows, not part of its text.
    """
    return _LEADING_LABEL.sub("", normalise_passage(text), count=1)


def contains_evidence(passage: str, evidence: Iterable[str]) -> bool:
    """True when the passage contains at least one evidence string (normalised)."""
    haystack = normalise_passage(passage)
    return any(normalise_evidence(item) in haystack for item in evidence if item.strip())


def evidence_rank(hit_texts: Sequence[str], evidence: Sequence[str]) -> int | None:
    """1-based rank of the first retrieved chunk containing an evidence string."""
    for rank, text in enumerate(hit_texts, start=1):
        if contains_evidence(text, evidence):
            return rank
    return None


def names_commune(text: str, commune: str) -> bool:
    """True when the answer's own words name the unit (accents and case aside).

    A name counts where it is written as one ("Phường Thống Nhất", "xa thong nhat",
    "Thống Nhất ward"), not inside a «quoted» report sentence and not as the word it
    also is ("đã thống nhất kế hoạch"): the assistant's matcher, the same for both.
    """
    return fold(commune) in named_units(text, (commune,))


def named_units(text: str, names: Iterable[str]) -> set[str]:
    """The folded `names` an answer's own words name, found by one matcher for all."""
    found = unit_names(tuple(sorted(set(names)))).find(outside_quotes(text))
    return {fold(name) for name in found if fold(name)}


def has_fact(text: str, spellings: Sequence[str]) -> bool:
    """True when one accepted spelling of a figure appears in `text`.

    Matching folds case and diacritics; a spelling that starts or ends with a digit must
    not be glued to more digits, so "5" does not match "15" or "5,2" but does match "5%".
    """
    haystack = fold(text)
    for spelling in spellings:
        needle = fold(spelling)
        if not needle:
            continue
        before = r"(?<!\d)(?<!\d[.,])" if needle[0].isdigit() else ""
        after = r"(?![.,]?\d)" if needle[-1].isdigit() else ""
        if re.search(before + re.escape(needle) + after, haystack):
            return True
    return False


def fact_text(answer: str, *, wants_value: bool) -> str:
    """Where a question's facts must appear: outside the quotes when it asks for a value.

    "How many / when / who / where" is answered by stating the value; a quoted sentence
    that happens to hold some figure does not answer it. A "which road" or "what was
    decided" question may be answered by the quote itself.
    """
    return _QUOTED.sub(" ", answer) if wants_value else answer


def score_question(
    expect: Expectation,
    observed: Observed,
    corpus_communes: Iterable[str],
    *,
    wants_value: bool = False,
) -> Checks:
    """Judge one answer against its expectation.

    `corpus_communes` are all communes of the indexed reports: naming one that is not
    expected breaks a `communes_exclusive` question. `wants_value`: the question asks
    for a figure, date, time, person, place or document number, which the answer must
    state outside its quotes.
    """
    corpus = sorted(set(corpus_communes))
    # One matcher over every name, not one per name: a corpus has hundreds of units.
    named = named_units(observed.text, (*expect.communes, *corpus))
    missing = tuple(name for name in expect.communes if fold(name) not in named)
    wrong: tuple[str, ...] = ()
    if expect.communes_exclusive and expect.answerable:
        expected_keys = {fold(name) for name in expect.communes}
        wrong = tuple(
            name for name in corpus if fold(name) not in expected_keys and fold(name) in named
        )
    cited: bool | None = None
    if expect.evidence:
        cited = any(contains_evidence(text, expect.evidence) for text in observed.citation_texts)
    return Checks(
        answerable=expect.answerable,
        abstained=observed.abstained,
        has_citations=observed.citations > 0,
        communes_missing=missing,
        communes_expected=len(expect.communes),
        wrong_communes=wrong,
        evidence_cited=cited,
        facts_missing=tuple(
            group
            for group in expect.facts
            if not has_fact(fact_text(observed.text, wants_value=wants_value), group)
        ),
        facts_expected=len(expect.facts),
        evidence_rank=evidence_rank(observed.hit_texts, expect.evidence)
        if expect.evidence
        else None,
        has_evidence=bool(expect.evidence),
        error=observed.error,
    )


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (`share` in 0..1); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = max(0, math.ceil(share * len(ordered)) - 1)
    return ordered[min(index, len(ordered) - 1)]


def _ratio(numerator: float, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True, slots=True)
class Summary:
    """Run-level metrics; a ratio is None when no question of its kind was asked."""

    questions: int
    correct: int
    accuracy: float | None
    answerable: int
    unanswerable: int
    evidence_cited: float | None
    facts: float | None
    commune_recall: float | None
    wrong_communes: int
    abstention: float | None
    false_abstentions: int
    hit_at_1: float | None
    hit_at_5: float | None
    mrr: float | None
    latency_p50_ms: float
    latency_p95_ms: float
    errors: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def summarise(checks: Sequence[Checks], latencies_ms: Sequence[float]) -> Summary:
    """Aggregate per-question checks into the run's metrics."""
    answerable = [item for item in checks if item.answerable]
    unanswerable = [item for item in checks if not item.answerable]
    with_evidence = [item for item in answerable if item.has_evidence]
    with_facts = [item for item in answerable if item.facts_expected]
    with_communes = [item for item in answerable if item.communes_expected]
    ranks = [item.evidence_rank for item in with_evidence]
    recall = sum(1 - len(item.communes_missing) / item.communes_expected for item in with_communes)
    return Summary(
        questions=len(checks),
        correct=sum(item.correct for item in checks),
        accuracy=_ratio(sum(item.correct for item in checks), len(checks)),
        answerable=len(answerable),
        unanswerable=len(unanswerable),
        evidence_cited=_ratio(
            sum(bool(item.evidence_cited) for item in with_evidence), len(with_evidence)
        ),
        facts=_ratio(sum(not item.facts_missing for item in with_facts), len(with_facts)),
        commune_recall=_ratio(recall, len(with_communes)),
        wrong_communes=sum(bool(item.wrong_communes) for item in answerable),
        abstention=_ratio(sum(item.correct for item in unanswerable), len(unanswerable)),
        false_abstentions=sum(item.abstained for item in answerable),
        hit_at_1=_ratio(sum(rank == 1 for rank in ranks), len(ranks)),
        hit_at_5=_ratio(sum(rank is not None and rank <= _TOP_K for rank in ranks), len(ranks)),
        mrr=_ratio(sum(1 / rank for rank in ranks if rank), len(ranks)),
        latency_p50_ms=percentile(latencies_ms, 0.5),
        latency_p95_ms=percentile(latencies_ms, 0.95),
        errors=sum(item.error is not None for item in checks),
    )
