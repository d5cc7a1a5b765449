"""Memory backends: one module per database, each passing the memory contract suite."""
