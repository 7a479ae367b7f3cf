"""Typing a group's paper answers fast: one heading a line, indented lines are sub-points."""

from dataclasses import dataclass

BULLETS = "-*•–➤>"


@dataclass(frozen=True)
class OutlineItem:
    heading: str
    subpoints: tuple[str, ...]


def parse_outline(text: str) -> list[OutlineItem]:
    """Read headings (lines at the margin) and their sub-points (indented or bulleted).

    Sub-points before any heading become headings of their own, so nothing typed
    is lost.
    """
    items: list[tuple[str, list[str]]] = []
    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        if not raw.strip():
            continue
        is_sub = raw[:1] in (" ", "\t") or raw.strip()[:1] in BULLETS
        line = raw.strip().lstrip(BULLETS).strip()
        if not line:
            continue
        if is_sub and items:
            items[-1][1].append(line)
        else:
            items.append((line, []))
    return [OutlineItem(heading, tuple(subs)) for heading, subs in items]
