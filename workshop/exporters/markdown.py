"""Render minutes as Markdown (GitHub flavour: tables, `<br>` inside table cells).

User text is escaped so it stays text: Markdown punctuation is backslash-escaped and `<`, `>`
and `&` become entities, so nobody can inject a link, an image or HTML. Line breaks inside a
user's text are folded into spaces. The chart is left out: the ranking table carries its data.
"""

from __future__ import annotations

import re

from workshop.domain.minutes import (
    Board,
    BrainstormSection,
    Context,
    GroupAnswer,
    Heading,
    Headings,
    IntroSection,
    Minutes,
    NextSteps,
    Orientation,
    Participants,
    ScenarioSection,
    VoteSection,
    count_participants,
    is_empty,
    map_text,
    person_line,
    printable,
    sort_people,
    visible_answers,
    visible_sections,
)
from workshop.exporters import labels
from workshop.exporters.labels import Table
from workshop.exporters.speed_words import speed_words

_INLINE = str.maketrans(
    {c: "\\" + c for c in "\\`*_[]|~#"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
)
_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")
# Any run of white space but the non-breaking ones (kept, as in "28 %").
_SPACES = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def escape(text: str) -> str:
    """Return user text as inert Markdown: one line, punctuation and HTML escaped."""
    flat = _SPACES.sub(" ", text).strip(" ").translate(_INLINE)
    return _LINE_START.sub(lambda m: "\\" + m[1] if m[1] else f"{m[2]}\\{m[3]}", flat)


def _t(lang: str, key: str, **params: object) -> str:
    return escape(labels.text(lang, key, **params))


def _heading(level: int, text: str) -> str:
    return f"{'#' * level} {escape(text)}"


def _bullets(items: tuple[str, ...]) -> list[str]:
    return ["\n".join(f"- {escape(item)}" for item in items)] if items else []


def _paragraphs(items: tuple[str, ...]) -> list[str]:
    return [escape(item) for item in items if item.strip()]


def _italic(text: str) -> str:
    return f"*{text}*"


def _table(table: Table) -> str:
    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(cells) + " |"

    separator = line(tuple("---" for _ in table.header))
    return "\n".join([line(table.header), separator, *(line(row) for row in table.rows)])


def _escaped(table: Table) -> Table:
    rows = tuple(tuple(escape(cell) for cell in row) for row in table.rows)
    return Table(tuple(escape(cell) for cell in table.header), rows)


# --- Header, context, participants, agenda ------------------------------------------------


def _header(minutes: Minutes) -> list[str]:
    lang, header = minutes.lang, minutes.header
    blocks = [f"> **{_t(lang, 'draft_banner')}**"] if minutes.is_draft else []
    blocks.append(_heading(1, header.title))
    if subtitle := labels.subtitle(lang, header):
        blocks.append(f"**{escape(subtitle)}**")
    if meta := labels.meta_line(lang, header):
        blocks.append(escape(meta))
    if header.written_by:
        blocks.append(_italic(_t(lang, "written_by", name=header.written_by)))
    if follows := labels.follows_line(lang, header):
        blocks.append(_italic(escape(follows)))
    return blocks


def _context(lang: str, context: Context) -> list[str]:
    blocks = [_heading(2, labels.text(lang, "context"))]
    if context.theme.strip():
        blocks.append(_heading(3, context.theme))
    return blocks + _paragraphs(context.stakes)


def _participants(lang: str, participants: Participants) -> list[str]:
    phrase = labels.participants_phrase(lang, count_participants(participants))
    blocks = [_heading(2, labels.text(lang, "participants")), escape(phrase) + "."]
    if not participants.by_category:
        return blocks + _bullets(tuple(map(person_line, sort_people(participants.people))))
    for category, people in labels.people_by_category(lang, participants.people):
        blocks.append(_heading(3, labels.category_title(lang, category)))
        blocks += _bullets(tuple(map(person_line, people)))
    return blocks


def _agenda(minutes: Minutes) -> list[str]:
    table = labels.agenda_table(minutes.lang, minutes.agenda)
    return [_heading(2, labels.text(minutes.lang, "agenda")), _table(_escaped(table))]


# --- Answers ------------------------------------------------------------------------------


def _heading_item(lang: str, item: Heading) -> list[str]:
    blocks = [f"**{escape(item.text)}**", *_bullets(item.subpoints)]
    if item.origin:
        blocks.append(_italic(_t(lang, "origin", origin=item.origin)))
    return blocks + [_italic(_t(lang, "comment", text=c)) for c in item.comments]


def _cell(lang: str, item: Heading | None) -> str:
    if item is None:
        return ""
    lines = [f"**{escape(item.text)}**", *(f"• {escape(point)}" for point in item.subpoints)]
    if item.origin:
        lines.append(_italic(_t(lang, "origin", origin=item.origin)))
    lines += [_italic(_t(lang, "comment", text=c)) for c in item.comments]
    return "<br>".join(lines)


def _board(lang: str, board: Board) -> list[str]:
    rows = tuple(tuple(_cell(lang, item) for item in row) for row in board.rows)
    return [_table(Table(tuple(map(escape, board.columns)), rows))]


def _body(lang: str, body: Headings | Board | None) -> list[str]:
    if isinstance(body, Board):
        return _board(lang, body) if body.rows else []
    items = body.items if isinstance(body, Headings) else ()
    return [block for item in items for block in _heading_item(lang, item)]


def _answer(lang: str, answer: GroupAnswer) -> list[str]:
    blocks = [_heading(4, labels.titled(lang, answer.group, answer.title))]
    blocks += _body(lang, answer.body)
    if answer.synthesis:
        blocks.append(f"**{_t(lang, 'synthesis')}**")
    return blocks + _paragraphs(answer.synthesis)


# --- Activity sections --------------------------------------------------------------------


def _intro(lang: str, section: IntroSection) -> list[str]:
    return [_heading(2, section.title), *_paragraphs(section.paragraphs)]


def _scenario(lang: str, section: ScenarioSection) -> list[str]:
    blocks = [_heading(2, section.title), *_paragraphs(section.introduction)]
    for prompt in section.prompts:
        lead = labels.join_names(lang, prompt.groups)
        blocks += [_heading(3, labels.titled(lang, lead, prompt.title)), escape(prompt.text)]
    if answers := visible_answers(section):
        blocks.append(_heading(3, labels.text(lang, "answers")))
        blocks += [block for answer in answers for block in _answer(lang, answer)]
    return blocks


def _orientation(lang: str, orientation: Orientation) -> list[str]:
    blocks = [_heading(4, orientation.heading), *_bullets(orientation.subpoints)]
    if orientation.origins:
        groups = labels.join_names(lang, orientation.origins)
        blocks.append(_italic(_t(lang, "proposed_by", groups=groups)))
    return blocks + [_italic(_t(lang, "comment", text=c)) for c in orientation.comments]


def _brainstorm(lang: str, section: BrainstormSection) -> list[str]:
    blocks = [_heading(2, section.title), *_paragraphs(section.introduction)]
    if section.question.strip():
        blocks.append(f"**{_t(lang, 'question', text=section.question)}**")
    if section.orientations:
        blocks.append(_heading(3, labels.text(lang, "orientations")))
    for orientation in section.orientations:
        blocks += _orientation(lang, orientation)
    if section.comments:
        blocks += [_heading(3, labels.text(lang, "comments")), *_paragraphs(section.comments)]
    for synthesis in section.syntheses:
        blocks.append(_heading(3, labels.text(lang, "synthesis_of", group=synthesis.group)))
        blocks += _paragraphs(synthesis.paragraphs)
    return blocks


def _vote(lang: str, vote: VoteSection) -> list[str]:
    intro = f"{labels.vote_method(lang, vote)} {labels.voters_phrase(lang, vote)}"
    blocks = [_heading(2, vote.title), escape(intro)]
    blocks.append(_table(_escaped(labels.ranking_table(lang, vote))))
    blocks += [_italic(escape(note)) for note in labels.vote_notes(lang, vote)]
    if vote.retained:
        blocks += [_heading(3, labels.text(lang, "retained")), *_bullets(vote.retained)]
    return blocks


def _speed_meeting(lang: str, section) -> list[str]:
    words = speed_words(section, lang)
    blocks = [_heading(2, section.title), *_paragraphs(section.introduction)]
    blocks += _paragraphs(words.summary)
    if words.pairs:
        blocks += [_heading(3, words.pairs_title), *_bullets(words.pairs)]
        blocks += [_italic(escape(words.pairs_note))] if words.pairs_note else []
    if words.groups:
        blocks.append(_heading(3, words.groups_title))
    for group in words.groups:
        blocks += [_heading(4, group.title), *_bullets(group.members)]
    return blocks


_SECTIONS = {
    "intro": _intro,
    "scenario": _scenario,
    "brainstorm": _brainstorm,
    "vote": _vote,
    "speed_meeting": _speed_meeting,
}


# --- Next steps ---------------------------------------------------------------------------


def _next_workshop(lang: str, steps: NextSteps) -> list[str]:
    workshop = steps.next_workshop
    if is_empty(workshop):
        return []
    blocks = [_heading(3, labels.text(lang, "next_workshop"))]
    blocks.append(escape(labels.next_date(lang, workshop)))
    if workshop.deepens.strip():
        blocks.append(_t(lang, "deepens", text=workshop.deepens))
    if workshop.objectives:
        blocks += [f"**{_t(lang, 'objectives')}**", *_bullets(workshop.objectives)]
    return blocks


def _action(lang: str, action) -> list[str]:
    lines = [labels.action_scope(lang, action), labels.referents_phrase(lang, action)]
    if action.contact:
        lines.append(labels.text(lang, "contact", text=action.contact))
    blocks = [_heading(4, action.title), "  \n".join(escape(line) for line in lines if line)]
    blocks += _paragraphs((action.description,))
    if action.needs:
        blocks += [f"**{_t(lang, 'needs')}**", *_bullets(action.needs)]
    return blocks


def _next_steps(lang: str, steps: NextSteps) -> list[str]:
    blocks = [_heading(2, labels.text(lang, "next_steps")), *_next_workshop(lang, steps)]
    if steps.actions:
        blocks.append(_heading(3, labels.text(lang, "actions")))
    return blocks + [block for action in steps.actions for block in _action(lang, action)]


def render_markdown(minutes: Minutes) -> str:
    """Render the minutes as a Markdown document; empty parts are left out with their title."""
    minutes, lang = map_text(minutes, printable), minutes.lang
    blocks = _header(minutes)
    if not is_empty(minutes.context):
        blocks += _context(lang, minutes.context)
    if not is_empty(minutes.participants):
        blocks += _participants(lang, minutes.participants)
    if minutes.agenda:
        blocks += _agenda(minutes)
    for section in visible_sections(minutes):
        blocks += _SECTIONS[section.kind](lang, section)
    if not is_empty(minutes.next_steps):
        blocks += _next_steps(lang, minutes.next_steps)
    return "\n\n".join(blocks) + "\n"
