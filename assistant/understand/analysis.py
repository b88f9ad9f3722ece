"""Understand a question: language, communes, filters, intent and what to look for.

`analyse` is pure: it gets the canonical commune names, the stored document types and a
vocabulary test from the caller, so it can be unit-tested without an index.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from assistant.figures import YEAR
from assistant.types import Language, Turn
from assistant.understand.answer_type import (
    MAY,
    AnswerType,
    answer_types_of,
    counted_nouns,
    lead_types_of,
    numbering_words,
    quantity_slots,
)
from assistant.understand.concepts import Concept, question_concepts, written_form
from assistant.understand.doc_filters import (
    month_alone,
    named_month,
    period_wording,
    question_filters,
    question_period,
    question_range,
    relative_year,
)
from assistant.understand.header_fields import HeaderField, header_field_of, header_question_key
from assistant.understand.intent import (
    COMPARISON_WORDING,
    TREND_WORDING,
    UNIT_WORDS,
    Intent,
    direction_of,
    intent_of,
)
from assistant.understand.language import ENGLISH_STOPWORDS, detect_language
from assistant.understand.units import unit_names
from index.types import SearchFilters
from ingest import fold, normalize_text
from ingest.periods import Span
from ingest.units import LOCAL_KINDS, unit_mentions
from ingest.words import VIETNAMESE_STOPWORDS

# "Tây Giang commune" / "Sa Đéc ward": a capitalised name written as a unit in English.
_NAME = r"[A-ZĐÀ-Ỹ][^\W\d_]*(?:[’'][^\W\d_]+)?"
_ENGLISH_UNIT = re.compile(
    rf"\b({_NAME}(?:\s{_NAME}){{0,2}})\s+(?:commune|ward|township|special zone)s?\b"
)
_NOT_A_NAME = VIETNAMESE_STOPWORDS | ENGLISH_STOPWORDS | {"which", "what"}
_FIGURE = re.compile(
    r"\b(?:bao nhieu|ty le|ti le|so luong|how many|how much|what share|what percentage"
    r"|what proportion|rate|percent|percentage|number of|population|dan so|area|dien tich"
    r"|tong so|total|how long|how far|how large|how big|bao xa|bao lau|dai bao nhieu"
    r"|target|chi tieu|rank|ranking|ranked|xep hang|thu hang)\b"
)
_COUNT = re.compile(r"\b(?:bao nhieu|how many|so luong|number of|population|dan so)\b")
_PERCENT = re.compile(r"\b(?:ty le|ti le|phan tram|percent|percentage|share|rate|proportion)\b|%")
# "mấy" (how many) folds to "may", an English word: matched before folding.
_RANK = re.compile(r"\b(?:thứ|hạng) mấy\b", re.IGNORECASE)
# "Những xã nào đề cập đến công tác X trong báo cáo?": words about mentioning (and the
# "công tác" = "work on" every topic is written with), not the topic X; as concepts
# they would outweigh X in every sentence that names it.
_FRAMING = re.compile(
    r"\b(?:(?:de cap(?: den| toi)?|nhac(?: den| toi)|noi (?:den|toi))(?: viec)?|cong tac"
    r"|trong (?:cac )?(?:bao cao|van ban)|in (?:the|their|its) reports?"
    r"|(?:tren )?dia ban|ket qua)\b"
)
_WHERE = re.compile(r"\bwhere\b")
_UNIT_FRAMING = re.compile(
    rf"\b(?:{UNIT_WORDS}|don vi)(?=\s+(?:nao\b|\|))"
    r"|\b(?:communes|wards?|townships?|special zones?|units?)\b"
)
_WRITTEN_FRAMING = re.compile(
    r"(?<!\w)(?:dự kiến|định|trong số|trong(?! (?:các )?(?:báo cáo|văn bản)))(?!\w)"
)
_WHO = {
    "en": re.compile(r"\b(?:who|whom|whose)\b"),
    # "ai" is also the English "AI": Vietnamese questions only.
    "vi": re.compile(r"\b(?:ai|nguoi nao|dong chi nao)\b"),
}
_FOLLOW_UP = re.compile(r"^(?:con|va|the con|what about|how about|and)\b|\bthi sao\b|\bthe nao\b")


@dataclass(frozen=True, slots=True)
class QuestionAnalysis:
    """What `analyse` understood; `concepts` drive sentence choice and abstention."""

    text: str
    language: Language
    intent: Intent
    communes: tuple[str, ...]
    concepts: tuple[Concept, ...]
    search_query: str
    # The concepts as written, without the question's frame ("xã nào", "cao nhất", unit
    # names): a list question's lexical sweep ranks each unit's chunks by it, so frame
    # words every unit's reports use do not choose a unit's one swept chunk.
    sweep_query: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    wants_figure: bool = False
    wants_count: bool = False
    wants_percent: bool = False
    wants_highest: bool | None = None
    is_follow_up: bool = False
    commune_from_history: bool = False
    unknown_communes: tuple[str, ...] = ()
    # "bao nhiêu thôn" -> ("thon",): the figure that answers is written before that noun;
    # "bao nhiêu trường và bao nhiêu học sinh" counts two.
    counted: tuple[str, ...] = ()
    # "bão số mấy" -> ("so",): the figure that answers is written after that word.
    numbered: tuple[str, ...] = ()
    # "Who chaired …?", "Ai kết luận …?": the answer names a person.
    wants_person: bool = False
    # The kinds of value asked for ("lúc mấy giờ, ngày nào?": a time and a date).
    answer_types: tuple[AnswerType, ...] = ("other",)
    # ... and the kinds its answer leads with (answer_types and lead-only kinds).
    lead_types: tuple[AnswerType, ...] = ("other",)
    # How many figures the question asks for ("bao nhiêu hộ và bao nhiêu nhân khẩu": 2).
    quantity_slots: int = 1
    # "Ai ký …?", "số hiệu …?": a fact of the document's header or signature block.
    header_field: HeaderField | None = None
    # Periods that filter only against the library (`understand.periods`): a month named
    # with its year, and a year counted from the newest report (0 this year, -1 last).
    named_month: Span | None = None
    month_alone: int | None = None
    relative_year: int | None = None
    period_wording: tuple[str, ...] = ()


def history_turns(history: Sequence[Turn | dict[str, str]] | None) -> list[Turn]:
    """Accept `Turn`s or `{"role", "content"}` dicts (the REST and eval formats)."""
    turns: list[Turn] = []
    for item in history or ():
        if isinstance(item, Turn):
            turns.append(item)
        else:
            content = str(item.get("content", ""))
            is_reply = item.get("role") == "assistant"
            turns.append(Turn("assistant", content) if is_reply else Turn("user", content))
    return turns


def find_communes(text: str, communes: Sequence[str]) -> tuple[str, ...]:
    """Canonical units `text` writes as names ("xa tan hoa", "Tân Hòa"), in order.

    Diacritics and case do not matter after a unit word; without one, a name must be
    capitalised, so "đã thống nhất kế hoạch" does not name phường Thống Nhất.
    """
    return unit_names(tuple(communes)).find(text)


def unknown_communes(question: str, communes: Sequence[str]) -> tuple[str, ...]:
    """Names written as units ("xã Tây Giang", "Tây Giang commune") that no report covers."""
    known = {fold(name) for name in communes}
    # Commune-level units only: "Thành phố Hồ Chí Minh", "tỉnh Khánh Hòa" are places a
    # question names about a commune's reports, not units missing from the library.
    found = [name for kind, name in unit_mentions(question) if kind in LOCAL_KINDS]
    found += [m.group(1) for m in _ENGLISH_UNIT.finditer(question)]
    return tuple(
        name
        for name in dict.fromkeys(found)
        if fold(name) not in known and fold(name).split()[0] not in _NOT_A_NAME
    )


def _word_re(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


def analyse(
    question: str,
    *,
    communes: Sequence[str],
    doc_types: Sequence[str] = (),
    in_vocabulary: Callable[[str], bool] = lambda _word: True,
    history: Sequence[Turn] = (),
) -> QuestionAnalysis:
    """Read a question (and its chat history) into a `QuestionAnalysis`."""
    folded = fold(question)
    language = detect_language(question)
    named = find_communes(question, communes)
    is_count = _COUNT.search(folded) is not None or MAY.search(question) is not None
    asks_figure = is_count or _FIGURE.search(folded) is not None
    intent = intent_of(folded, len(named), wants_figure=asks_figure)
    is_follow_up = bool(history) and intent == "fact" and _is_follow_up(folded, named)
    from_history: tuple[str, ...] = ()
    if not named and is_follow_up:
        from_history = _communes_from_history(history, communes)
    wants_figure = asks_figure or intent in ("compare", "trend")
    # "Đứng thứ mấy?" asks a rank ("12/38"), not how many of something.
    is_count = is_count and _RANK.search(question) is None
    # "How many" wants a count: a percentage beside the words does not answer it.
    wants_count = is_count and _PERCENT.search(folded) is None
    concepts, expansions = _concepts(
        question,
        named,
        in_vocabulary,
        language=language,
        is_about_communes=intent in ("which", "compare"),
        is_trend=intent == "trend",
    )
    search_query = " ".join([question, *expansions])
    sweep_query = " ".join([*(written_form(concept) for concept in concepts), *expansions])
    answer_types = answer_types_of(question)
    slots = quantity_slots(question)
    if is_follow_up:
        previous = analyse(_last_user(history), communes=communes, in_vocabulary=in_vocabulary)
        wants_figure = wants_figure or previous.wants_figure
        wants_count = wants_count or (previous.wants_count and _PERCENT.search(folded) is None)
        concepts += _as_context(previous.concepts, concepts)
        search_query += " " + previous.search_query
        sweep_query += " " + previous.sweep_query
        if answer_types == ("other",):
            # "Còn xã Mường Kim?" after "tỷ lệ hộ nghèo …?" still asks for the figure.
            answer_types, slots = previous.answer_types, previous.quantity_slots
    if from_history:
        search_query += " " + " ".join(from_history)
    highest = direction_of(folded) if intent in ("compare", "trend") else None
    return QuestionAnalysis(
        text=question,
        language=language,
        intent=intent,
        communes=named or from_history,
        concepts=concepts,
        search_query=search_query,
        sweep_query=sweep_query.strip(),
        filters=replace(
            question_filters(folded, doc_types, is_list=intent in ("which", "compare")),
            period=question_range(folded) if intent == "trend" else question_period(folded),
        ),
        wants_figure=wants_figure,
        wants_count=wants_count,
        wants_percent=_PERCENT.search(folded) is not None,
        wants_highest=highest,
        is_follow_up=is_follow_up,
        commune_from_history=bool(from_history),
        unknown_communes=() if named else unknown_communes(question, communes),
        counted=counted_nouns(question, language)
        if wants_count or intent in ("compare", "trend")
        else (),
        numbered=numbering_words(question, language),
        wants_person=_WHO[language].search(folded) is not None,
        answer_types=answer_types,
        lead_types=lead_types_of(question, answer_types),
        quantity_slots=slots,
        header_field=header_field_of(header_question_key(question)) if intent == "fact" else None,
        named_month=named_month(folded),
        month_alone=month_alone(folded),
        relative_year=relative_year(folded),
        period_wording=period_wording(folded),
    )


def keep_commune(standalone: QuestionAnalysis, follow_up: QuestionAnalysis) -> QuestionAnalysis:
    """`standalone`, still about the commune the conversation was about when it names none.

    A question read on its own drops the previous topic, not the commune: answering it
    from another commune's report would name the wrong place.
    """
    if standalone.communes or not follow_up.commune_from_history:
        return standalone
    return replace(standalone, communes=follow_up.communes, commune_from_history=True)


def _is_follow_up(folded: str, named: Sequence[str]) -> bool:
    # "Còn xã Mường Kim?" switches commune but keeps the topic; a question naming a
    # commune and saying more than that starts afresh.
    return _FOLLOW_UP.search(folded) is not None or len(folded) < 40 or not named


def _as_context(previous: Sequence[Concept], current: Sequence[Concept]) -> tuple[Concept, ...]:
    """The previous question's concepts, at half weight, unless asked again."""
    # Not swept: it only has to rank the new question's words above the old ones, which
    # any weight in (0, 1) does; the features see the weight only through term coverage.
    seen = {phrase for concept in current for phrase in concept.phrases}
    # "And for 2026?" after "… in 2025?": the new year replaces the old one.
    if any(YEAR.fullmatch(concept.label) for concept in current):
        seen |= {concept.phrases[0] for concept in previous if YEAR.fullmatch(concept.label)}
    return tuple(
        replace(concept, weight=0.5) for concept in previous if not seen & set(concept.phrases)
    )


