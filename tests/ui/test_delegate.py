from glossapp.ui.delegate import snippet_segments


def test_snippet_starts_shortly_before_its_first_match():
    html = "…" + "lead words " * 10 + "before <b>leakage</b> &amp; <b>power</b> after…"
    segments = snippet_segments(html)
    assert segments[0][0].startswith("\u2026")
    assert len(segments[0][0]) <= 30
    assert [text for text, is_match in segments if is_match] == ["leakage", "power"]
    assert segments[2] == (" & ", False)


def test_snippet_without_match_is_kept_whole():
    assert snippet_segments("plain &lt;text&gt;") == [("plain <text>", False)]
    assert snippet_segments("") == []
