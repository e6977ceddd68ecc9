"""PostgreSQL WAL positions ("log sequence numbers") as text and as numbers."""

import re

LSN = re.compile(r"[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")


def parse_lsn(position: str) -> int:
    """A WAL position such as 0/16B3748 as one number (they compare as numbers)."""
    if not LSN.fullmatch(position):
        raise ValueError(f"{position!r} is not a WAL position like 0/16B3748")
    high, low = position.split("/")
    return (int(high, 16) << 32) | int(low, 16)
