"""The garbage collector of a long-running process: its start-up heap frozen, fewer collections.

A process that serves one app for its lifetime (or runs one long import) keeps every object of
its start-up alive (modules, the unit registry, schemas, routes: about 160,000); `gc.freeze`
moves them out of the collector's sight, so that a full collection does not walk them all (100
to 200 ms during which no request is served). The thresholds then let far more allocations by
between collections than CPython's default (700, 10, 10): an import of 10,000 rows allocates
millions of objects, most of them garbage within the batch, and spent a fifth of its time in
collections (bench/README.md, "Imports"). Young objects are still collected; cycles wait longer.
"""

import gc

THRESHOLDS = (50_000, 20, 100)  # generation 0 allocations, then collections of 0 and of 1


def settle() -> None:
    """Collect once, freeze what is left, and collect less often from now on."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
