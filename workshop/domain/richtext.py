"""Rich text the facilitator types: a small Markdown subset read into a small tree.

The subset (documented in docs/export-format.md):
- `**bold**` (or `__bold__`) and `*italic*` (or `_italic_`, between words only);
- `[text](https://...)` links: http, https and mailto only; any other link (javascript:,
  data:, a relative path...) stays the text it was typed as;
- lines starting with "- ", "* ", "+ " or "• " make a bulleted list, "1. " or "1) " a
  numbered one (an indented line under an item continues it);
- a blank line separates paragraphs; other line breaks inside a paragraph are spaces;
- a backslash keeps the next punctuation sign as it is ("\\*" is a star).
Nothing else is read: HTML tags, images, headings and code are plain text, which every
renderer escapes. The tree holds text only, so no markup ever comes out of a user's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting; `href` is an allowed link, or ""."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class ItemList:
    """A bulleted (or numbered, from `start`) list; each item is a line of runs."""

    ordered: bool
    items: tuple[tuple[Run, ...], ...]
    start: int = 1


Block = Paragraph | ItemList

_ESCAPABLE = r"\\`*_{}\[\]()#+\-.!<>&|~"
_INLINE = re.compile(
    rf"\\(?P<escaped>[{_ESCAPABLE}])"
    r"|\[(?P<label>[^\[\]\n]+)\]\((?P<url>[^()\s]+)\)"
    r"|\*\*(?P<bold>[^\s*](?:.*?[^\s*])?)\*\*"
    r"|(?<!\w)__(?P<bold2>[^\s_](?:.*?[^\s_])?)__(?!\w)"
    r"|\*(?P<italic>[^\s*](?:[^*]*[^\s*])?)\*"
    r"|(?<!\w)_(?P<italic2>[^\s_](?:[^_]*[^\s_])?)_(?!\w)"
)
_ITEM = re.compile(r"^\s{0,3}(?:(?P<bullet>[-*+•])|(?P<number>\d{1,9})[.)])\s+(?P<text>.*)$")


def allowed_link(url: str) -> bool:
    """Tell whether a link may be followed: http(s) or mailto, nothing else."""
    lowered = url.strip().lower()
    return any(lowered.startswith(scheme) and len(lowered) > len(scheme) for scheme in SCHEMES)


def parse_inline(text: str, bold: bool = False, italic: bool = False) -> tuple[Run, ...]:
    """Read one line's emphasis and links into runs (adjacent same-format runs joined)."""
    runs: list[Run] = []
    position = 0
    for match in _INLINE.finditer(text):
        runs.append(Run(text[position : match.start()], bold, italic))
        runs += _inline_match(match, bold, italic)
        position = match.end()
    runs.append(Run(text[position:], bold, italic))
    return join_runs(runs)


def _inline_match(match: re.Match, bold: bool, italic: bool) -> list[Run]:
    if match["escaped"] is not None:
        return [Run(match["escaped"], bold, italic)]
    if match["label"] is not None:
        if not allowed_link(match["url"]):
            return [Run(match[0], bold, italic)]
        inner = parse_inline(match["label"], bold, italic)
        return [Run(run.text, run.bold, run.italic, match["url"].strip()) for run in inner]
    if (strong := match["bold"] or match["bold2"]) is not None:
        return list(parse_inline(strong, True, italic))
    return list(parse_inline(match["italic"] or match["italic2"], bold, True))


def join_runs(runs: Iterable[Run]) -> tuple[Run, ...]:
    """Drop empty runs and join neighbours of the same formatting."""
    joined: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        last = joined[-1] if joined else None
        if last and (last.bold, last.italic, last.href) == (run.bold, run.italic, run.href):
            joined[-1] = Run(last.text + run.text, run.bold, run.italic, run.href)
        else:
            joined.append(run)
    return tuple(joined)


def _lines_to_runs(lines: list[str]) -> tuple[Run, ...]:
    return parse_inline(" ".join(" ".join(line.split()) for line in lines))


def parse(text: str) -> tuple[Block, ...]:
    """Read a text into paragraphs and lists; blank lines separate blocks."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", (text or "").replace("\r\n", "\n")):
        blocks += _blocks(chunk)
    return tuple(blocks)


def _blocks(chunk: str) -> list[Block]:
    """Read one blank-line-free chunk: paragraph lines, then list items, in any order."""
    blocks: list[Block] = []
    lines: list[str] = []  # the paragraph or item being read
    items: list[list[str]] = []
    ordered, start = False, 1

    def close() -> None:
        nonlocal items, lines
        if items:
            runs = tuple(_lines_to_runs(item) for item in items)
            blocks.append(ItemList(ordered, tuple(r for r in runs if r), start))
        elif lines and (runs := _lines_to_runs(lines)):
            blocks.append(Paragraph(runs))
        items, lines = [], []

    for line in chunk.split("\n"):
        if not line.strip():
            continue
        item = _ITEM.match(line)
        if item and (not items or (item["number"] is not None) == ordered):
            if not items:
                close()
                ordered = item["number"] is not None
                start = int(item["number"]) if ordered else 1
            items.append([item["text"]])
        elif item:  # the other kind of list starts
            close()
            ordered = item["number"] is not None
            start = int(item["number"]) if ordered else 1
            items.append([item["text"]])
        elif items and line[:1] in (" ", "\t"):
            items[-1].append(line)  # an indented line continues its item
        else:
            if items:
                close()
            lines.append(line)
    close()
    return [block for block in blocks if not isinstance(block, ItemList) or block.items]


def parse_all(texts: Iterable[str]) -> tuple[Block, ...]:
    """Read several texts (paragraphs of one field) as one run of blocks."""
    return tuple(block for text in texts for block in parse(text))


def plain(text: str) -> str:
    """Return a text without its markup: the words a reader sees, on one line."""
    return " ".join(
        "".join(run.text for run in runs)
        for block in parse(text)
        for runs in (block.items if isinstance(block, ItemList) else (block.runs,))
    )


def rich_paragraphs(text: str) -> list[str]:
    """Split a rich text at blank lines, keeping each block's own line breaks (lists)."""
    blocks = re.split(r"\n[ \t]*\n", (text or "").replace("\r\n", "\n"))
    return [block.strip("\n") for block in blocks if block.strip()]
