"""The facilitator's rich text as HTML: one renderer for the exported minutes and the live
pages (projector, console, phones).

The text is read by the pure parser (domain/richtext.py) into text-only runs; every text is
escaped here, and only the subset's emphasis, lists and allowed links (http, https, mailto)
become tags. A link opens nothing of ours: it carries rel="noopener noreferrer".
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from workshop.domain.richtext import ItemList, Run, parse_all

LINK_REL = "noopener noreferrer"


def runs_html(runs: Iterable[Run]) -> Markup:
    """Return one line of runs as inline HTML: <strong>, <em> and <a>, the text escaped."""
    parts = []
    for run in runs:
        text = escape(run.text)
        if run.italic:
            text = Markup("<em>%s</em>") % text
        if run.bold:
            text = Markup("<strong>%s</strong>") % text
        if run.href:
            text = Markup('<a href="%s" rel="%s">%s</a>') % (run.href, LINK_REL, text)
        parts.append(text)
    return Markup("").join(parts)


def _attributes(class_: str, start: int = 1) -> Markup:
    found = Markup(' class="%s"') % class_ if class_ else Markup("")
    return found + (Markup(' start="%s"') % start if start != 1 else Markup(""))


def rich_html(
    texts: str | Iterable[str] | None,
    class_: str = "",
    list_class: str = "",
    limit: int | None = None,
) -> Markup:
    """Return a rich text (or several: the paragraphs of one field) as paragraphs and lists.

    `class_` goes on each paragraph, `list_class` on each list, one block a line; `limit`
    keeps only the first blocks (a projector shows the start of a long text).
    """
    if texts is None:
        texts = ()
    elif isinstance(texts, str):
        texts = (texts,)
    html = []
    for block in parse_all(texts)[:limit]:
        if isinstance(block, ItemList):
            tag = "ol" if block.ordered else "ul"
            start = block.start if block.ordered else 1
            html.append(Markup("<%s%s>\n") % (tag, _attributes(list_class, start)))
            html += [Markup("  <li>%s</li>\n") % runs_html(item) for item in block.items]
            html.append(Markup("</%s>\n") % tag)
        else:
            html.append(Markup("<p%s>%s</p>\n") % (_attributes(class_), runs_html(block.runs)))
    return Markup("").join(html)