def _last_user(history: Sequence[Turn]) -> str:
    return next((turn.content for turn in reversed(history) if turn.role == "user"), "")


def _communes_from_history(history: Sequence[Turn], communes: Sequence[str]) -> tuple[str, ...]:
    # The most recent turn naming a commune sets the topic; user turns win over replies.
    for role in ("user", "assistant"):
        for turn in reversed(history):
            if turn.role == role:
                found = find_communes(turn.content, communes)
                if found:
                    return found
    return ()


def _concepts(
    question: str,
    named: Sequence[str],
    in_vocabulary: Callable[[str], bool],
    *,
    language: Language,
    is_about_communes: bool = False,
    is_trend: bool = False,
) -> tuple[tuple[Concept, ...], list[str]]:
    written = normalize_text(question).lower()
    if is_about_communes:
        # "Where is poverty most widespread?" asks which commune, not a place (vị trí).
        written = _WHERE.sub(" ", written)
    if fold(written) != written:
        # Typed with diacritics, these are framing words ("định" intend, not "đình";
        # "trong" in, not "trồng"); without them they could be either and stay.
        written = _WRITTEN_FRAMING.sub(" ", written)
    folded = fold(written)
    for name in named:
        # A mark, not a space: "in Hùng Sơn need" must not become the phrase "in need".
        folded = _word_re(fold(name)).sub(" | ", folded)
    # "phường nào", "phường | " (before a name), "which wards": the unit asked about.
    folded = _UNIT_FRAMING.sub(" ", folded)
    # Superlatives steer the comparison; reports do not write "cao nhất" next to figures.
    for pattern in (*COMPARISON_WORDING, *(TREND_WORDING if is_trend else ()), _FRAMING):
        folded = pattern.sub(" ", folded)
    return question_concepts(question, folded, in_vocabulary, language=language)
