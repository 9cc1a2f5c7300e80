"""Search quality on the seed: queries people type, with the entries they mean.

Each query lists the acceptable answers by term (the seed has two `multirc` entries).
Queries are scored as typed (the last word may still be a prefix), for our engine and for
SQLite FTS5 given the same treatment (last word as a prefix, AND then OR).
"""

from __future__ import annotations

QUERIES: list[tuple[str, str, tuple[str, ...]]] = [
    # kind, query, acceptable terms
    ("exact", "multinli", ("multinli",)),
    ("exact", "musegan", ("musegan",)),
    ("exact", "murphy yield model", ("murphy yield model",)),
    ("exact", "multivariate control charts", ("multivariate control charts",)),
    ("exact", "multiple reflow survival", ("multiple reflow survival",)),
    ("prefix", "musen", ("musenet",)),
    ("prefix", "murph", ("murphy yield model",)),
    ("prefix", "multilegal", ("multilegalpile",)),
    ("prefix", "multiscale sim", ("multiscale simulation",)),
    ("prefix", "multinom", ("multinomial diffusion",)),
    ("prefix", "music rec", ("music recommendation",)),
    ("typo", "musgan", ("musegan",)),
    ("typo", "multinomal diffusion", ("multinomial diffusion",)),
    ("typo", "murphy yeild model", ("murphy yield model",)),
    ("typo", "multivarate outlier", ("multivariate outlier",)),
    ("typo", "museformr", ("museformer",)),
    ("typo", "multimodl promting", ("multimodal prompting",)),
    ("typo", "musik generation", ("music generation",)),
    ("typo", "reflw survival", ("multiple reflow survival",)),
    ("acronym", "NLI", ("multinli",)),
    (
        "acronym",
        "MLLM",
        ("multimodal large language model", "multimodal large language model mllm"),
    ),
    ("acronym", "MVA", ("multivariate analysis",)),
    ("acronym", "TPP", ("multivariate tpp",)),
    ("acronym", "CLIP", ("multimodal contrastive learning clip",)),
    ("alias", "xlm roberta", ("multilingual nlp",)),
    ("alias", "natural language inference", ("multinli",)),
    ("alias", "cross lingual transfer", ("multilingual nlp",)),
    ("alias", "llava", ("multimodal learning", "multimodal large language model")),
    ("alias", "late fusion early fusion", ("multimodal fusion", "multimodal fusion strategies")),
    ("alias", "any to any modality", ("multimodal foundation model omni",)),
    ("alias", "multi level fusion", ("multimodal fusion hierarchical",)),
    ("normalised", "multi nli", ("multinli",)),
    ("normalised", "code mixing", ("multilingual code-mixing",)),
    ("normalised", "multi vt design", ("multi-vt design",)),
    ("normalised", "Multi-VT Libraries", ("multi-vt libraries",)),
    (
        "concept",
        "transistors with different threshold voltages",
        ("multi-vt design", "multi-vt libraries"),
    ),
    ("concept", "fact checking claims dataset", ("multifc",)),
    ("concept", "legal text pretraining corpus", ("multilegalpile",)),
    ("concept", "solder reflow cycles", ("multiple reflow survival",)),
    ("concept", "reading comprehension questions over several sentences", ("multirc",)),
    ("concept", "defect density yield equation", ("murphy yield model",)),
    ("concept", "suggest songs to listeners", ("music recommendation",)),
    ("concept", "diffusion over categorical variables", ("multinomial diffusion",)),
]


Queries = list[tuple[str, str, tuple[str, ...]]]


def rank_of(terms: list[str], expected: tuple[str, ...]) -> int | None:
    """The 1-based rank of the first acceptable term among the first 10, or None."""
    return next((i for i, term in enumerate(terms[:10], 1) if term in expected), None)


def score(ranked_terms: list[list[str]], queries: Queries | None = None) -> tuple[float, float]:
    """hit@3 and mean reciprocal rank (over the first 10) for each query's ranked terms."""
    queries = QUERIES if queries is None else queries
    hits = 0
    reciprocal = 0.0
    for (_, _, expected), terms in zip(queries, ranked_terms, strict=True):
        rank = rank_of(terms, expected)
        if rank is not None:
            hits += rank <= 3
            reciprocal += 1 / rank
    return hits / len(queries), reciprocal / len(queries)
