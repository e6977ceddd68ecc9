"""The items of a JSON array as its bytes arrive, each item's text apart, in bounded memory.

A JSON import may be one array of many claims. Parsed whole, it costs memory many times its
size and a long stretch of work before the first row is read. Here the array is cut into its
items' texts as blocks arrive: regular expressions skip over strings and plain values, and
only brackets, braces, commas and quotes are looked at. Each item is then parsed on its own,
like an NDJSON line, with the same strict rules.

What cutting cannot be sure of (an item that is not valid JSON) is left to the item's own
parsing; what it can (no array at all, an array never closed, text after it, an empty item)
is a BadRequest. Memory holds the current item (at most max_item bytes of it) and one block.
"""

from __future__ import annotations

import re

from app.core.errors import BadRequest

_STRUCTURE = re.compile(rb'["\[\]{},]')


# Run once, at import, to build _ITEM (mutation testing leaves it out: a mutant of code that
# runs before a test can switch it on could only survive; every test of cutting needs it).
def _nested(levels: int, *, top: bool) -> bytes:  # pragma: no mutate block
    """A run of JSON text whose brackets balance within `levels` (possessive: no backtracking);
    at the top, it stops at a comma or bracket between items."""
    plain = rb'[^"\[\]{},]++' if top else rb'[^"\[\]{}]++'
    inner = b"" if levels == 0 else _nested(levels - 1, top=False)
    nests = b"" if levels == 0 else rb"|\[" + inner + rb"\]|\{" + inner + rb"\}"
    # A string's characters in runs, not one alternation per character (3x faster to cut).
    return rb'(?:"[^"\\]*+(?:\\.[^"\\]*+)*+"|' + plain + nests + rb")*+"


# An item whole, when it has arrived and nests at most five deep: cut by the regex engine in
# one step. Anything else (deeper, or not all here yet) is read bracket by bracket.
_ITEM = re.compile(_nested(5, top=True), re.DOTALL)
_STRING_REST = re.compile(
    rb'[^"\\]*+(?:\\.[^"\\]*+)*+', re.DOTALL
)  # to a closing quote, or the end
_SPACE = b" \t\r\n"
QUOTE, OPEN, CLOSE, COMMA = ord('"'), (ord("["), ord("{")), (ord("]"), ord("}")), ord(",")
NOT_AN_ARRAY = "a JSON import body is an array of claims; use NDJSON for one per line"


class ArrayCutter:
    """Feed blocks; get back the texts of the items they complete (too long ones as None)."""

    def __init__(self, max_item: int | None = None) -> None:
        """max_item: the most bytes of one item kept; a longer item is given as None."""
        self.max_item = max_item
        self.items = 0
        self._buffer = bytearray()  # from the start of the current item (or of the body)
        self._scan = 0  # where reading resumes in _buffer
        self._depth = 0  # 0 before the array opens, 1 between its items, more inside one
        self._in_string = False
        self._closed = False
        self._dropped = 0  # bytes of the current (too long) item no longer kept

    def feed(self, block: bytes) -> list[bytes | None]:
        """The items this block completes, in order."""
        self._buffer += block
        if self._closed:
            self._trailing()
            return []
        if self._depth == 0 and not self._open():
            return []
        found: list[bytes | None] = []
        buffer, start, at = self._buffer, 0, self._scan
        while True:
            if self._in_string:
                at = _STRING_REST.match(buffer, at).end()  # type: ignore[union-attr]
                if at >= len(buffer) or buffer[at] != QUOTE:
                    break  # the string goes on in the next block
                at += 1
                self._in_string = False
            if self._depth == 1:
                at = _ITEM.match(buffer, at).end()  # type: ignore[union-attr]
            mark = _STRUCTURE.search(buffer, at)
            if mark is None:
                at = len(buffer)
                break
            byte, at = buffer[mark.start()], mark.end()
            if byte == QUOTE:
                self._in_string = True
            elif byte in OPEN:
                self._depth += 1
            elif self._depth > 1:
                self._depth -= byte in CLOSE
            elif byte == CLOSE[1]:
                raise BadRequest("the JSON array is closed with '}', not ']'")
            else:  # a comma or the close between items
                self._cut(found, start, mark.start(), closing=byte != COMMA)
                start = at
                if byte != COMMA:
                    self._closed = True
                    del buffer[:start]
                    self._trailing()
                    return found
        del buffer[:start]
        self._scan = at - start
        self._bound()
        return found

    def close(self) -> int:
        """End of body: the number of items; BadRequest if there was no array or it never
        closed."""
        if self._depth == 0 and not self._closed:
            raise BadRequest(NOT_AN_ARRAY)
        if not self._closed:
            raise BadRequest("the JSON array is not closed: the body ends inside it")
        return self.items

    def _open(self) -> bool:
        text = self._buffer.lstrip(_SPACE)
        if not text:
            self._buffer.clear()
            return False
        if text[0] != OPEN[0]:
            raise BadRequest(NOT_AN_ARRAY)
        self._buffer = bytearray(text[1:])
        self._depth, self._scan = 1, 0
        return True

    def _cut(self, found: list[bytes | None], start: int, end: int, *, closing: bool) -> None:
        text = self._buffer[start:end]
        dropped, self._dropped = self._dropped, 0
        if not dropped and not text.strip(_SPACE):
            if closing and not self.items:
                return  # []
            raise BadRequest(f"item {self.items} of the JSON array is empty (an extra comma?)")
        self.items += 1
        too_long = self.max_item is not None and dropped + len(text) > self.max_item
        found.append(None if too_long else bytes(text))

    def _bound(self) -> None:
        """Stop keeping the text of an item once it is longer than max_item."""
        if self.max_item is not None and self._dropped + len(self._buffer) > self.max_item:
            self._dropped += self._scan
            del self._buffer[: self._scan]
            self._scan = 0

    def _trailing(self) -> None:
        if self._buffer.strip(_SPACE):
            raise BadRequest("the body goes on after its JSON array")
        self._buffer.clear()
