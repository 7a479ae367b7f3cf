"""Render minutes as Markdown (GitHub flavour: tables, `<br>` inside table cells).

User text is escaped so it stays text: Markdown punctuation, and a `<` or `&` that would
start HTML, are backslash-escaped (never turned into entities a reader would see), so nobody
can inject a link, an image or HTML. Line breaks inside a user's text are folded into
spaces. The facilitator's rich text (domain/richtext.py) is written back from its tree:
only its emphasis, lists and allowed links come out as Markdown. The chart is left out: the
ranking table carries its data.
"""

from __future__ import annotations

import re

from workshop.domain.minutes import (
    Board,
    BrainstormSection,
    GroupPart,
    Heading,
    Headings,
    IntroSection,
    Minutes,
    NextSteps,
    Orientation,
    ScenarioSection,
    SpeedMeetingSection,
    VoteSection,
    count_participants,
    is_empty,
    led_groups,
    map_text,
    orientations_by_group,
    person_line,
    printable,
    scenario_groups,
    shaped,
    shared_prompt,
    sort_people,
    visible_sections,
)
from workshop.domain.richtext import ItemList, Run, join_runs, parse_all, parse_inline
from workshop.exporters import categories, labels, votes
from workshop.exporters.labels import Table
from workshop.exporters.speed_words import speed_words
from workshop.exporters.words import Words, words_for

_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]|~#"})
# What a Markdown reader would take for HTML: "<" opening a tag, a comment or an autolink,
# "&" starting an entity. A backslash keeps them text; other "<" and "&" are printed as is.
_HTML_LIKE = re.compile(r"<(?=[A-Za-z/!?])|&(?=#?\w+;)")
_LINE_START = re.compile(r"^(?:([-+=>])|(\d+)([.)]))")
# Any run of white space but the non-breaking ones (kept, as in "28 %").
_SPACES = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def _inline(text: str) -> str:
    """Return text with Markdown punctuation and would-be HTML backslash-escaped."""
    escaped = _SPACES.sub(" ", text).translate(_INLINE)
    return _HTML_LIKE.sub(lambda m: "\\" + m[0], escaped)


def _line_start(text: str) -> str:
    """Keep a line from starting a list, a heading underline or a quote."""
    return _LINE_START.sub(lambda m: "\\" + m[1] if m[1] else f"{m[2]}\\{m[3]}", text)


def escape(text: str) -> str:
    """Return user text as inert Markdown: one line, punctuation and HTML-like signs escaped.

    Escaped with backslashes, never as HTML entities: a reader of the file sees "R&D" and
    "a < b", not "R&amp;D".
    """
    return _line_start(_inline(text).strip(" "))


# --- Rich text ----------------------------------------------------------------------------


