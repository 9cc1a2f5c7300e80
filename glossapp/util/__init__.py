"""Small utilities with no knowledge of glossaries: paths, digests, text normalisation, atomic files."""
