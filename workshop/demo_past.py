"""A finished past workshop for `python run.py --demo`: open its minutes and export them at once.

Everything goes through the services, as a real session would: two groups answer a
scenario (one with headings, one on a two-column board), propose orientations that the
facilitator merges and comments, the room votes with three dots (with a tie), and the
facilitator writes the next steps. Invented French content.
"""

from datetime import date, timedelta

from workshop.db import transaction
from workshop.services import agenda, boards, groups, minutes, roster, voting, workshops
from workshop.services.boards import FACILITATOR, Actor

PAST_WORKSHOP = {
    "title": "Atelier du futur : ce que le quartier attend de ses maisons",
    "series_label": "Atelier 1",
    "theme": "La participation des habitants",
    "context": (
        "Le diagnostic mené l'an dernier dans les trois maisons de quartier du réseau montre "
        "des lieux très fréquentés, mais des habitants peu présents dans les décisions.\n\n"
        "L'enjeu de ce premier atelier était de se projeter, puis de dégager les orientations "
        "qui donneraient aux habitants une vraie place dans la vie des maisons."
    ),
    "place": "Maison de quartier des Tilleuls, salle polyvalente",
    "organiser": "Réseau des maisons de quartier",
    "minutes_author": "Équipe d'animation du réseau",
    "start_time": "18:00",
    "end_time": "21:00",
    "language": "fr",
    "allow_anonymous": "1",
}
# surname, first name, organisation, category, has a phone
PEOPLE = [
    ("Leroy", "Camille", "Maison de quartier des Tilleuls", "Association", False),
    ("Nguyen", "Thomas", "Mairie, service vie associative", "Organisme public", False),
    ("Fabre", "Inès", "Conseil citoyen", "Habitant", True),
    ("Morel", "Yannick", "Maison de quartier des Rives", "Association", False),
    ("Aubert", "Salomé", "Bailleur Habitat 21", "Entreprise", False),
    ("Diallo", "Moussa", "Club de foot des Rives", "Association", True),
    ("Perrin", "Agnès", "Centre communal d'action sociale", "Organisme public", False),
]
UNNAMED = ("Martin", "Lou")  # came, but asked not to be named in the minutes
GROUP_A_ANSWER = """Un lieu où l'on décide ensemble
  un conseil de maison ouvert à tous les habitants
  des budgets votés en assemblée
Un lieu ouvert aux heures de tout le monde
  le soir et le samedi
  un accueil sans rendez-vous
Un tremplin pour les projets d'habitants
  un petit fonds pour démarrer
  un accompagnement par les bénévoles
"""
DEMANDS = """Des comptes rendus clairs
  publiés chaque trimestre
Des projets pour les jeunes
  au moins un par an
Une présence dans chaque quartier
"""
REFUSALS = """Un lieu réservé aux habitués
  toujours les mêmes visages
Des activités payantes pour tous
"""
ORIENTATIONS = [  # heading, sub-points, group (0: A, 1: B)
    (
        "Ouvrir les instances aux habitants",
        ["des places réservées au conseil", "un tirage au sort"],
        0,
    ),
    ("Aller vers ceux qu'on ne voit pas", ["des permanences au pied des immeubles"], 1),
    ("Former les bénévoles à l'animation", ["deux soirées par an"], 0),
    (
        "Créer un fonds pour les projets d'habitants",
        ["500 euros par projet", "un jury d'habitants"],
        1,
    ),
    (
        "Rendre compte de ce qui est décidé",
        ["un panneau dans le hall", "une lettre par trimestre"],
        0,
    ),
    ("Adapter les horaires d'ouverture", ["le samedi matin"], 1),
]
DUPLICATE = "Faire entrer les habitants au conseil"  # merged into the first orientation
# Three dots each, on different orientations (indexes above): 6, 5, 4 retained, then a
# three-way tie (2 dots each) below the cut-off.
BALLOTS = [(0, 1, 3), (0, 1, 3), (0, 1, 3), (0, 1, 2), (0, 1, 4), (0, 3, 5), (2, 4, 5)]
MINUTES_SPENT = [10, 42, 8, 47, 16, 12]


