"""A finished workshop shaped like a real atelier du futur, made through the services.

Invented content: neighbourhood houses facing their partners. Two sub-groups answer a
scenario (one with headings and sub-points, one on a two-column board with blanks), then
propose nine orientations (after a merge and a hidden card) with sub-points and comments.
The room has named, unnamed and anonymous people, and someone who left; the minutes have a
next workshop and two minutes. Call `make_session()` inside an app context.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass

from tests.conftest import make_test_app
from tests.factories import cast_dot, join, make_workshop
from workshop.db import transaction
from workshop.demo_past import write_in_group
from workshop.services import agenda, boards, groups, minutes, roster, voting
from workshop.services.boards import FACILITATOR, Actor

TITLE = "Deuxième atelier du futur"
HIDDEN_NAME = ("Discret", "Gaspard")  # present, but not to be named in the minutes
ANONYMOUS_ORGANISATION = "Collectif sans nom"

PEOPLE = [  # surname, first name, organisation, category
    ("Vasseur", "Odile", "Maison de quartier du Canal", "Association"),
    ("Abadie", "Karim", "Ville de Pont-Sainte-Marie", "Organisme public"),
    ("Lemoine", "Justine", "Maison de quartier des Vignes", "Association"),
    ("Évrard", "Paul", "Caisse d'allocations familiales", "Organisme public"),
    ("Bouchet", "Nadia", "Maison de quartier du Canal", "Association"),
    ("Cazenave", "Luc", "Coopérative Les Ateliers", "Entreprise"),
]
SORTED_LINES = [
    "ABADIE Karim – Ville de Pont-Sainte-Marie",
    "BOUCHET Nadia – Maison de quartier du Canal",
    "CAZENAVE Luc – Coopérative Les Ateliers",
    "ÉVRARD Paul – Caisse d'allocations familiales",
    "LEMOINE Justine – Maison de quartier des Vignes",
    "VASSEUR Odile – Maison de quartier du Canal",
]
# Six named, plus the unnamed one, the anonymous one and one added without a phone
# who is not nameable: nine present (the person who left does not count).
PRESENT, NAMED = 9, 6

GROUP_1_OUTLINE = """Un lieu repère du quartier
  ouvert tard le soir
  connu de toutes les générations
Un relais entre habitants et institutions
  invité aux instances de la ville
  sollicité avant chaque projet
  porte la parole des associations
Un employeur local
  des emplois de proximité
