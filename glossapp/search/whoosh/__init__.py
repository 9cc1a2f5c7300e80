"""The only package that imports Whoosh: the full-text index, its analysis, ranking and the patches it needs."""
