"""Extraction of candidate claims (sentences, speakers, figures) from article text.

A pure module: no web framework, no database. See extract.extract for the entry point.
"""

from app.extraction.extract import extract
from app.extraction.model import Candidate, ExtractedFigure, KnownSpeaker

__all__ = ["Candidate", "ExtractedFigure", "KnownSpeaker", "extract"]
