"""A complete sample workshop in French, for `python run.py --demo`."""

from datetime import date, timedelta

from workshop.demo_past import create_past_workshop
from workshop.services import agenda, roster, workshops

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

DEMO_AGENDA = [
    (
        "instruction",
        "Tour de table express",
        10,
        "Chacun se présente en une phrase : votre prénom, votre structure, et ce qui vous "
        "a donné envie de venir.",
    ),
    (
        "instruction",
        "Scénario : nous sommes en 2030",
        20,
        "Nous sommes en 2030. Les habitants pilotent désormais la moitié des projets du "
        "quartier. Une journaliste vous interroge : racontez-lui en deux minutes ce qui a "
        "changé.\n\nPrenez des notes par petits groupes, puis un rapporteur présentera.",
    ),
    ("instruction", "Pause", 10, "Café, thé et jus de pomme au fond de la salle."),
    (
        "instruction",
        "Pistes d'orientation",
        30,
        "Quelles orientations permettraient aux habitants de prendre toute leur place ? "
        "Formulez chaque piste en une phrase, avec deux ou trois exemples concrets.",
    ),
]

DEMO_SHEET = "\n".join(
    [
        "LEROY Camille; Maison de quartier des Tilleuls; association",
        "NGUYEN Thomas; Mairie, service vie associative; organisme public",
        "FABRE Inès; Conseil citoyen; habitant",
    ]
)


def create_demo(base_url: str) -> list[str]:
    """Create the sample workshop and return the lines to print (links and code)."""
    fields = {**DEMO_WORKSHOP, "date": (date.today() + timedelta(days=7)).isoformat()}
    workshop, secret = workshops.create_workshop(fields)
    for kind, title, minutes, text in DEMO_AGENDA:
        agenda.add_activity(
            workshop,
            {"kind": kind, "title": title, "planned_minutes": str(minutes), "instruction": text},
        )
    roster.import_sheet(workshop, DEMO_SHEET)
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