"""
DEMANDS = [
    ("Coopération", ["convention sur trois ans", "actions complémentaires"]),
    ("Accueil de qualité", ["ouvert à tous les publics"]),
    ("Transparence", ["comptes présentés chaque année"]),
    ("Force de proposition", ["projets pour les jeunes et les aînés"]),
]
REJECTIONS = [
    ("Concurrence avec la mairie", ["doublons d'activités"]),
    ("Simple location de salles", ["des gens qui se croisent sans se parler"]),
]
# Rows as the board pairs them once the second rejection moved down a row.
BOARD_ROWS = [
    ("Coopération", "Concurrence avec la mairie"),
    ("Accueil de qualité", None),
    ("Transparence", "Simple location de salles"),
    ("Force de proposition", None),
]
ORIENTATIONS = [  # (heading, sub-points, group index)
    ("Faire connaître nos missions", ["montrer ce qui dépasse le contrat de base"], 0),
    ("Mutualiser une expertise", ["partager les compétences RH", "valoriser ce savoir"], 1),
    ("Mieux gérer nos budgets", ["éviter les déficits"], 0),
    ("Soigner la qualité du service", ["évaluer plutôt que compter"], 1),
    ("Renforcer les conseils d'administration", ["rester proches du quartier"], 0),
    ("Signer des conventions à plusieurs", ["ville, département, CAF"], 1),
    ("Communiquer davantage", ["faire savoir autant que savoir-faire"], 0),
    ("Innover dans nos projets", ["créer des lieux de débat", "savoir dire non"], 1),
    ("Redonner vie au bénévolat", ["accueillir les nouveaux bénévoles"], 0),
]
MERGED_AWAY = "Faire reconnaître nos missions"  # merged into the first orientation
HIDDEN_CARD = "Idée hors sujet"
DELETED_CARD = "Carte effacée"
ORIENTATION_COMMENT = "À relier à la piste sur les conventions"
ACTIVITY_COMMENT = "La souplesse perdue se regagne en reconnaissance."
SYNTHESIS_1 = "Le groupe voit la maison de quartier comme un repère.\n\nElle fédère."
NEXT_DATE = datetime.date(2026, 4, 2)
SCENARIO_TITLE = "Se projeter en 2032"
BRAINSTORM_TITLE = "Les pistes pour peser davantage"
PAUSE_TITLE = "Pause"
VOTE_TITLE = "Orientations prioritaires"
# Eight ballots of three different orientations (indexes in ORIENTATIONS): two cast from
# phones, six entered by the facilitator for people without a phone (proxies).
BALLOTS = [(0, 1, 3), (0, 1, 3), (0, 1, 3), (0, 1, 5), (0, 1, 6), (0, 3, 5), (0, 5, 6), (4, 2, 6)]
# (rank as printed, orientation index, dots): ties share a rank and keep the order the
# orientations were proposed in (the first group's first); the top 3 are retained.
RANKING = [
    ("1", 0, 7),
    ("2", 1, 5),
    ("3", 3, 4),
    ("4=", 6, 3),
    ("4=", 5, 3),
    ("6=", 2, 1),
    ("6=", 4, 1),
    ("8=", 8, 0),
    ("8=", 7, 0),
]


@dataclass
class Session:
    workshop: object
    secret: str
    groups: tuple
    scenario: object
    brainstorm: object
    people: list
    vote: object = None


def _room(workshop):
    named = [
        roster.add_person(
            workshop, {"surname": s, "first_name": f, "organisation": o, "category": c}
        )
        for s, f, o, c in PEOPLE
    ]
    hidden, _ = join(workshop, first_name=HIDDEN_NAME[1], surname=HIDDEN_NAME[0])
    roster.update_person(
        workshop, hidden.id, {"surname": hidden.surname, "first_name": hidden.first_name}
    )
    anonymous, _ = join(
        workshop, anonymous="1", organisation=ANONYMOUS_ORGANISATION, first_name="", surname=""
    )
    unnamed = roster.add_person(workshop, {"surname": "Sansnom", "first_name": "Léa"})
    roster.update_person(workshop, unnamed.id, {"surname": "Sansnom", "first_name": "Léa"})
    gone, _ = join(workshop, first_name="Parti", surname="Tôt")
    roster.remove_person(workshop, gone.id)
    return named, hidden, anonymous


def _scenario(workshop, g1, g2):
    return agenda.add_activity(
        workshop,
        {
            "kind": "scenario",
            "title": SCENARIO_TITLE,
            "planned_minutes": "40",
            "introduction": "Les participants se sont projetés dans six ans.",
            f"prompt_{g1.id}": "Nous sommes en 2032 ; présentez votre maison au préfet.",
            f"prompt_{g2.id}": "Vous êtes maire : que demandez-vous, que refusez-vous ?",
            f"format_{g2.id}": "board",
            f"columns_{g2.id}": "Exigences / Réfutations",
        },
    )


def _brainstorm(workshop):
    return agenda.add_activity(
        workshop,
        {
            "kind": "brainstorm",
            "title": BRAINSTORM_TITLE,
            "planned_minutes": "45",
            "anonymous": "1",
            "question": "Quelles pistes pour peser davantage ?",
        },
    )


def _answer_scenario(workshop, scenario, g1, g2):
    boards.quick_entry(workshop, scenario, {"outline": GROUP_1_OUTLINE, "group_id": g1.id})
    for column, items in ((0, DEMANDS), (1, REJECTIONS)):
        outline = "\n".join(f"{h}\n" + "".join(f"  {s}\n" for s in subs) for h, subs in items)
        boards.quick_entry(
            workshop, scenario, {"outline": outline, "group_id": g2.id, "column": column}
        )
    second = next(c for c in boards.cards_of(scenario) if c.text == "Simple location de salles")
    boards.move_card(workshop, scenario, second.id, {"blank": "before"})
    boards.save_synthesis(workshop, scenario, g1.id, SYNTHESIS_1)


def _answer_brainstorm(workshop, brainstorm, authors, g1, g2):
    by_group = {0: g1, 1: g2}
    cards = {}
    for index, (heading, subs, group) in enumerate(ORIENTATIONS):
        author = Actor(authors[index % len(authors)])
        card = write_in_group(workshop, brainstorm, author, by_group[group].id, heading)
        for sub in subs:
            boards.add_card(workshop, brainstorm, FACILITATOR, {"text": sub, "parent_id": card.id})
        cards[heading] = card
    extra = {
        text: boards.add_card(workshop, brainstorm, FACILITATOR, {"text": text, "group_id": g2.id})
        for text in (MERGED_AWAY, HIDDEN_CARD, DELETED_CARD)
    }
    boards.merge_cards(workshop, brainstorm, cards[ORIENTATIONS[0][0]].id, [extra[MERGED_AWAY].id])
    boards.set_flag(workshop, brainstorm, extra[HIDDEN_CARD].id, "hidden", True)
    boards.delete_card(workshop, brainstorm, FACILITATOR, extra[DELETED_CARD].id)
    boards.add_comment(
        workshop, brainstorm, {"card_id": cards[ORIENTATIONS[5][0]].id, "text": ORIENTATION_COMMENT}
    )
    boards.add_comment(workshop, brainstorm, {"text": ACTIVITY_COMMENT})


def _vote(workshop, brainstorm, phones, without_phone):
    vote = agenda.add_activity(
        workshop,
        {"kind": "vote", "title": VOTE_TITLE, "method": "dots", "budget": "3", "retain": "3"},
    )
    voting.import_candidates(workshop, vote, brainstorm.id, False)
    agenda.go_to_activity(workshop, vote.id)
    voting.open_vote(workshop, vote)
    by_label = {c.label: c.id for c in voting.candidates_of(vote)}
    ids = [by_label[heading] for heading, _subs, _group in ORIENTATIONS]
    for person, ballot in zip(phones, BALLOTS[:2], strict=True):
        for index in ballot:
            cast_dot(workshop, vote, person, ids[index])
    for person, ballot in zip(without_phone, BALLOTS[2:], strict=True):
        dots = {f"dots_{ids[index]}": "1" for index in ballot}
        voting.enter_proxy_ballot(workshop, vote, person.id, dots)
    voting.close_vote(workshop, vote)
    return vote


def _spent(workshop, minutes_each):
    """Record how long each activity ran, as if the session had lasted that long."""
    with transaction():
        for activity, spent in zip(workshop.activities, minutes_each, strict=True):
            activity.active_seconds = spent * 60.0


def _next_steps(workshop, g1, g2):
    minutes.save_next_workshop(
        workshop,
        {
            "next_date": NEXT_DATE.isoformat(),
            "next_deepens": "les trois orientations retenues",
            "next_objectives": "choisir des actions concrètes\nrepérer les compétences utiles",
        },
    )
    minutes.add_action(
        workshop,
        {
            "title": "Inventorier nos missions",
            "group_id": str(g1.id),
            "referents": "Odile Vasseur; Maison de quartier du Canal",
            "contact": "odile@example.org",
            "description": "Une liste partagée avant l'été.",
            "needs": "un tableur commun\ndeux bénévoles",
        },
    )
    minutes.add_action(
        workshop,
        {"title": "Rédiger une charte commune", "shared": [str(g1.id), str(g2.id)]},
    )


def make_session(**workshop_fields) -> Session:
    """Create the whole finished workshop; return its parts."""
    fields = {
        "title": TITLE,
        "series_label": "Atelier 2",
        "theme": "Le poids des maisons de quartier",
        "context": "Le diagnostic a montré un poids trop faible.\n\nIl faut peser ensemble.",
        "organiser": "Union des maisons de quartier",
        "place": "Salle du conseil, Pont-Sainte-Marie",
        "date": "2026-03-12",
        "start_time": "14:00",
        "end_time": "17:00",
        "minutes_author": "Hélène Marchal",
        "allow_anonymous": "1",
    }
    workshop, secret = make_workshop(**{**fields, **workshop_fields})
    g1 = groups.add_group(workshop, {"name": "Groupe 1"})
    g2 = groups.add_group(workshop, {"name": "Groupe 2"})
    named, hidden, anonymous = _room(workshop)
    scenario = _scenario(workshop, g1, g2)
    pause = {"kind": "instruction", "title": PAUSE_TITLE, "planned_minutes": "10"}
    agenda.add_activity(workshop, pause)
    brainstorm = _brainstorm(workshop)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, scenario.id)
    _answer_scenario(workshop, scenario, g1, g2)
    agenda.go_to_activity(workshop, brainstorm.id)
    _answer_brainstorm(workshop, brainstorm, [hidden, named[0], anonymous], g1, g2)
    vote = _vote(workshop, brainstorm, [hidden, anonymous], named)
    agenda.end_workshop(workshop)
    _spent(workshop, [12, 47, 9, 38, 14])
    _next_steps(workshop, g1, g2)
    people = [*named, hidden, anonymous]
    return Session(workshop, secret, (g1, g2), scenario, brainstorm, people, vote)


@contextmanager
def finished_session(folder):
    """Yield one finished session in an app of its own, for tests that only read it.

    A module-scoped fixture builds it once (building takes a few seconds); tests that
    change anything use `make_session()` with the usual per-test app instead.
    """
    app = make_test_app(f"sqlite:///{folder / 'finished.sqlite3'}", folder)
    with app.test_request_context():
        yield make_session()
    app.extensions["db"]["session"].remove()
    app.extensions["db"]["engine"].dispose()
