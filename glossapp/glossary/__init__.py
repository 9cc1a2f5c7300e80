"""Reading glossaries: the entry model, the file parser, the parse cache and the library of sources."""
