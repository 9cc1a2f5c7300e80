from glossapp.glossary.model import Entry, stable_entry_id
from glossapp.glossary.name_keys import name_keys, packed, unpacked
from glossapp.search.names import NameIndex
from glossapp.util.textnorm import compact, normalize


def entry(term, title="", category="", aliases=()):
    entry_id = stable_entry_id("x.txt", term, category, tuple(aliases), 0)
    return Entry(
        entry_id, term, title or term, category, tuple(aliases), "**Body** text.", "x.txt", 1
    )


def terms(matches):
    return [m.entry.term for m in matches]


def test_normalisation_folds_case_accents_hyphens_and_spaces():
    assert normalize("  Naïve--Bayes_Classifier ") == "naive bayes classifier"
    assert compact("Multi-NLI") == "multinli"


def test_exact_match_comes_before_prefix_matches():
    index = NameIndex([entry("transformer xl"), entry("transformer"), entry("transfer learning")])
    matches = index.lookup("Transformer")
    assert terms(matches) == ["transformer", "transformer xl"]
    assert [m.exact for m in matches] == [True, False]


def test_spaces_and_hyphens_do_not_matter():
    index = NameIndex([entry("code-mixing"), entry("multinli", aliases=("nli benchmark",))])
    assert terms(index.lookup("code mixing")) == ["code-mixing"]
    assert terms(index.lookup("CODE_MIXING")) == ["code-mixing"]
    assert terms(index.lookup("multi nli")) == ["multinli"]
    assert terms(index.lookup("nli")) == ["multinli"]  # alias prefix


def test_titles_and_aliases_are_names_and_each_entry_comes_once():
    index = NameIndex([entry("mllm", title="Multimodal LLM", aliases=("multimodal llm",))])
    assert terms(index.lookup("multimodal")) == ["mllm"]


def test_limit_and_category_filter():
    entries = [entry(f"wafer {i}", category="yield" if i % 2 else "process") for i in range(10)]
    index = NameIndex(entries)
    assert len(index.lookup("wafer", limit=3)) == 3
    assert {m.entry.category for m in index.lookup("wafer", category="Yield")} == {"yield"}
    assert index.lookup("") == []
    assert index.lookup("zzz") == []


def test_an_index_joined_from_parts_equals_one_built_from_all_entries():
    first = [entry("transformer xl"), entry("Multi-NLI", aliases=("multi nli",))]
    second = [entry("transformer"), entry("multinli"), entry("zeta")]
    third = [entry("transformer", category="other")]
    whole = NameIndex(first + second + third)
    joined = NameIndex.joined(
        [(first, name_keys(first)), (second, None), (third, name_keys(third))]
    )
    assert (joined._keys, joined._positions) == (whole._keys, whole._positions)
    for query in ("transformer", "multi nli", "multinli", "z", "t"):
        assert joined.lookup(query) == whole.lookup(query)


def test_name_keys_survive_packing():
    entries = [entry("alpha beta"), entry("Gamma", aliases=("g-ray", "gamma"))]
    assert unpacked(packed(name_keys(entries))) == name_keys(entries)
    assert unpacked(packed(name_keys([]))) == ([], [])