def _room(workshop):
    people = []
    for surname, first, organisation, category, phone in PEOPLE:
        fields = {"surname": surname, "first_name": first, "organisation": organisation}
        fields["category"] = category
        if phone:
            people.append(roster.join_workshop(workshop, fields, "fr")[0])
        else:
            people.append(roster.add_person(workshop, fields))
    unnamed = roster.add_person(workshop, {"surname": UNNAMED[0], "first_name": UNNAMED[1]})
    roster.update_person(workshop, unnamed.id, {"surname": UNNAMED[0], "first_name": UNNAMED[1]})
    roster.join_workshop(workshop, {"anonymous": "1", "first_name": "", "surname": ""}, "fr")
    return people


def _agenda(workshop, group_a, group_b):
    add = agenda.add_activity
    scenario = add(
        workshop,
        {
            "kind": "scenario",
            "title": "Nous sommes en 2030",
            "anonymous": "1",
            "planned_minutes": "40",
            "introduction": "Chaque groupe s'est projeté en 2030, avec son propre scénario.",
            f"prompt_{group_a.id}": "En 2030, les habitants pilotent la moitié des projets. "
            "Une journaliste vous interroge : qu'est-ce qui a changé dans les maisons ?",
            f"prompt_{group_b.id}": "En 2030, vous présidez le conseil de quartier. Que "
            "demandez-vous aux maisons de quartier, et que refusez-vous ?",
            f"format_{group_b.id}": "board",
            f"columns_{group_b.id}": "Ce que nous demandons / Ce que nous refusons",
        },
    )
    add(workshop, {"kind": "instruction", "title": "Pause", "planned_minutes": "10"})
    brainstorm = add(
        workshop,
        {
            "kind": "brainstorm",
            "title": "Les pistes pour donner leur place aux habitants",
            "anonymous": "1",
            "planned_minutes": "45",
            "introduction": "Chaque groupe a proposé des pistes, regroupées ensuite en séance.",
            "question": "Quelles orientations pour que les habitants prennent toute leur place ?",
        },
    )
    vote = add(
        workshop,
        {"kind": "vote", "title": "Orientations prioritaires", "planned_minutes": "15"}
        | {"method": "dots", "budget": "3", "retain": "3"},
    )
    add(
        workshop,
        {
            "kind": "instruction",
            "title": "Pour la suite",
            "planned_minutes": "10",
            "instruction": "Les trois orientations retenues seront approfondies au prochain "
            "atelier, qui cherchera des actions concrètes et leurs porteurs.",
        },
    )
    return scenario, brainstorm, vote


def _answers(workshop, scenario, group_a, group_b):
    quick = boards.quick_entry
    quick(workshop, scenario, {"outline": GROUP_A_ANSWER, "group_id": group_a.id})
    quick(workshop, scenario, {"outline": DEMANDS, "group_id": group_b.id, "column": 0})
    quick(workshop, scenario, {"outline": REFUSALS, "group_id": group_b.id, "column": 1})
    boards.save_synthesis(
        workshop,
        scenario,
        group_a.id,
        "Le groupe imagine des maisons gouvernées avec les habitants, ouvertes à leurs "
        "horaires, et qui aident leurs projets à démarrer.",
    )


def write_in_group(workshop, activity, author, group_id, text):
    """Write a heading as a member of `group_id` (nobody writes outside a group)."""
    before = author.person.group_id
    groups.assign_person(workshop, author.person.id, group_id)
    card = boards.add_card(workshop, activity, author, {"text": text})
    groups.assign_person(workshop, author.person.id, before)
    return card


