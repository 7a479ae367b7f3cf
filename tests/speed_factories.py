"""Speed meetings made through the services, as the facilitator and the phones would."""

from tests.factories import make_workshop
from workshop.services import agenda, roster, speed

ASSOCIATIONS = [("Alice", "Arnaud", "Asso Alpha"), ("Basile", "Bernard", "Asso Beta")]
COMPANIES = [("Chloé", "Colin", "Cobalt SA"), ("Denis", "Dupuis", "Delta SARL")]


def speed_settings(**changes) -> dict:
    """The agenda form of a speed meeting: associations meet companies and public bodies."""
    form = {
        "kind": "speed_meeting",
        "title": "Rencontres éclair",
        "planned_minutes": "30",
        "mode": "two_sides",
        "side_a": ["Association"],
        "side_b": ["Entreprise", "Organisme public"],
        "rounds": "2",
        "round_minutes": "4",
        "round_secs": "0",
    }
    form.update(changes)
    return form


def add_speed_meeting(workshop, **changes):
    return agenda.add_activity(workshop, speed_settings(**changes))


def join_as(workshop, first_name, surname, category, organisation="", **extra):
    data = {
        "first_name": first_name,
        "surname": surname,
        "category": category,
        "organisation": organisation,
        **extra,
    }
    person, _secret = roster.join_workshop(workshop, data, extra.get("locale", "fr"))
    return person


def speed_room(associations=2, companies=2, **changes):
    """A live workshop on a speed meeting: (workshop, activity, side A people, side B people)."""
    workshop, _secret = make_workshop()
    activity = add_speed_meeting(workshop, **changes)
    side_a = [
        join_as(workshop, f"Asso{i}", f"Membre{i}", "Association", f"Asso {i}")
        for i in range(associations)
    ]
    side_b = [
        join_as(workshop, f"Cie{i}", f"Gérant{i}", "Entreprise", f"Société {i}")
        for i in range(companies)
    ]
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    return workshop, activity, side_a, side_b


def planned_room(**kwargs):
    workshop, activity, side_a, side_b = speed_room(**kwargs)
    speed.make_plan(workshop, activity)
    return workshop, activity, side_a, side_b


def partner_of(activity, person, round_number=None):
    """Return the id of the first person `person` meets in a round (the current one)."""
    state = speed.state_of(activity)
    number = round_number or state.current
    for table in state.plan.rounds[number - 1].tables:
        if person.id in table.side_a:
            return table.side_b[0]
        if person.id in table.side_b:
            return table.side_a[0]
    return None
