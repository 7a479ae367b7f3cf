import pytest

from tests.factories import make_workshop
from workshop.domain.codes import JOIN_CODE_LENGTH
from workshop.services import workshops
from workshop.services.refusals import Forbidden, FormErrors, NotFound

pytestmark = pytest.mark.usefixtures("ctx")


def test_a_new_workshop_is_a_draft_with_a_welcome_activity():
    workshop, secret = make_workshop(title="  Atelier  du futur ")
    assert workshop.title == "Atelier du futur"
    assert workshop.state == "draft"
    assert [a.kind for a in workshop.activities] == ["welcome"]
    assert len(workshop.join_code) == JOIN_CODE_LENGTH
    assert workshops.find_by_facilitator_secret(secret).id == workshop.id


def test_only_the_digest_of_the_facilitator_secret_is_stored():
    workshop, secret = make_workshop()
    assert secret not in workshop.facilitator_token_hash


def test_join_codes_are_unique_across_workshops():
    codes = {make_workshop()[0].join_code for _ in range(30)}
    assert len(codes) == 30


def test_categories_default_to_the_workshop_language():
    assert make_workshop(language="en")[0].categories[0] == "Association"
    assert "Entreprise" in make_workshop(language="fr")[0].categories


def test_every_bad_field_is_reported_at_once_and_nothing_is_created():
    with pytest.raises(FormErrors) as error:
        make_workshop(title="", date="27/03/2026", start_time="25:99", language="de")
    assert set(error.value.fields) == {"title", "date", "start_time", "language"}
    assert workshops.list_workshops() == []


def test_the_instance_password_is_checked_when_set():
    workshops.check_instance_password(None, "")
    workshops.check_instance_password("s3cret", "s3cret")
    with pytest.raises(Forbidden):
        workshops.check_instance_password("s3cret", "guess")


def test_codes_are_found_whatever_the_case_and_ended_ones_can_be_excluded():
    workshop, _ = make_workshop()
    assert workshops.find_by_code(workshop.join_code.lower()).id == workshop.id
    workshop.state = "ended"
    with pytest.raises(NotFound):
        workshops.find_by_code(workshop.join_code, open_only=True)


def test_settings_can_change_but_not_the_code_or_secrets():
    workshop, secret = make_workshop()
    code = workshop.join_code
    workshops.update_workshop(workshop, {"title": "Nouveau titre", "language": "en"})
    assert (workshop.title, workshop.language, workshop.join_code) == ("Nouveau titre", "en", code)
    assert workshops.find_by_facilitator_secret(secret).id == workshop.id