def _orientations(workshop, brainstorm, people, group_ids):
    cards = []
    for index, (heading, subpoints, group) in enumerate(ORIENTATIONS):
        author = Actor(people[index % len(people)])
        card = write_in_group(workshop, brainstorm, author, group_ids[group], heading)
        for sub in subpoints:
            boards.add_card(workshop, brainstorm, FACILITATOR, {"text": sub, "parent_id": card.id})
        cards.append(card)
    twin = boards.add_card(
        workshop, brainstorm, FACILITATOR, {"text": DUPLICATE, "group_id": group_ids[1]}
    )
    boards.merge_cards(workshop, brainstorm, cards[0].id, [twin.id])
    boards.add_comment(
        workshop,
        brainstorm,
        {"card_id": cards[3].id, "text": "Le montant reste à discuter avec la mairie."},
    )
    boards.add_comment(
        workshop,
        brainstorm,
        {"text": "Plusieurs pistes demandent du temps de bénévoles : à prévoir dès la rentrée."},
    )


def _vote(workshop, vote, brainstorm, people):
    voting.import_candidates(workshop, vote, brainstorm.id, False)
    agenda.go_to_activity(workshop, vote.id)
    voting.open_vote(workshop, vote)
    ids = {c.label: c.id for c in voting.candidates_of(vote)}
    ordered = [ids[heading] for heading, _subs, _group in ORIENTATIONS]
    snap = voting.snapshot_of(vote)
    for person, ballot in zip(people, BALLOTS, strict=True):
        if person.has_phone:
            for index in ballot:
                voting.tap(snap, voting.Voter.of(person), "dot", ordered[index])
        else:
            dots = {f"dots_{ordered[index]}": "1" for index in ballot}
            voting.enter_proxy_ballot(workshop, vote, person.id, dots)
    voting.close_vote(workshop, vote)
    voting.reveal_results(workshop, vote)


def _next_steps(workshop, next_date: date, group_a, group_b):
    minutes.save_next_workshop(
        workshop,
        {
            "next_date": next_date.isoformat(),
            "next_deepens": "les trois orientations retenues",
            "next_objectives": "choisir une ou deux actions par orientation\n"
            "trouver un référent pour chacune",
        },
    )
    minutes.add_action(
        workshop,
        {
            "title": "Réserver deux places d'habitants au conseil de maison",
            "group_id": str(group_a.id),
            "referents": "Camille Leroy; Maison de quartier des Tilleuls",
            "contact": "camille.leroy@example.org",
            "description": "Proposer la modification des statuts à la prochaine assemblée.",
            "needs": "un modèle de statuts\nun appel à candidatures",
        },
    )
    minutes.add_action(
        workshop,
        {
            "title": "Publier une lettre trimestrielle des décisions",
            "shared": [str(group_a.id), str(group_b.id)],
            "referents": "Thomas Nguyen; Mairie\nInès Fabre; Conseil citoyen",
            "needs": "une maquette simple",
        },
    )


def _run(workshop, scenario, brainstorm, vote, people, group_a, group_b):
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, scenario.id)
    _answers(workshop, scenario, group_a, group_b)
    agenda.go_to_activity(workshop, brainstorm.id)
    _orientations(
        workshop, brainstorm, [p for p in people if p.has_phone], [group_a.id, group_b.id]
    )
    _vote(workshop, vote, brainstorm, people)
    agenda.end_workshop(workshop)
    with transaction():
        for activity, spent in zip(workshop.activities, MINUTES_SPENT, strict=True):
            activity.active_seconds = spent * 60.0


def create_past_workshop(next_date: date):
    """Create the finished workshop (three weeks ago); return it and its facilitator secret."""
    fields = {**PAST_WORKSHOP, "date": (date.today() - timedelta(days=21)).isoformat()}
    workshop, secret = workshops.create_workshop(fields)
    group_a = groups.add_group(workshop, {"name": "Groupe A"})
    group_b = groups.add_group(workshop, {"name": "Groupe B"})
    people = _room(workshop)
    scenario, brainstorm, vote = _agenda(workshop, group_a, group_b)
    _run(workshop, scenario, brainstorm, vote, people, group_a, group_b)
    _next_steps(workshop, next_date, group_a, group_b)
    return workshop, secret
