"""Horizontal bar chart of a ranking: inline SVG for HTML, PNG (Pillow) for DOCX.

Readable in black and white: retained orientations are solid dark bars, the others hatched,
every bar carries its score and rank, and a legend names both fills. The SVG uses presentation
attributes only (no `style`), so it passes a Content-Security-Policy without 'unsafe-inline'.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr  # nosec B406  # writes XML, never parses any

from workshop.domain.minutes import RankRow, rank_label
from workshop.exporters.words import Words, words_for

WIDTH = 640
LABEL_WIDTH = 270
BAR_X = LABEL_WIDTH + 10
BAR_MAX = 300
ROW_HEIGHT = 34
TOP = 34
LINE_CHARS = 40
FONT_SIZE = 12
DARK = "#222222"
FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


@dataclass(frozen=True)
class Bar:
    y: int
    width: int
    lines: tuple[str, ...]
    score: int
    retained: bool
    label: str


def _label_lines(row: RankRow) -> tuple[str, ...]:
    lines = textwrap.wrap(f"{rank_label(row)} {row.label}", LINE_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LINE_CHARS, placeholder="…")]
    return tuple(lines)


def layout(rows: tuple[RankRow, ...]) -> tuple[Bar, ...]:
    """Place one bar per row; widths are proportional to the best score (0 gives no bar)."""
    best = max((row.score for row in rows), default=0) or 1
    return tuple(
        Bar(
            TOP + i * ROW_HEIGHT,
            round(BAR_MAX * row.score / best),
            _label_lines(row),
            row.score,
            row.retained,
            row.label,
        )
        for i, row in enumerate(rows)
    )


def chart_height(rows: tuple[RankRow, ...]) -> int:
    """Return the chart's height in pixels for that many rows."""
    return TOP + len(rows) * ROW_HEIGHT + 8


def _baseline(bar: Bar, line: int) -> int:
    """Centre the label's lines on the bar."""
    return bar.y + 19 - 7 * (len(bar.lines) - 1) + 14 * line


# --- SVG ----------------------------------------------------------------------------------


def _svg_defs(chart_id: str) -> str:
    return (
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{DARK}" stroke-width="2"/>'
        "</pattern></defs>"
    )


def _fill(chart_id: str, retained: bool) -> str:
    return DARK if retained else f"url(#{chart_id}-hatch)"


def _svg_text(x: int, y: int, content: str, anchor: str = "start") -> str:
    return (
        f'<text x="{x}" y="{y}" font-size="{FONT_SIZE}" text-anchor="{anchor}" '
        f'font-family="DejaVu Sans, Arial, sans-serif" fill="#000000">{escape(content)}</text>'
    )


def _svg_bar(bar: Bar, chart_id: str) -> str:
    parts = [f"<g><title>{escape(bar.label)}</title>"]
    for i, line in enumerate(bar.lines):
        parts.append(_svg_text(LABEL_WIDTH, _baseline(bar, i), line, "end"))
    if bar.width:
        parts.append(
            f'<rect x="{BAR_X}" y="{bar.y + 4}" width="{bar.width}" height="{ROW_HEIGHT - 12}" '
            f'fill="{_fill(chart_id, bar.retained)}" stroke="{DARK}" stroke-width="1"/>'
        )
    parts.append(_svg_text(BAR_X + bar.width + 6, bar.y + 19, str(bar.score)))
    return "".join(parts) + "</g>"


def _legend(words: Words) -> tuple[tuple[bool, str], ...]:
    """Return the legend's items: (retained, its name), solid first, then hatched."""
    return (
        (True, words.pgettext("minutes", "Retained")),
        (False, words.pgettext("minutes", "Not retained")),
    )


def chart_title(words: Words) -> str:
    """Return the chart's title, also its text alternative."""
    return words.gettext("Points per orientation")


def _svg_legend(words: Words, chart_id: str) -> str:
    parts = []
    for i, (retained, name) in enumerate(_legend(words)):
        x = BAR_X + i * 140
        parts.append(
            f'<rect x="{x}" y="8" width="16" height="12" fill="{_fill(chart_id, retained)}" '
            f'stroke="{DARK}" stroke-width="1"/>'
        )
        parts.append(_svg_text(x + 22, 18, name))
    return "".join(parts)


def bar_chart_svg(rows: tuple[RankRow, ...], lang: str, chart_id: str = "ranking-chart") -> str:
    """Return an accessible SVG bar chart of the ranking (all user text escaped)."""
    height = chart_height(rows)
    words = words_for(lang)
    title = chart_title(words)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ranking-chart" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f"aria-labelledby={quoteattr(chart_id + '-title')}>"
        f"<title id={quoteattr(chart_id + '-title')}>{escape(title)}</title>"
    )
    bars = "".join(_svg_bar(bar, chart_id) for bar in layout(rows))
    return head + _svg_defs(chart_id) + _svg_legend(words, chart_id) + bars + "</svg>"


# --- PNG ----------------------------------------------------------------------------------

SCALE = 2  # draw at twice the size so the picture stays sharp when printed


def _font(size: int):
    from PIL import ImageFont

    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _hatched(width: int, height: int, retained: bool):
    from PIL import Image, ImageDraw

    tile = Image.new("RGB", (width, height), DARK if retained else "white")
    draw = ImageDraw.Draw(tile)
    if not retained:
        for x in range(-height, width, 6 * SCALE):
            draw.line((x, height, x + height, 0), fill=DARK, width=2 * SCALE)
    draw.rectangle((0, 0, width - 1, height - 1), outline=DARK, width=SCALE)
    return tile


def _png_box(canvas, x: int, y: int, width: int, height: int, retained: bool) -> None:
    canvas.paste(_hatched(width * SCALE, height * SCALE, retained), (x * SCALE, y * SCALE))


def _png_text(draw, x: int, y: int, content: str, font, anchor: str = "ls") -> None:
    draw.text((x * SCALE, y * SCALE), content, fill="black", font=font, anchor=anchor)


def _png_bar(canvas, draw, bar: Bar, font) -> None:
    for i, line in enumerate(bar.lines):
        _png_text(draw, LABEL_WIDTH, _baseline(bar, i), line, font, "rs")
    if bar.width:
        _png_box(canvas, BAR_X, bar.y + 4, bar.width, ROW_HEIGHT - 12, bar.retained)
    _png_text(draw, BAR_X + bar.width + 6, bar.y + 19, str(bar.score), font)


def _png_legend(canvas, draw, words: Words, font) -> None:
    for i, (retained, name) in enumerate(_legend(words)):
        x = BAR_X + i * 140
        _png_box(canvas, x, 8, 16, 12, retained)
        _png_text(draw, x + 22, 18, name, font)


def bar_chart_png(rows: tuple[RankRow, ...], lang: str) -> bytes | None:
    """Return the bar chart as PNG bytes, or None when Pillow is not installed."""
    try:
        from PIL import Image, ImageDraw
    except ImportError:
        return None
    canvas = Image.new("RGB", (WIDTH * SCALE, chart_height(rows) * SCALE), "white")
    draw, font = ImageDraw.Draw(canvas), _font(FONT_SIZE * SCALE)
    _png_legend(canvas, draw, words_for(lang), font)
    for bar in layout(rows):
        _png_bar(canvas, draw, bar, font)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", dpi=(144, 144))
    return buffer.getvalue()


def text_bar(score: int, best: int, width: int = 24) -> str:
    """Return a bar of "█" proportional to score/best, the fallback when no PNG can be drawn."""
    return "█" * round(width * score / best) if best > 0 else ""
