from bench.bench_ocr import error_rate, normalise


def test_a_wrong_tone_mark_is_one_error_per_character_of_the_reference() -> None:
    reference = normalise("khu vực  đồi\nBharoi")
    assert reference == "khu vực đồi Bharoi"
    assert error_rate(reference, "khu vực đổi Bharoi") == 1 / len(reference)
    assert error_rate(reference, reference) == 0.0
