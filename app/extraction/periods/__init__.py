"""Stage 3, time: dates as written, resolved against said_on; periods ("since August 6",
"last year") and which of them a figure falls under."""
