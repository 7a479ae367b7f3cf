"""Every fixed title and phrase of the minutes, in French and English, and the phrase builders.

Renderers take the language from the document (`minutes.lang`) and never hard-code text.
Nouns that get counted are (singular, plural) pairs; French uses the singular for 0 and 1.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from workshop.domain.minutes import (
    Action,
    AgendaRow,
    Header,
    NextWorkshop,
    ParticipantCounts,
    Person,
    VoteSection,
    cutoff_is_tied,
    fold,
    group_by_category,
    has_ties,
    rank_label,
)

FR = {
    "draft": "BROUILLON",
    "draft_banner": "Brouillon – document de travail, non validé",
    "minutes": "Compte rendu",
    "written_by": "Réalisé par {name}",
    "follows": "Suite de l'atelier « {title} » du {date}",
    "follows_undated": "Suite de l'atelier « {title} »",
    "time_span": "de {start} à {end}",
    "time_from": "à partir de {start}",
    "context": "Contexte et enjeux",
    "participants": "Participants",
    "participant": ("participant", "participants"),
    "named": ("nommé", "nommés"),
    "counts_named": "{total}, dont {named}",
    "colon": " : ",
    "agenda": "Déroulé de la séance",
    "agenda_activity": "Activité",
    "agenda_planned": "Prévu",
    "agenda_actual": "Réel",
    "duration": "{n} min",
    "not_run": "—",
    "answers": "Réponses des groupes",
    "synthesis": "Synthèse",
    "synthesis_of": "Synthèse : {group}",
    "proposed_by": "Proposée par : {groups}",
    "origin": "Origine : {origin}",
    "comment": "Commentaire : {text}",
    "comments": "Commentaires",
    "a_participant": "un participant",
    "question": "Question : {text}",
    "orientations": "Orientations proposées",
    "and": "et",
    "method_dots": "Chaque participant disposait de {count} à répartir entre les orientations.",
    "method_ranking": "Chaque participant a classé jusqu'à {count} par ordre de préférence.",
    "method_approval": "Chaque participant a choisi jusqu'à {count}, une voix par orientation.",
    "dot": ("gommette", "gommettes"),
    "orientation": ("orientation", "orientations"),
    "voter": ("votant", "votants"),
    "voters_proxies": "{voters}, dont {proxies} par procuration.",
    "rank": "Rang",
    "label": "Orientation",
    "points": "Points",
    "first_choices": "1ers choix",
    "voters": "Votants",
    "share": "Part",
    "retained_col": "Retenue",
    "retained_mark": "✓",
    "tie_convention": "« 3= » : rang partagé par des orientations à égalité de points.",
    "tie_convention_competition": "« 3= » : rang partagé par des orientations à égalité de "
    "points ; le rang suivant saute d'autant (1, 2, 3=, 3=, 5).",
    "cutoff_tie": "Des orientations à égalité se situent de part et d'autre du seuil de sélection.",
    "tie_rule_competition": "Les orientations à égalité partagent un rang ; le rang suivant saute "
    "d'autant (1, 2, 3=, 3=, 5).",
    "cutoff_rule_runoff": "Une égalité au seuil de sélection se départage par un second tour.",
    "cutoff_settled": "L'égalité au seuil a été départagée par un second tour (« {runoff} ») : "
    "au final, {retained}.",
    "settled_one": "{names} est retenue",
    "settled_many": "{names} sont retenues",
    "method_dots_one": "Chaque participant disposait d'une gommette à placer sur une orientation.",
    "retained": "Orientations retenues",
    "chart_title": "Points par orientation",
    "legend_retained": "Retenue",
    "legend_other": "Non retenue",
    "next_steps": "Suites",
    "next_workshop": "Prochain atelier",
    "next_date": "Date : {date}",
    "date_to_be_set": "Date à fixer",
    "deepens": "À approfondir : {text}",
    "objectives": "Objectifs",
    "actions": "Actions",
    "carried_by": "Porté par : {group}",
    "transverse": "Action transversale",
    "transverse_shared": "Action transversale : {groups}",
    "referents": "Référents : {people}",
    "contact": "Contact : {text}",
    "needs": "Besoins",
    "page": "Page",
    "page_of": "sur",
    "percent": "{n}\u00a0%",
    "months": "janvier février mars avril mai juin juillet août septembre octobre novembre "
    "décembre",
    "weekdays": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "categories": {
        "association": ("association", "associations"),
        "public_body": ("organisme public", "organismes publics"),
        "company": ("entreprise", "entreprises"),
        "elected": ("élu", "élus"),
        "resident": ("habitant", "habitants"),
        "": ("autre", "autres"),
    },
}

EN = {
    "draft": "DRAFT",
    "draft_banner": "Draft – working document, not approved",
    "minutes": "Minutes",
    "written_by": "Written by {name}",
    "follows": "Follows the workshop “{title}” of {date}",
    "follows_undated": "Follows the workshop “{title}”",
    "time_span": "from {start} to {end}",
    "time_from": "from {start}",
    "context": "Context and stakes",
    "participants": "Participants",
    "participant": ("participant", "participants"),
    "named": ("named", "named"),
    "counts_named": "{total}, including {named}",
    "colon": ": ",
    "agenda": "Agenda as it ran",
    "agenda_activity": "Activity",
    "agenda_planned": "Planned",
    "agenda_actual": "Actual",
    "duration": "{n} min",
    "not_run": "—",
    "answers": "Group answers",
    "synthesis": "Synthesis",
    "synthesis_of": "Synthesis: {group}",
    "proposed_by": "Proposed by: {groups}",
    "origin": "From: {origin}",
    "comment": "Comment: {text}",
    "comments": "Comments",
    "a_participant": "a participant",
    "question": "Question: {text}",
    "orientations": "Proposed orientations",
    "and": "and",
    "method_dots": "Each participant had {count} to spread across the orientations.",
    "method_ranking": "Each participant ranked up to {count} in order of preference.",
    "method_approval": "Each participant chose up to {count}, one vote per orientation.",
    "dot": ("dot", "dots"),
    "orientation": ("orientation", "orientations"),
    "voter": ("voter", "voters"),
    "voters_proxies": "{voters}, including {proxies} by proxy.",
    "rank": "Rank",
    "label": "Orientation",
    "points": "Points",
    "first_choices": "First choices",
    "voters": "Voters",
    "share": "Share",
    "retained_col": "Retained",
    "retained_mark": "✓",
    "tie_convention": "“3=”: rank shared by orientations with equal points.",
    "tie_convention_competition": "“3=”: rank shared by orientations with equal points; the "
    "next rank skips accordingly (1, 2, 3=, 3=, 5).",
    "cutoff_tie": "Tied orientations sit on both sides of the selection cut-off.",
    "tie_rule_competition": "Tied orientations share a rank; the next rank skips accordingly "
    "(1, 2, 3=, 3=, 5).",
    "cutoff_rule_runoff": "A tie at the selection cut-off is settled by a runoff.",
    "cutoff_settled": "The tie at the cut-off was settled by a runoff (“{runoff}”): in the "
    "end, {retained}.",
    "settled_one": "{names} is retained",
    "settled_many": "{names} are retained",
    "method_dots_one": "Each participant had one dot to place on an orientation.",
    "retained": "Retained orientations",
    "chart_title": "Points per orientation",
    "legend_retained": "Retained",
    "legend_other": "Not retained",
    "next_steps": "Next steps",
    "next_workshop": "Next workshop",
    "next_date": "Date: {date}",
    "date_to_be_set": "Date to be set",
    "deepens": "To deepen: {text}",
    "objectives": "Objectives",
    "actions": "Actions",
    "carried_by": "Carried by: {group}",
    "transverse": "Transverse action",
    "transverse_shared": "Transverse action: {groups}",
    "referents": "Referents: {people}",
    "contact": "Contact: {text}",
    "needs": "Needs",
    "page": "Page",
    "page_of": "of",
    "percent": "{n}%",
    "months": "January February March April May June July August September October November "
    "December",
    "weekdays": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "categories": {
        "association": ("association", "associations"),
        "public_body": ("public body", "public bodies"),
        "company": ("company", "companies"),
        "elected": ("elected official", "elected officials"),
        "resident": ("resident", "residents"),
        "": ("other", "others"),
    },
}

LABELS = {"fr": FR, "en": EN}

# Words after which a French or English noun phrase stops agreeing in number.
_FR_STOPS = {"de", "du", "des", "à", "au", "aux", "en", "pour", "sur", "et"}
_EN_STOPS = {"of", "for", "in", "on", "and", "with"}


def text(lang: str, key: str, **params: object) -> str:
    """Return the fixed phrase `key` in `lang`, with `params` filled in."""
    phrase = LABELS[lang][key]
    return phrase.format(**params) if params else phrase


def count(lang: str, n: int, noun: str | tuple[str, str]) -> str:
    """Return "n noun" with the right plural; `noun` is a label key or a (singular, plural)."""
    singular, plural = LABELS[lang][noun] if isinstance(noun, str) else noun
    one = n in (0, 1) if lang == "fr" else n == 1
    return f"{n} {singular if one else plural}"


def pluralise(lang: str, phrase: str) -> str:
    """Pluralise a free noun phrase ("centre social" -> "centres sociaux", "body" -> "bodies")."""
    words = phrase.split(" ")
    stops = _FR_STOPS if lang == "fr" else _EN_STOPS
    head = next((i for i, w in enumerate(words) if w.casefold() in stops or "'" in w), len(words))
    if lang == "fr":
        words[:head] = [_pluralise_fr(w) if _agrees(w) else w for w in words[:head]]
    elif head and _agrees(words[head - 1]):
        words[head - 1] = _pluralise_en(words[head - 1])
    return " ".join(words)


def _agrees(word: str) -> bool:
    """Tell whether a word takes a plural mark: not empty, not a number, not an acronym."""
    return word[-1:].isalpha() and not word.isupper()


def _pluralise_fr(word: str) -> str:
    if word[-1:] in ("s", "x", "z"):
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    return word + ("x" if word.endswith(("eau", "au", "eu")) else "s")


def _pluralise_en(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s")


def category_noun(lang: str, category: str) -> tuple[str, str]:
    """Return (singular, plural) for a category key ("public_body") or a free category name."""
    known = LABELS[lang]["categories"].get(category)
    return known if known else (category, pluralise(lang, category))


def category_title(lang: str, category: str) -> str:
    """Return the heading for a group of participants: the capitalised plural."""
    plural = category_noun(lang, category)[1]
    return plural[:1].upper() + plural[1:]


def people_by_category(lang: str, people: tuple[Person, ...]):
    """Group people by category, categories in the alphabetical order of their titles."""
    return group_by_category(people, functools.partial(category_title, lang))


def _breakdown(lang: str, counts: ParticipantCounts) -> str:
    by_size = sorted(
        counts.by_category,
        key=lambda kv: (kv[0] == "", -kv[1], fold(category_noun(lang, kv[0])[1])),
    )
    return ", ".join(count(lang, n, category_noun(lang, c)) for c, n in by_size)


def participants_phrase(lang: str, counts: ParticipantCounts) -> str:
    """Return e.g. "19 participants, dont 11 nommés : 6 associations, 3 organismes publics".

    Categories go largest first, then alphabetically; uncategorised people count as "autres"
    (listed last), and the breakdown is left out when nobody has a category.
    """
    phrase = count(lang, counts.total, "participant")
    if 0 < counts.named < counts.total:
        named = count(lang, counts.named, "named")
        phrase = text(lang, "counts_named", total=phrase, named=named)
    if any(category for category, _ in counts.by_category):
        phrase += text(lang, "colon") + _breakdown(lang, counts)
    return phrase


def settled_phrase(lang: str, runoff: str, retained: list[str]) -> str:
    """Say what a run-off settled: "... au final, A, B et C sont retenues."."""
    key = "settled_one" if len(retained) == 1 else "settled_many"
    names = join_names(lang, [f"« {n} »" if lang == "fr" else f"“{n}”" for n in retained])
    return text(lang, "cutoff_settled", runoff=runoff, retained=text(lang, key, names=names))


def join_names(lang: str, names: tuple[str, ...] | list[str]) -> str:
    """Join names as "A, B et C" / "A, B and C"."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {text(lang, 'and')} {names[-1]}"


