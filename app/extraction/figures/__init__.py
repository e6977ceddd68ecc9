"""Stage 2, numbers and units, then qualifiers: numbers as written (digits, scale words,
spelled out), units, vague amounts, fractions, the numbers that are not figures, then
qualifiers ("more than", "about") and ranges, joined into a sentence's figures (quantities)."""
