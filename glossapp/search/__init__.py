"""Finding entries: the engine, the name tier, query planning, snippets and the vocabulary; Whoosh lives in search.whoosh."""