def titled(lang: str, lead: str, title: str) -> str:
    """Return "lead : title" (French spacing) or "lead: title"; just `lead` without a title."""
    return f"{lead}{text(lang, 'colon')}{title}" if title else lead


# --- Dates, times, numbers ----------------------------------------------------------------


def format_date(lang: str, day: datetime.date) -> str:
    """Return "mardi 1er avril 2025" / "Tuesday 1 April 2025"."""
    weekday = text(lang, "weekdays").split()[day.weekday()]
    month = text(lang, "months").split()[day.month - 1]
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{weekday} {number} {month} {day.year}"


def format_time(lang: str, moment: datetime.time) -> str:
    """Return "14h30" / "14:30"."""
    separator = "h" if lang == "fr" else ":"
    return f"{moment.hour}{separator}{moment.minute:02d}"


def format_percent(lang: str, share: float) -> str:
    """Return a 0–1 share as a rounded percentage: "42 %" / "42%"."""
    return text(lang, "percent", n=round(share * 100))


def time_span(lang: str, start: datetime.time | None, end: datetime.time | None) -> str:
    """Return "de 14h30 à 17h30", "à partir de 14h30", or "" when the start is unknown."""
    if start is None:
        return ""
    if end is None:
        return text(lang, "time_from", start=format_time(lang, start))
    return text(lang, "time_span", start=format_time(lang, start), end=format_time(lang, end))


