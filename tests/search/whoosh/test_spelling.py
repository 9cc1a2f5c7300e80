from glossapp.search.vocabulary import Vocabulary
from glossapp.search.whoosh.spelling import corrections


def test_corrections_prefer_fewer_edits_then_more_frequent_words():
    words = Vocabulary({"calibration": 3, "calibrations": 9, "validation": 40})
    assert corrections(words, "calibraton", maxdist=2) == ["calibration", "calibrations"]
    assert corrections(words, "xalibration", maxdist=1) == []  # the first letter must match


def test_the_word_itself_is_no_correction_and_limit_applies():
    words = Vocabulary({"model": 9, "modal": 5, "medal": 1, "motel": 2})
    assert corrections(words, "model", maxdist=1, prefix=1, limit=2) == ["modal", "motel"]
