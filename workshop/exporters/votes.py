"""What a vote section says: how people voted, how many, the ranking table and its notes.

Words from the gettext catalogues and percents from Babel, through `Words` in the minutes'
own language (exporters/words.py).
"""

from __future__ import annotations

from workshop.domain.minutes import RankRow, VoteSection, cutoff_is_tied, has_ties, rank_label
from workshop.exporters.labels import Table
from workshop.exporters.words import Words

RETAINED_MARK = "✓"  # a sign, the same in every language


# --- Ranking table ------------------------------------------------------------------------


def _column_titles(words: Words) -> dict[str, str]:
    """The ranking's optional columns, in their order, with their titles."""
    return {
        "first_choices": words.pgettext("minutes", "First choices"),
        "voters": words.gettext("Voters"),
        "share": words.gettext("Share"),
    }


def _optional_cell(words: Words, value: int | float | None, column: str) -> str:
    if value is None:
        return ""
    return words.percent(value) if column == "share" else str(value)


def ranking_table(words: Words, vote: VoteSection) -> Table:
    """Return the ranking: rank ("3=" when tied), orientation, points, optional columns, ✓."""
    optional = _column_titles(words)
    extra = tuple(c for c in optional if any(getattr(r, c) is not None for r in vote.rows))
    header = (
        words.gettext("Rank"),
        words.gettext("Orientation"),
        words.gettext("Points"),
        *(optional[c] for c in extra),
        words.pgettext("minutes", "Retained"),
    )
    rows = tuple(
        (
            rank_label(row),
            candidate_label(words, row),
            str(row.score),
            *(_optional_cell(words, getattr(row, c), c) for c in extra),
            RETAINED_MARK if row.retained else "",
        )
        for row in vote.rows
    )
    return Table(header, rows)


def candidate_label(words: Words, row: RankRow) -> str:
    """Return an orientation as ranked, with its original wording when it was reworded."""
    if not row.original or row.original == row.label:
        return row.label
    # TRANSLATORS: a reworded orientation, "Label (initialement « old wording »)".
    return words.gettext(
        "%(label)s (initially “%(original)s”)", label=row.label, original=row.original
    )


# --- Method, voters and notes -------------------------------------------------------------


def vote_method(words: Words, vote: VoteSection) -> str:
    """Describe how people voted, in full, as the projector said it: "Chaque participant
    disposait de 3 gommettes, une au plus par orientation. Les 3 premières orientations
    sont retenues.", and who voted when only one group did."""
    sentences = [_method(words, vote)]
    if vote.retain:
        sentences.append(
            words.ngettext(
                "The first orientation is retained.",
                "The first %(num)s orientations are retained.",
                vote.retain,
            )
        )
    if vote.group:
        sentences.append(words.gettext("Only %(group)s voted.", group=vote.group))
    return " ".join(sentences)


def _method(words: Words, vote: VoteSection) -> str:
    n = vote.budget
    if vote.method == "dots" and n == 1:  # "d'une gommette", not "de 1 gommette"
        return words.gettext("Each participant had one dot to place on an orientation.")
    if vote.method == "dots" and vote.max_per_candidate <= 1:
        return words.ngettext(
            "Each participant had %(num)s dot, at most one per orientation.",
            "Each participant had %(num)s dots, at most one per orientation.",
            n,
        )
    if vote.method == "dots":
        return words.ngettext(
            "Each participant had %(num)s dot to spread across the orientations, "
            "at most %(max)s on one orientation.",
            "Each participant had %(num)s dots to spread across the orientations, "
            "at most %(max)s on one orientation.",
            n,
            max=vote.max_per_candidate,
        )
    if vote.method == "ranking":
        return words.ngettext(
            "Each participant ranked up to %(num)s orientation in order of preference: "
            "%(num)s point for the first place, 1 for the last.",
            "Each participant ranked up to %(num)s orientations in order of preference: "
            "%(num)s points for the first place, 1 for the last.",
            n,
        )
    return words.ngettext(
        "Each participant chose up to %(num)s orientation, one vote per orientation.",
        "Each participant chose up to %(num)s orientations, one vote per orientation.",
        n,
    )


def voters_phrase(words: Words, vote: VoteSection) -> str:
    """Return "19 votants." or "19 votants, dont 2 par procuration."; "" with no voter count."""
    if not vote.voters:
        return ""
    if not vote.proxies:
        return words.ngettext("%(num)s voter.", "%(num)s voters.", vote.voters)
    return words.ngettext(
        "%(num)s voter, including %(proxies)s by proxy.",
        "%(num)s voters, including %(proxies)s by proxy.",
        vote.voters,
        proxies=vote.proxies,
    )


def tie_example(rows: tuple[RankRow, ...]) -> str:
    """Return the ranks around the first tie, as printed: "1, 2=, 2=, 4" or "…, 5=, 5=, 7"."""
    labels = [rank_label(row) for row in rows]
    first = next(i for i, row in enumerate(rows) if row.tied)
    last = max(i for i, row in enumerate(rows) if row.rank == rows[first].rank)
    start = max(0, first - 2)
    shown = labels[start : last + 2]
    return ", ".join((["…"] if start else []) + shown)


def _tie_notes(words: Words, vote: VoteSection) -> list[str]:
    """Explain the ties at the ranks they are at ("2=" when the tie is at rank 2)."""
    tied = list(dict.fromkeys(rank_label(row) for row in vote.rows if row.tied))
    # TRANSLATORS: a rank as printed, quoted: "« 2= »".
    quoted = words.join(words.gettext("“%(rank)s”", rank=rank) for rank in tied)
    # The export service writes the standard rule as the tie note of a standard ranking:
    # it and the "3=" convention then say one thing, in one sentence instead of two.
    standard = words.gettext(
        "Tied orientations share a rank; the next rank skips accordingly (1, 2, 3=, 3=, 5)."
    )
    if vote.tie_note == standard:
        return [
            words.ngettext(
                "%(ranks)s: rank shared by orientations with equal points; the next rank "
                "skips accordingly (%(example)s).",
                "%(ranks)s: ranks shared by orientations with equal points; the next rank "
                "skips accordingly (%(example)s).",
                len(tied),
                ranks=quoted,
                example=tie_example(vote.rows),
            )
        ]
    note = words.ngettext(
        "%(ranks)s: rank shared by orientations with equal points.",
        "%(ranks)s: ranks shared by orientations with equal points.",
        len(tied),
        ranks=quoted,
    )
    return [note, vote.tie_note]


def vote_notes(words: Words, vote: VoteSection) -> tuple[str, ...]:
    """Return the notes under a ranking: the "3=" convention when tied, then the vote's notes.

    A tie across the cut-off that the facilitator did not comment gets a standard note.
    """
    notes = _tie_notes(words, vote) if has_ties(vote.rows) else []
    if not vote.cutoff_note.strip() and cutoff_is_tied(vote.rows):
        notes.append(words.gettext("Tied orientations sit on both sides of the selection cut-off."))
    else:
        notes.append(vote.cutoff_note)
    return tuple(note for note in notes if note.strip())