def meta_line(lang: str, header: Header) -> str:
    """Return "organiser – place – date, de 14h30 à 17h30", skipping unknown parts."""
    when = format_date(lang, header.date) if header.date else ""
    when = ", ".join(part for part in (when, time_span(lang, header.start, header.end)) if part)
    return " – ".join(part for part in (header.organiser, header.place, when) if part)


def follows_line(lang: str, header: Header) -> str:
    """Return "Suite de l'atelier « X » du <date>" for a follow-up workshop, else ""."""
    if not header.follows:
        return ""
    if header.follows_date is None:
        return text(lang, "follows_undated", title=header.follows)
    return text(lang, "follows", title=header.follows, date=format_date(lang, header.follows_date))


def subtitle(lang: str, header: Header) -> str:
    """Return "series – theme" (either may be missing)."""
    return " – ".join(part for part in (header.series, header.theme) if part)


# --- Tables -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _duration(lang: str, minutes: int | None) -> str:
    return text(lang, "not_run") if minutes is None else text(lang, "duration", n=minutes)


def agenda_table(lang: str, rows: tuple[AgendaRow, ...]) -> Table:
    """Return the agenda as ran: activity, planned and actual minutes ("—" if it did not run)."""
    header = tuple(text(lang, k) for k in ("agenda_activity", "agenda_planned", "agenda_actual"))
    cells = tuple(
        (row.title, _duration(lang, row.planned_minutes), _duration(lang, row.actual_minutes))
        for row in rows
    )
    return Table(header, cells)


