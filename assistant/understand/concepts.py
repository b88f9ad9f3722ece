"""What a question asks about: its concepts, the things the evidence must mention.

A concept is a set of folded phrases that stand for one thing (a glossary term and its
Vietnamese renderings, a synonym group, a document number, a word of the question).
Folding makes "xa Hung Son" find "xã Hùng Sơn", but it also merges different words
("đồn" border post and "đơn" application, "bản" village and "văn bản" document): where
the question wrote a word with its diacritics, the concept keeps that written form and
matches it as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from assistant.passages import phrase_needles
from assistant.types import Language
from assistant.understand.glossary import (
    MONTHS,
    VIETNAMESE_SYNONYMS,
    synonyms,
)
from assistant.understand.language import is_stopword, phrase_key, tokens
from ingest import fold, normalize_text

# Document numbers ("57-NQ/TW", "3394/BC-UBND") are matched as one phrase.
IDENTIFIER = re.compile(r"\b\d+(?:[-/][^\W\d_]{1,8})+\b")
_WORD = re.compile(r"[^\W\d_]+")
# Combining tone marks: grave, acute, tilde, hook above, dot below.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_HOI_NGA = {"\u0309": "\u0303", "\u0303": "\u0309"}


@dataclass(frozen=True, slots=True)
class Concept:
    """One thing the evidence must mention: folded alternative phrases for it."""

    phrases: tuple[str, ...]
    label: str
    weight: float = 1.0
    # A whole term (a glossary phrase, a synonym group, a document number), not a loose
    # syllable: only terms are trusted to name what an answer must mention.
    is_term: bool = False
    # (folded phrase, as written) for one-syllable words: folding merges "bản" (village)
    # with "bàn" ("địa bàn") and "thu" (collect) with "thủ" ("thủ tục").
    spelled: tuple[tuple[str, str], ...] = ()


# How `has_concept` finds one folded phrase: its padded needle, its dated form ("tháng 11"
# in "tháng 11/2025", see `contains`) and, for a word the question wrote with its tone
# marks, that word's spellings and the pattern finding one as a whole word.
Needle = tuple[str, str | None, tuple[str, ...], re.Pattern[str] | None]


def written_form(concept: Concept) -> str:
    """The concept as the question wrote it: tone marks kept where it had them."""
    return " ".join(written for _, written in concept.spelled) or concept.label


def has_concept(concept: Concept, folded: str, written: str) -> bool:
    """Whether `concept` is in a text, given folded (padded) and as written (lower-case)."""
    return holds_needles(concept_needles(concept), folded, written)


def holds_needles(needles: tuple[Needle, ...], folded: str, written: str) -> bool:
    """`has_concept` for a concept's `concept_needles`, made once by a caller testing many."""
    for needle, dated, spellings, form in needles:
        # Every spelling of a spelled phrase folds to it: the cheap folded test comes first,
        # then a substring test before the whole-word pattern.
        if (needle in folded or (dated is not None and dated in folded)) and (
            form is None
            or (any(s in written for s in spellings) and form.search(written) is not None)
        ):
            return True
    return False


@lru_cache(maxsize=4096)
def concept_needles(concept: Concept) -> tuple[Needle, ...]:
    """What `has_concept` looks for in a text, for each phrase of `concept`.

    Made once per concept: a list question over a province tests a concept in hundreds of
    thousands of passages.
    """
    spelled = dict(concept.spelled)
    return tuple(
        (
            *phrase_needles(phrase),
            tuple(written_variants(spelled[phrase])) if phrase in spelled else (),
            written_word(spelled[phrase]) if phrase in spelled else None,
        )
        for phrase in concept.phrases
    )


@cache
def written_word(form: str) -> re.Pattern[str]:
    """`form` as a whole word, in any of its tone-mark spellings."""
    spellings = "|".join(re.escape(spelling) for spelling in written_variants(form))
    return re.compile(rf"(?<!\w)(?:{spellings})(?!\w)")


def written_variants(word: str) -> list[str]:
    """`word` as reports may write it, tone mark on any vowel ("tuý", "túy").

    Also hỏi for ngã and back ("sạt lở", "sạt lỡ"): the commonest misspelling.
    """
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    if len(tones) != 1:
        return [word]
    bare = [ch for ch in decomposed if ch not in _TONE_MARKS]
    spellings = [word]
    for tone in {tones[0], _HOI_NGA.get(tones[0], tones[0])}:
        for i, ch in enumerate(bare):
            if ch.lower() in "aeiouy":
                # The tone goes after the vowel and any shape mark on it ("ơ" = o + horn).
                end = i + 1
                while end < len(bare) and unicodedata.combining(bare[end]):
                    end += 1
                placed = "".join([*bare[:end], tone, *bare[end:]])
                spellings.append(unicodedata.normalize("NFC", placed))
    return list(dict.fromkeys(spellings))


