"""A spaCy baseline served behind herald's request contract, for ``make bench`` only (see README.md here)."""
