"""Stage 1, text: paragraphs and sentences with their offsets, and quoted spans."""
