"""The same minutes read the same in Markdown, DOCX and HTML."""

from __future__ import annotations

import pytest

from tests.exporters import sample
from tests.exporters.readers import FORMATS, render_and_read
from workshop.domain.minutes import Minutes

pytestmark = pytest.mark.parametrize("fmt", FORMATS)


def _flat(cells) -> list[str]:
    return [" ".join(" ".join(cell).split()) for cell in cells]


@pytest.fixture(scope="module")
def outlines() -> dict:
    return {fmt: render_and_read(sample.sample_minutes(), fmt) for fmt in FORMATS}


def test_sections_come_in_document_order(outlines, fmt):
    assert outlines[fmt].titles(0) == [sample.HEADER.title]
    assert outlines[fmt].titles(1) == list(sample.SECTION_TITLES_FR)


def test_prompts_answers_and_orientations_are_sub_headings(outlines, fmt):
    outline = outlines[fmt]
    # Each group's heading holds its own prompt and its answer (prompts sit with answers).
    assert "Groupe A : Le tiers-lieu qui a réussi" in outline.titles(2)
    assert "Groupe B : Le regard de la commune" in outline.titles(2)
    orientations = [o.heading for o in sample.ORIENTATIONS]
    assert [t for t in outline.titles(3) if t in orientations] == orientations


def test_board_is_rendered_cell_by_cell_with_blank_cells(outlines, fmt):
    board = outlines[fmt].table("Exigences")
    assert board == [
        [("Exigences",), ("Réfutations",)],
        [
            ("Ouverture à tous", "horaires adaptés aux actifs", "accès sans adhésion"),
            ("Concurrence avec les commerces", "pas de restauration le midi"),
        ],
        [("Comptes clairs", "bilan annuel présenté au conseil municipal"), ()],
        [(), ("Entre-soi", "un cercle d'habitués qui décide de tout")],
        [("Animation du bourg | marché", "un événement par saison"), ()],
    ]


def test_ranking_rows_are_in_order_with_ties_sharing_a_rank(outlines, fmt):
    ranking = outlines[fmt].table("Rang")
    assert _flat(ranking[0]) == ["Rang", "Orientation", "Points", "Part", "Retenue"]
    rows = [_flat(row) for row in ranking[1:]]
    assert [row[0] for row in rows] == list(sample.RANK_LABELS)
    assert [int(row[2]) for row in rows] == list(sample.SCORES)
    assert [row[1] for row in rows] == [sample.ORIENTATIONS[i].heading for i in sample.RANKED]


def test_retained_rows_are_marked_and_listed(outlines, fmt):
    rows = [_flat(row) for row in outlines[fmt].table("Rang")[1:]]
    assert [row[-1] for row in rows] == ["✓"] * 4 + [""] * 5
    assert "Orientations retenues" in outlines[fmt].titles(2)


def test_tie_convention_is_explained(outlines, fmt):
    # The ranks named are the ranks really tied, not a fixed "3=" example.
    text = outlines[fmt].text
    assert "« 3= » et « 6= » : rangs partagés par des orientations à égalité de points." in text


def test_participants_are_sorted_by_surname_with_their_organisations(outlines, fmt):
    text = outlines[fmt].text
    positions = [text.index(line) for line in sample.SORTED_LINES]
    assert positions == sorted(positions)


def test_named_and_counted_totals_are_stated(outlines, fmt):
    # Everyone present is counted by category; the six not named have no category known.
    phrase = (
        "14 participants, dont 3 associations, 2 organismes publics, 1 élu, "
        "1 entreprise, 1 habitant et 6 de catégorie non renseignée."
    )
    assert phrase in outlines[fmt].text


def test_header_states_place_date_times_and_author(outlines, fmt):
    text = outlines[fmt].text
    assert "Salle des fêtes de Saint-Aubin-des-Prés – mardi 18 novembre 2025" in text
    assert "de 9h30 à 12h30" in text
    assert "Réalisé par Claire Fontanel" in text


def test_next_workshop_date_and_objectives_are_stated(outlines, fmt):
    text = outlines[fmt].text
    assert "Date : mardi 9 décembre 2025" in text
    assert "identifier les partenaires à associer" in text


def test_actions_say_who_carries_them(outlines, fmt):
    text = outlines[fmt].text
    assert "Porté par : Groupe A" in text
    assert "Action transversale : Groupe A et Groupe B" in text
    assert "Référents : Marc Ollivier (Mairie de Saint-Aubin), Samia Dubois" in text


def test_draft_marker_is_present_when_draft(outlines, fmt):
    assert outlines[fmt].draft_marker


def test_draft_marker_is_absent_when_final(fmt):
    outline = render_and_read(sample.sample_minutes(status="final"), fmt)
    assert not outline.draft_marker
    assert "Brouillon" not in outline.text and "BROUILLON" not in outline.text


def test_a_script_typed_by_a_user_comes_out_as_text(outlines, fmt):
    assert "Commentaire : " + sample.SCRIPT in outlines[fmt].text


def test_english_minutes_use_english_labels(fmt):
    outline = render_and_read(sample.sample_minutes(lang="en"), fmt)
    assert outline.titles(1)[:3] == ["Context and stakes", "Participants", "Agenda as it ran"]
    assert outline.titles(1)[-1] == "Next steps"
    assert _flat(outline.table("Rank")[0]) == ["Rank", "Orientation", "Points", "Share", "Retained"]
    assert "14 participants, including 3 associations, 2 public bodies" in outline.text
    assert "Date: Tuesday 9 December 2025" in outline.text
    for french in ("Contexte", "Déroulé", "Suites", "Retenue", " dont ", "Réalisé par"):
        assert french not in outline.text


def test_empty_parts_render_without_empty_headings(fmt):
    outline = render_and_read(sample.empty_minutes(), fmt)
    assert outline.headings == [(0, "Atelier sans contenu")]
    assert outline.tables == []


def test_a_title_only_document_renders(fmt):
    outline = render_and_read(Minutes(header=sample.HEADER, status="final"), fmt)
    assert outline.titles(0) == [sample.HEADER.title]
    assert outline.titles(1) == []


def test_participants_can_be_grouped_by_category(fmt):
    grouped = sample.PARTICIPANTS.__class__(sample.PEOPLE, present=14, by_category=True)
    outline = render_and_read(sample.sample_minutes(participants=grouped), fmt)
    groups = ["Associations", "Élus", "Entreprises", "Habitants", "Organismes publics"]
    assert [t for t in outline.titles(2) if t in groups] == groups
    text = outline.text
    assert text.index("BERTHIER Alain") < text.index("ÉMERY Lucie") < text.index("ZELLER Paul")


def test_a_follow_up_names_the_workshop_it_follows_in_its_header(fmt):
    import dataclasses
    import datetime

    minutes = sample.sample_minutes()
    header = dataclasses.replace(
        minutes.header, follows="Tiers-lieu <b>2030</b>", follows_date=datetime.date(2025, 4, 1)
    )
    outline = render_and_read(dataclasses.replace(minutes, header=header), fmt)
    assert "Suite de l'atelier « Tiers-lieu <b>2030</b> » du mardi 1er avril 2025" in outline.text
    undated = dataclasses.replace(header, follows="Atelier 1", follows_date=None)
    english = dataclasses.replace(minutes, header=undated, lang="en")
    assert "Follows the workshop “Atelier 1”" in render_and_read(english, fmt).text
    assert "Suite de l'atelier" not in render_and_read(minutes, fmt).text
