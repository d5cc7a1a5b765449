"""File formats. Unit formats (PO, TMX, XLIFF) follow the read/write protocol of STYLE.md; the
glossary formats (tbx, tsv, csv) expose ``read_glossary(path)`` / ``write_glossary(glossary,
path)`` and are registered in tm.glossary.io, since a glossary is not a list of units."""