def question_concepts(
    question: str,
    folded: str,
    in_vocabulary: Callable[[str], bool],
    *,
    language: Language,
) -> tuple[tuple[Concept, ...], list[str]]:
    """The concepts of `question` and the Vietnamese terms its English words expand to.

    Args:
        question: the question as typed.
        folded: its folded text with what must not count (commune names, superlatives)
            already blanked out.
        in_vocabulary: whether the reports use a word, as typed ("Put" the village; the
            English "put" only if the reports write it in lower case).
        language: the question's language.
    """
    concepts = [
        # A document number ("57-NQ/TW") is matched as one phrase, not as its parts.
        Concept((" ".join(tokens(found)),), found, is_term=True)
        for found in IDENTIFIER.findall(question)
    ]
    folded = fold(IDENTIFIER.sub(" ", folded))
    if language == "en":
        dates, folded = english_dates(folded)
        concepts += dates
    expansions: list[str] = []
    for group in VIETNAMESE_SYNONYMS:
        for member in group:
            pattern = _word_re(fold(member))
            if pattern.search(folded):
                concepts.append(Concept(synonyms(member), member, is_term=True))
                # The search looks for the other spellings too ("CCHC" for "cải cách
                # hành chính").
                expansions.extend(other for other in group if other != member)
                folded = pattern.sub(" ", folded)
    concepts += _word_concepts(question, folded, in_vocabulary, language=language)
    return tuple(concepts), expansions


_MONTH = "|".join(MONTHS)
_ENGLISH_DATE = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\b"
    rf"|\b(?P<month2>{_MONTH})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:ha|%))"
)


_ENGLISH_MONTH = re.compile(rf"\b(?:{'|'.join(m for m in MONTHS if m != 'may')})\b")


def english_dates(folded: str) -> tuple[list[Concept], str]:
    """English dates ("28 May", "May 28th", "November") as the reports write them.

    Returns the concepts and the text without the dates, so "28" and "may" do not count
    again on their own.
    """
    concepts = []
    for match in _ENGLISH_DATE.finditer(folded):
        day = int(match["day"] or match["day2"])
        month = MONTHS.index(match["month"] or match["month2"]) + 1
        if 1 <= day <= 31:
            forms = (f"{day}/{month}", f"{day:02d}/{month:02d}", f"ngay {day} thang {month}")
            concepts.append(Concept(tuple(dict.fromkeys(forms)), forms[0], is_term=True))
    folded = _ENGLISH_DATE.sub(" ", folded)
    # A month on its own ("in November 2025") as the reports write it ("tháng 11").
    for match in _ENGLISH_MONTH.finditer(folded):
        month = MONTHS.index(match.group()) + 1
        concepts.append(Concept((f"thang {month}", f"thang {month:02d}"), f"tháng {month}"))
    # "may" is left alone: more often the verb than the month.
    return concepts, _ENGLISH_MONTH.sub(" ", folded)


def _word_concepts(
    question: str, folded: str, in_vocabulary: Callable[[str], bool], *, language: Language
) -> list[Concept]:
    typed = _typed_words(question)
    # An English question's marks are its Vietnamese names': "May" there may be the month.
    is_marked = language == "vi" and fold(question) != normalize_text(question).lower()
    concepts = []
    for word in dict.fromkeys(tokens(folded)):
        written = typed.get(word, word)
        # "tổ" folds to the English "to": English stopwords only in English questions.
        if is_stopword(written, language=language, is_marked_question=is_marked):
            continue
        has_marks = fold(written) != written.lower()
        # An English question keeps its untranslated words only when the reports use
        # them ("FSC", a village name); Vietnamese words always count, found or not.
        if language == "vi" or has_marks or in_vocabulary(written):
            spelled = ((word, written.lower()),) if has_marks else ()
            concepts.append(Concept((word,), word, spelled=spelled))
    return concepts


def _typed_words(question: str) -> dict[str, str]:
    """Folded word -> the word as the question typed it (tone marks normalised)."""
    typed: dict[str, str] = {}
    for word in _WORD.findall(normalize_text(question)):
        typed.setdefault(fold(word), word)
    return typed


def _spelled(terms: Iterable[str]) -> tuple[tuple[str, str], ...]:
    # One syllable is too short to trust folded: "thu" (collect) would find "thủ tục",
    # "ong" (bee) every "ông".
    return tuple(
        (phrase_key(term), normalize_text(term).lower())
        for term in terms
        if len(tokens(term)) == 1 and _WORD.fullmatch(term)
    )


def _word_re(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")
