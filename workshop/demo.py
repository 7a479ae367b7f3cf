"""A complete sample workshop in French, for `python run.py --demo`.

Two groups and every kind of activity (welcome, a short speed meeting between associations
and companies or public bodies, scenario with a headings prompt and a two-column board,
brainstorm, dot vote), so a facilitator trying the app can run a whole session with two
phones; phones that join pick their group (and their category, hence their side).
"""

from datetime import date, timedelta

from workshop.demo_past import create_past_workshop
from workshop.services import agenda, groups, roster, workshops

DEMO_WORKSHOP = {
    "title": "Atelier du futur : les habitants au cœur du quartier",
    "series_label": "Atelier 2",
    "theme": "La participation des habitants",
    "context": (
        "Notre réseau de maisons de quartier a mené un diagnostic l'an dernier. Il montre que "
        "les habitants fréquentent nos lieux mais prennent rarement part aux décisions.\n\n"
        "L'enjeu est de passer d'un public accueilli à des habitants qui portent des projets, "
        "siègent dans les instances et pèsent face aux partenaires.\n\n"
        "Cet atelier se projette en 2030 pour imaginer ce qui aura changé, puis choisit les "
        "orientations à approfondir lors du prochain atelier."
    ),
    "place": "Maison de quartier des Tilleuls, salle polyvalente",
    "organiser": "Réseau des maisons de quartier",
    "minutes_author": "Équipe d'animation du réseau",
    "start_time": "14:00",
    "end_time": "17:00",
    "language": "fr",
    "allow_anonymous": "1",
}

GROUPS = ("Groupe des Tilleuls", "Groupe des Rives")


def _agenda(first: int, second: int) -> list[dict]:
    """The live demo's agenda after the welcome every workshop starts with."""
    return [
        {
            "kind": "speed_meeting",
            "title": "Faire connaissance : rencontres éclair",
            "planned_minutes": "12",
            "instruction": "Trois minutes par rencontre : qui êtes-vous, que cherchez-vous, "
            "que pouvez-vous apporter ? Votre téléphone vous dit à quelle table aller.",
            "mode": "two_sides",
            "side_a": ["Association", "Habitant"],
            "side_b": ["Entreprise", "Organisme public"],
            "side_a_label": "Associations et habitants",
            "side_b_label": "Entreprises et organismes publics",
            "rounds": "3",
            "round_minutes": "3",
            "round_secs": "0",
        },
        {
            "kind": "scenario",
            "title": "Nous sommes en 2030",
            "planned_minutes": "25",
            "anonymous": "1",
            "introduction": "Chaque groupe se projette en 2030 avec son propre scénario.",
            f"prompt_{first}": "Nous sommes en 2030. Les habitants pilotent la moitié des "
            "projets du quartier. Une journaliste vous interroge : racontez-lui en deux "
            "minutes ce qui a changé dans nos maisons.",
            f"prompt_{second}": "Nous sommes en 2030 et vous présidez le conseil de "
            "quartier. Qu'attendez-vous des maisons de quartier, et que refusez-vous ?",
            f"format_{second}": "board",
            f"columns_{second}": "Ce que nous attendons / Ce que nous refusons",
        },
        {
            "kind": "instruction",
            "title": "Pause",
            "planned_minutes": "10",
            "instruction": "Café, thé et jus de pomme au fond de la salle.",
        },
        {
            "kind": "brainstorm",
            "title": "Pistes d'orientation",
            "planned_minutes": "30",
            "anonymous": "1",
            "introduction": "Chaque groupe propose ses pistes ; nous les regroupons ensuite.",
            "question": "Quelles orientations permettraient aux habitants de prendre toute "
            "leur place ? Une phrase par piste, avec deux ou trois exemples concrets.",
        },
        {
            "kind": "vote",
            "title": "Nos trois priorités",
            "planned_minutes": "15",
            "instruction": "Trois gommettes chacun, sur trois pistes différentes.",
            "method": "dots",
            "budget": "3",
            "retain": "3",
        },
        {
            "kind": "instruction",
            "title": "Pour la suite",
            "planned_minutes": "10",
            "instruction": "Les priorités retenues seront travaillées au prochain atelier : "
            "qui veut porter quoi, avec qui, et pour quand ?",
        },
    ]


DEMO_SHEET = "\n".join(
    [
        "LEROY Camille; Maison de quartier des Tilleuls; association",
        "NGUYEN Thomas; Mairie, service vie associative; organisme public",
        "FABRE Inès; Conseil citoyen; habitant",
    ]
)
# People without a phone who take part in the speed meeting (no group of their own).
SPEED_SHEET = "\n".join(
    [
        "BRUNET Paul; Boulangerie Brunet; entreprise",
        "MOREAU Aïcha; Transports du Val; entreprise",
    ]
)


def create_demo(base_url: str) -> list[str]:
    """Create the sample workshop and return the lines to print (links and code)."""
    fields = {**DEMO_WORKSHOP, "date": (date.today() + timedelta(days=7)).isoformat()}
    workshop, secret = workshops.create_workshop(fields)
    first, second = (groups.add_group(workshop, {"name": name}) for name in GROUPS)
    for fields in _agenda(first.id, second.id):
        agenda.add_activity(workshop, fields)
    people = roster.import_sheet(workshop, DEMO_SHEET)
    for person, group in zip(people, (first, second, first), strict=True):
        groups.assign_person(workshop, person.id, group.id)
    roster.import_sheet(workshop, SPEED_SHEET)
    groups.set_group_choice(workshop, True)  # phones that join pick their group
    past, past_secret = create_past_workshop(workshop.date)
    return [
        f"Demo workshop « {workshop.title} »",
        f"  Facilitator console: {base_url}/f/{secret}",
        f"  Projector view:      {base_url}/s/{workshop.screen_key}",
        f"  Join code:           {workshop.join_code}  (phones open {base_url})",
        f"Finished workshop « {past.title} » (its minutes are ready to export)",
        f"  Facilitator console: {base_url}/f/{past_secret}",
        f"  Minutes and files:   {base_url}/w/{past.join_code}/minutes (after opening the console)",
    ]
