from glossapp.search.vocabulary import Vocabulary, VocabularyStore


def test_prefix_expansion_keeps_the_most_frequent_words():
    words = Vocabulary({"model": 50, "modal": 5, "mode": 20, "modulation": 1, "mask": 99})
    assert words.expand("mod", keep=2) == ["model", "mode"]
    assert words.expand("zzz") == []


def test_first_at_or_after_seeks_in_sorted_order():
    words = Vocabulary({"beta": 1, "alpha": 1, "gamma": 1})
    assert words.first_at_or_after("b") == "beta"
    assert words.first_at_or_after("alpha") == "alpha"
    assert words.first_at_or_after("zeta") is None


def test_store_round_trip_and_damage(tmp_path):
    store = VocabularyStore(tmp_path)
    store.save({"a.txt:1": {"wafer": 2, "yield": 1}, "b.txt:2": {"wafer": 1}})
    assert store.load_totals().frequency("wafer") == 3
    assert store.load_sources()["b.txt:2"] == {"wafer": 1}
    (tmp_path / "glossapp-words.marshal").write_bytes(b"\x00junk")
    assert store.load_totals() is None
