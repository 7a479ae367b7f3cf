from workshop.demo import create_demo
from workshop.services import roster, workshops


def test_the_demo_creates_a_complete_workshop_and_prints_its_links(client, ctx):
    lines = create_demo("http://203.0.113.5:5000")
    (workshop,) = workshops.list_workshops()
    assert len(workshop.activities) == 5
    assert roster.present_count(workshop.id) == 3
    console = next(line for line in lines if "/f/" in line).split()[-1]
    assert client.get(console.removeprefix("http://203.0.113.5:5000")).status_code == 302
    assert any(workshop.join_code in line for line in lines)
