"""Comparing editions: which standards correspond (topics), what changed (diff), what a case owes under each (compare)."""
