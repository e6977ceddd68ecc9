"""Stage 4, speakers: speech verbs and the phrases next to them, known speakers found in the
text, and who is quoted."""
