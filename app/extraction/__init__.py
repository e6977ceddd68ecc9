"""Extraction of candidate claims (sentences, speakers, figures) from article text.

A pure package: no web framework, no database. Its stages, in the order a text goes through
them (extract.extract runs them; model holds the public types, budget the time limit):

1. `text`: paragraphs and sentences with their offsets, quoted spans;
2. `figures`: numbers as written, units, vague amounts and fractions, the numbers that are not
   figures (dates, ages, scores...), then qualifiers and ranges, joined in `quantities`;
3. `periods`: dates and periods ("since March 3" is `periods.relative`), and which period a
   figure falls under (`periods.scope`);
4. `speakers`: speech verbs and speaker phrases (`attribution`), known speakers in the text,
   who is quoted (`owners`);
5. candidates: `extract`, the sentences attributed to someone or carrying a figure.
"""

from app.extraction.extract import extract
from app.extraction.model import Candidate, ExtractedFigure, KnownSpeaker

__all__ = ["Candidate", "ExtractedFigure", "KnownSpeaker", "extract"]