_OPTIONAL_COLUMNS = ("first_choices", "voters", "share")


def _optional_columns(vote: VoteSection) -> tuple[str, ...]:
    return tuple(c for c in _OPTIONAL_COLUMNS if any(getattr(r, c) is not None for r in vote.rows))


def _optional_cell(lang: str, value: int | float | None, column: str) -> str:
    if value is None:
        return ""
    return format_percent(lang, value) if column == "share" else str(value)


def ranking_table(lang: str, vote: VoteSection) -> Table:
    """Return the ranking: rank ("3=" when tied), orientation, points, optional columns, ✓."""
    extra = _optional_columns(vote)
    header = ("rank", "label", "points", *extra, "retained_col")
    rows = tuple(
        (
            rank_label(row),
            row.label,
            str(row.score),
            *(_optional_cell(lang, getattr(row, c), c) for c in extra),
            text(lang, "retained_mark") if row.retained else "",
        )
        for row in vote.rows
    )
    return Table(tuple(text(lang, key) for key in header), rows)


# --- Votes and next steps -----------------------------------------------------------------


def vote_method(lang: str, vote: VoteSection) -> str:
    """Describe how people voted, e.g. "Chaque participant disposait de 3 gommettes..."."""
    if vote.method == "dots" and vote.budget == 1:
        return text(lang, "method_dots_one")  # "d'une gommette", not "de 1 gommette"
    noun = "dot" if vote.method == "dots" else "orientation"
    return text(lang, f"method_{vote.method}", count=count(lang, vote.budget, noun))


def voters_phrase(lang: str, vote: VoteSection) -> str:
    """Return "19 votants." or "19 votants, dont 2 par procuration."; "" with no voter count."""
    if not vote.voters:
        return ""
    voters = count(lang, vote.voters, "voter")
    if not vote.proxies:
        return voters + "."
    return text(lang, "voters_proxies", voters=voters, proxies=vote.proxies)


def vote_notes(lang: str, vote: VoteSection) -> tuple[str, ...]:
    """Return the notes under a ranking: the "3=" convention when tied, then the vote's notes.

    A tie across the cut-off that the facilitator did not comment gets a standard note.
    """
    notes = []
    if has_ties(vote.rows):
        # The standard rule and the "3=" convention say one thing: one sentence, not two.
        standard = vote.tie_note == text(lang, "tie_rule_competition")
        notes.append(text(lang, "tie_convention_competition" if standard else "tie_convention"))
        if not standard:
            notes.append(vote.tie_note)
    if not vote.cutoff_note.strip() and cutoff_is_tied(vote.rows):
        notes.append(text(lang, "cutoff_tie"))
    else:
        notes.append(vote.cutoff_note)
    return tuple(note for note in notes if note.strip())


def next_date(lang: str, workshop: NextWorkshop) -> str:
    """Return "Date : mardi 3 février 2026" or "Date à fixer"."""
    if workshop.date is None:
        return text(lang, "date_to_be_set")
    return text(lang, "next_date", date=format_date(lang, workshop.date))


def action_scope(lang: str, action: Action) -> str:
    """Say who carries an action: one group, or transverse (shared by some groups)."""
    if action.group is not None:
        return text(lang, "carried_by", group=action.group)
    if action.shared_by:
        return text(lang, "transverse_shared", groups=join_names(lang, action.shared_by))
    return text(lang, "transverse")


def referents_phrase(lang: str, action: Action) -> str:
    """Return "Référents : Name (organisation), Name"; "" when nobody is named."""
    if not action.referents:
        return ""
    people = [
        f"{r.person} ({r.organisation})" if r.organisation else r.person for r in action.referents
    ]
    return text(lang, "referents", people=", ".join(people))
