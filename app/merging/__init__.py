"""Merging two speakers, sources or measures into one, and undoing it."""
