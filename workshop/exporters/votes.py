"""What a vote section says: how people voted, how many, the ranking table and its notes.

Words from the gettext catalogues and percents from Babel, through `Words` in the minutes'
own language (exporters/words.py).
"""

from __future__ import annotations

from workshop.domain.minutes import VoteSection, cutoff_is_tied, has_ties, rank_label
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
            row.label,
            str(row.score),
            *(_optional_cell(words, getattr(row, c), c) for c in extra),
            RETAINED_MARK if row.retained else "",
        )
        for row in vote.rows
    )
    return Table(header, rows)


# --- Method, voters and notes -------------------------------------------------------------


def vote_method(words: Words, vote: VoteSection) -> str:
    """Describe how people voted, e.g. "Chaque participant disposait de 3 gommettes..."."""
    n = vote.budget
    if vote.method == "dots" and n == 1:  # "d'une gommette", not "de 1 gommette"
        return words.gettext("Each participant had one dot to place on an orientation.")
    if vote.method == "dots":
        return words.ngettext(
            "Each participant had %(num)s dot to spread across the orientations.",
            "Each participant had %(num)s dots to spread across the orientations.",
            n,
        )
    if vote.method == "ranking":
        return words.ngettext(
            "Each participant ranked up to %(num)s orientation in order of preference.",
            "Each participant ranked up to %(num)s orientations in order of preference.",
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


def _tie_notes(words: Words, vote: VoteSection) -> list[str]:
    # The export service writes this same rule as the tie note of a standard ranking: it and
    # the "3=" convention then say one thing, in one sentence instead of two.
    standard = words.gettext(
        "Tied orientations share a rank; the next rank skips accordingly (1, 2, 3=, 3=, 5)."
    )
    if vote.tie_note == standard:
        return [
            words.gettext(
                "“3=”: rank shared by orientations with equal points; the next rank skips "
                "accordingly (1, 2, 3=, 3=, 5)."
            )
        ]
    return [words.gettext("“3=”: rank shared by orientations with equal points."), vote.tie_note]


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
