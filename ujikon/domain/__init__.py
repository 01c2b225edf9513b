"""The domain core: records, the case machine and the legal rules. Pure: no I/O."""
