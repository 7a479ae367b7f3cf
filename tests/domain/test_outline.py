from workshop.domain.outline import OutlineItem, parse_outline


def test_margin_lines_are_headings_and_indented_lines_their_sub_points():
    text = (
        "Lieu ouvert à tous\n  accueil sans rendez-vous\n\t- ateliers du soir\nPorte-voix\n- relais"
    )
    assert parse_outline(text) == [
        OutlineItem("Lieu ouvert à tous", ("accueil sans rendez-vous", "ateliers du soir")),
        OutlineItem("Porte-voix", ("relais",)),
    ]


def test_a_sub_point_before_any_heading_becomes_a_heading():
    assert parse_outline("- orphelin\nTitre") == [
        OutlineItem("orphelin", ()),
        OutlineItem("Titre", ()),
    ]


def test_blank_input_gives_nothing():
    assert parse_outline(" \n\n") == []
