"""Content words: what an English question's words may be mapped to."""

from ingest.words import content_words


def test_words_and_pairs_in_text_order_lower_case_nfc():
    words = content_words("Hệ thống gồm 28 máy tính cá nhân")
    assert words[:3] == ["hệ", "hệ thống", "thống"]
    assert "máy tính" in words and "cá nhân" in words


def test_marked_words_are_not_taken_for_the_unmarked_function_word():
    # "máy" folds to "may" ("mấy", how many): as written it is a content word.
    assert "máy tính" in content_words("máy tính")
    assert content_words("mấy tính") == ["tính"]


def test_pairs_with_a_function_word_are_left_out():
    words = content_words("Ủy ban nhân dân của xã và các thôn")
    assert "dân của" not in words and "của xã" not in words and "và các" not in words
    assert "nhân dân" in words


def test_lone_unaccented_syllables_and_spaced_letters_are_left_out():
    words = content_words("an ninh c l t d y tế")
    assert "an" not in words and "an ninh" in words
    assert not any(word in words for word in ("c l", "l t", "t d", "c", "t"))
    assert "y tế" in words


def test_glued_syllables_are_split():
    assert "thường vụ" in content_words("Ban Thường vụĐảng uỷ")


def test_no_pair_spans_punctuation_or_a_figure():
    words = content_words("Hoàn thành. Kế hoạch gồm 28 máy")
    assert "thành kế" not in words and "gồm máy" not in words
    assert "kế hoạch" in words
