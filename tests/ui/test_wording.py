from glossapp.ui.wording import count


def test_counted_nouns():
    assert count(1, "entry", "entries") == "1 entry"
    assert count(2, "entry", "entries") == "2 entries"
    assert count(1204, "result") == "1,204 results"
    assert count(0, "bookmark") == "0 bookmarks"
