"""Walking a regular expression's structure: where its groups open and close and where it
branches, outside escapes and character classes. What the lexicon needs to split a regex into
its top-level alternatives and the cue prefilter to find the end of a group."""

from __future__ import annotations

from collections.abc import Iterator


def structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, depth after it) of every `(`, `)` and `|` of `pattern` from `start`
    that is not escaped and not inside a character class (`[]...]` and `[^]...]` included)."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif c in "()|":
            depth += (c == "(") - (c == ")")
            yield i, c, depth
        i += 1


def group_end(pattern: str, start: int) -> int | None:
    """Index just past the group that opens at `start`; None when it does not close."""
    closing = (i + 1 for i, c, depth in structure(pattern, start) if c == ")" and not depth)
    return next(closing, None)


def alternatives(pattern: str) -> list[str]:
    """`pattern` split at its top-level `|`."""
    cuts = [i for i, c, depth in structure(pattern) if c == "|" and not depth]
    return [pattern[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(pattern)], strict=True)]