def _run(run: Run) -> str:
    """Write one run; its outer spaces stay outside the emphasis marks."""
    text = _inline(run.text)
    core = text.strip(" ")
    if not core:
        return text
    lead, tail = text[: len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")) :]
    marks = ("**" if run.bold else "") + ("*" if run.italic else "")
    core = f"{marks}{core}{marks[::-1]}"
    if run.href:
        core = f"[{core}]({run.href})"
    return f"{lead}{core}{tail}"


def _runs(runs: tuple[Run, ...]) -> str:
    return _line_start("".join(_run(run) for run in runs).strip(" "))


def _rich(texts: tuple[str, ...]) -> list[str]:
    """Write the facilitator's rich text: paragraphs, lists, emphasis and links."""
    blocks = []
    for block in parse_all(texts):
        if isinstance(block, ItemList):
            lines = (
                f"{f'{block.start + i}.' if block.ordered else '-'} {_runs(item)}"
                for i, item in enumerate(block.items)
            )
            blocks.append("\n".join(lines))
        else:
            blocks.append(_runs(block.runs))
    return blocks


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


def _header(words: Words, minutes: Minutes) -> list[str]:
    header = minutes.header
    draft = escape(words.gettext("Draft – working document, not approved"))
    blocks = [f"> **{draft}**"] if minutes.is_draft else []
    blocks.append(_heading(1, header.title))
    if subtitle := header.subtitle:
        blocks.append(f"**{escape(subtitle)}**")
    if meta := labels.meta_line(words, header):
        blocks.append(escape(meta))
    if header.written_by:
        written_by = words.gettext("Written by %(name)s", name=header.written_by)
        blocks.append(_italic(escape(written_by)))
    if follows := labels.follows_line(words, header):
        blocks.append(_italic(escape(follows)))
    return blocks


def _context(words: Words, minutes: Minutes) -> list[str]:
    context = minutes.context
    if is_empty(context):
        return []
    blocks = [_heading(2, labels.part_title(words, minutes.outline, "context"))]
    if context.theme.strip():
        blocks.append(_heading(3, context.theme))
    return blocks + _rich(context.stakes)


def _participants(words: Words, minutes: Minutes) -> list[str]:
    participants = minutes.participants
    if is_empty(participants):
        return []
    phrase = labels.participants_phrase(words, count_participants(participants))
    title = labels.part_title(words, minutes.outline, "participants")
    blocks = [_heading(2, title), escape(phrase) + "."]
    if not participants.by_category:
        return blocks + _bullets(tuple(map(person_line, sort_people(participants.people))))
    for category, people in labels.people_by_category(words, participants.people):
        blocks.append(_heading(3, categories.title(words, category)))
        blocks += _bullets(tuple(map(person_line, people)))
    return blocks


def _groups(words: Words, minutes: Minutes) -> list[str]:
    if not (groups := led_groups(minutes)):
        return []
    title = _heading(2, labels.part_title(words, minutes.outline, "groups"))
    return [title, *_bullets(tuple(labels.group_line(words, group) for group in groups))]


def _agenda(words: Words, minutes: Minutes) -> list[str]:
    if not minutes.agenda:
        return []
    table = labels.agenda_table(words, minutes.agenda)
    title = labels.part_title(words, minutes.outline, "agenda")
    return [_heading(2, title), _table(_escaped(table))]


def _free_text(key: str):
    def render(words: Words, minutes: Minutes) -> list[str]:
        texts = getattr(minutes, key)
        if not any(text.strip() for text in texts):
            return []
        return [_heading(2, labels.part_title(words, minutes.outline, key)), *_rich(texts)]

    return render


# --- Answers ------------------------------------------------------------------------------


def _notes(words: Words, origin: str, comments: tuple[str, ...]) -> list[str]:
    """Return an item's origin and comments (rich text), each in italics."""
    notes = [_italic(escape(words.gettext("From: %(origin)s", origin=origin)))] if origin else []
    for comment in comments:
        # The sentence is cut at its placeholder, where the comment's own runs go.
        before, _mark, after = words.gettext("Comment: %(text)s", text="\0").partition("\0")
        runs = (Run(before), *parse_inline(comment), Run(after))
        notes.append(_runs(join_runs(Run(r.text, r.bold, True, r.href) for r in runs)))
    return notes


def _also(words: Words, texts: tuple[str, ...]) -> list[str]:
    """The texts merged into a heading, in one italic line (none when nothing was merged)."""
    line = words.gettext("also: %(texts)s", texts=" · ".join(texts))
    return [_italic(escape(line))] if texts else []


def _heading_item(words: Words, item: Heading) -> list[str]:
    blocks = [f"**{escape(item.text)}**", *_also(words, item.also), *_bullets(item.subpoints)]
    return blocks + _notes(words, item.origin, item.comments)


def _cell(words: Words, item: Heading | None) -> str:
    if item is None:
        return ""
    lines = [f"**{escape(item.text)}**", *_also(words, item.also)]
    lines += [f"• {escape(point)}" for point in item.subpoints]
    return "<br>".join(lines + _notes(words, item.origin, item.comments))


def _board(words: Words, board: Board) -> list[str]:
    rows = tuple(tuple(_cell(words, item) for item in row) for row in board.rows)
    return [_table(Table(tuple(map(escape, board.columns)), rows))]


def _body(words: Words, body: Headings | Board | None) -> list[str]:
    if isinstance(body, Board):
        return _board(words, body) if body.rows else []
    items = body.items if isinstance(body, Headings) else ()
    return [block for item in items for block in _heading_item(words, item)]


def _group_part(words: Words, part: GroupPart) -> list[str]:
    """A group's heading, its leaders, its own prompt, then its answer and synthesis."""
    blocks = [_heading(3, labels.titled(words, part.group, part.title))]
    answer = part.answer
    if answer is not None and answer.leaders:
        blocks.append(_italic(escape(labels.leaders_line(words, answer.leaders))))
    if part.prompt:
        blocks += _rich((part.prompt,))
    if answer is None:
        return blocks
    blocks += _body(words, answer.body)
    if answer.synthesis:
        blocks.append(f"**{escape(words.gettext('Synthesis'))}**")
    return blocks + _rich(answer.synthesis)


# --- Activity sections --------------------------------------------------------------------


def _intro(words: Words, section: IntroSection, minutes: Minutes) -> list[str]:
    return [_heading(2, section.title), *_rich(section.paragraphs)]


def _scenario(words: Words, section: ScenarioSection, minutes: Minutes) -> list[str]:
    blocks = [_heading(2, section.title), *_rich(section.introduction)]
    if prompt := shared_prompt(section):
        blocks += _rich((prompt,))
    for part in scenario_groups(section):
        blocks += _group_part(words, part)
    if section.comments:
        blocks += [_heading(3, words.gettext("Comments")), *_rich(section.comments)]
    return blocks


def _orientation(words: Words, orientation: Orientation, level: int = 4) -> list[str]:
    blocks = [_heading(level, orientation.heading), *_also(words, orientation.also)]
    blocks += _bullets(orientation.subpoints)
    if orientation.origins and orientation.origins != (orientation.group,):
        groups = words.join(orientation.origins)
        blocks.append(_italic(escape(words.gettext("Proposed by: %(groups)s", groups=groups))))
    return blocks + _notes(words, "", orientation.comments)


def _orientations(words: Words, section: BrainstormSection, minutes: Minutes) -> list[str]:
    """The orientations: under a heading per group when several groups answered."""
    if not section.orientations:
        return []
    blocks = [_heading(3, words.gettext("Proposed orientations"))]
    grouped = orientations_by_group(section)
    if not grouped:
        return blocks + [b for o in section.orientations for b in _orientation(words, o)]
    leaders = {group.name: group.leaders for group in minutes.groups}
    for group, orientations in grouped:
        blocks.append(_heading(4, group or words.gettext("Outside the groups")))
        if leaders.get(group):
            blocks.append(_italic(escape(labels.leaders_line(words, leaders[group]))))
        blocks += [b for o in orientations for b in _orientation(words, o, level=5)]
    return blocks


def _brainstorm(words: Words, section: BrainstormSection, minutes: Minutes) -> list[str]:
    blocks = [_heading(2, section.title), *_rich(section.introduction)]
    if section.question.strip():
        question = words.gettext("Question: %(text)s", text=section.question)
        blocks.append(f"**{escape(question)}**")
    blocks += _orientations(words, section, minutes)
    if section.comments:
        blocks += [_heading(3, words.gettext("Comments")), *_rich(section.comments)]
    for synthesis in section.syntheses:
        title = words.gettext("Synthesis: %(group)s", group=synthesis.group)
        blocks += [_heading(3, title), *_rich(synthesis.paragraphs)]
    return blocks


def _vote(words: Words, vote: VoteSection, minutes: Minutes) -> list[str]:
    intro = f"{votes.vote_method(words, vote)} {votes.voters_phrase(words, vote)}"
    blocks = [_heading(2, vote.title), *_rich(vote.introduction), escape(intro)]
    blocks.append(_table(_escaped(votes.ranking_table(words, vote))))
    blocks += [_italic(escape(note)) for note in votes.vote_notes(words, vote)]
    if vote.retained:
        blocks += [_heading(3, words.gettext("Retained orientations")), *_bullets(vote.retained)]
    return blocks


def _speed_meeting(words: Words, section: SpeedMeetingSection, minutes: Minutes) -> list[str]:
    said = speed_words(words, section)
    blocks = [_heading(2, section.title), *_rich(section.introduction)]
    blocks += _paragraphs(said.summary)
    if said.pairs:
        blocks += [_heading(3, said.pairs_title), *_bullets(said.pairs)]
        blocks += [_italic(escape(said.pairs_note))] if said.pairs_note else []
    if said.groups:
        blocks.append(_heading(3, said.groups_title))
    for group in said.groups:
        blocks += [_heading(4, group.title), *_bullets(group.members)]
    return blocks


_SECTIONS = {
    "intro": _intro,
    "scenario": _scenario,
    "brainstorm": _brainstorm,
    "vote": _vote,
    "speed_meeting": _speed_meeting,
}


def _activities(words: Words, minutes: Minutes) -> list[str]:
    return [b for s in visible_sections(minutes) for b in _SECTIONS[s.kind](words, s, minutes)]


# --- Next steps ---------------------------------------------------------------------------


def _next_workshop(words: Words, steps: NextSteps) -> list[str]:
    workshop = steps.next_workshop
    if is_empty(workshop):
        return []
    blocks = [_heading(3, words.gettext("Next workshop"))]
    blocks.append(escape(labels.next_date(words, workshop)))
    if workshop.deepens.strip():
        blocks.append(escape(words.gettext("To deepen: %(text)s", text=workshop.deepens)))
    if workshop.objectives:
        objectives = escape(words.gettext("Objectives"))
        blocks += [f"**{objectives}**", *_bullets(workshop.objectives)]
    return blocks


def _action(words: Words, action) -> list[str]:
    lines = [labels.action_scope(words, action), labels.referents_phrase(words, action)]
    if action.contact:
        lines.append(words.gettext("Contact: %(text)s", text=action.contact))
    blocks = [_heading(4, action.title), "  \n".join(escape(line) for line in lines if line)]
    blocks += _rich((action.description,))
    if action.needs:
        needs = "\n".join(
            "\n".join([f"- {escape(need.text)}", *(f"  - {escape(i)}" for i in need.items)])
            for need in action.needs
        )
        blocks += [f"**{escape(words.gettext('Needs'))}**", needs]
    return blocks


def _next_steps(words: Words, minutes: Minutes) -> list[str]:
    steps = minutes.next_steps
    if is_empty(steps):
        return []
    title = labels.part_title(words, minutes.outline, "next_steps")
    blocks = [_heading(2, title), *_next_workshop(words, steps)]
    if steps.actions:
        blocks.append(_heading(3, words.gettext("Actions")))
    return blocks + [block for action in steps.actions for block in _action(words, action)]


_PARTS = {
    "context": _context,
    "participants": _participants,
    "groups": _groups,
    "agenda": _agenda,
    "introduction": _free_text("introduction"),
    "activities": _activities,
    "closing": _free_text("closing"),
    "next_steps": _next_steps,
}


def render_markdown(minutes: Minutes) -> str:
    """Render the minutes as a Markdown document, its parts in the outline's order; empty
    parts are left out with their title."""
    minutes, words = shaped(map_text(minutes, printable)), words_for(minutes.lang)
    blocks = _header(words, minutes)
    for part in minutes.outline.parts:
        if part.shown:
            blocks += _PARTS[part.key](words, minutes)
    return "\n\n".join(blocks) + "\n"
