from workshop.domain.roster import match_category, parse_sheet, split_name

CATEGORIES = ["Association", "Entreprise", "Organisme public", "Habitant"]


def test_the_surname_is_the_leading_run_of_capitals():
    assert split_name("DUPONT Marie-Anne") == ("DUPONT", "Marie-Anne")
    assert split_name("LE GALL Jean Pierre") == ("LE GALL", "Jean Pierre")


def test_without_capitals_the_first_word_is_the_surname():
    assert split_name("Dupont Marie") == ("Dupont", "Marie")


def test_a_single_word_is_a_surname():
    assert split_name("DUPONT") == ("DUPONT", "")


def test_categories_match_without_case_or_accents():
    assert match_category("organisme PUBLIC", CATEGORIES) == ("Organisme public", False)
    assert match_category("entreprise", CATEGORIES) == ("Entreprise", False)
    assert match_category("assoc", CATEGORIES) == ("Association", False)


def test_an_unknown_category_is_flagged_and_left_empty():
    assert match_category("Syndicat", CATEGORIES) == ("", True)
    assert match_category("", CATEGORIES) == ("", False)


def test_a_sheet_keeps_line_numbers_and_skips_blank_lines():
    lines = parse_sheet(
        "MOREAU Alice; Centre social des Tilleuls; association\n\n"
        "PETIT Jules; Mairie; organisme public\n",
        CATEGORIES,
    )
    assert [(x.line_no, x.surname, x.first_name, x.organisation, x.category) for x in lines] == [
        (1, "MOREAU", "Alice", "Centre social des Tilleuls", "Association"),
        (3, "PETIT", "Jules", "Mairie", "Organisme public"),
    ]


def test_a_line_without_a_name_is_an_error_not_a_person():
    (line,) = parse_sheet("   ; Mairie; habitant", CATEGORIES)
    assert line.error == "no_name"


def test_overlong_names_are_refused_per_line():
    (line,) = parse_sheet("X" * 300 + "; org", CATEGORIES)
    assert line.error == "too_long"


def test_markup_in_a_sheet_stays_text():
    (line,) = parse_sheet("<B>BOLD</B> Eve; <script>x</script>", CATEGORIES)
    assert line.organisation == "<script>x</script>"
