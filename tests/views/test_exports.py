"""The minutes page, its forms and downloads, and the workshop plans: facilitator only."""

import io
import json
import re
from types import SimpleNamespace

import pytest
from flask import current_app

from tests import minutes_session as sample
from tests.views.helpers import HX, new_facilitated_workshop
from workshop.services import agenda, boards, minutes, plans, workshops
from workshop.services.boards import FACILITATOR

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "md": "text/markdown",
    "json": "application/json",
    "csv": "application/zip",
}


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One finished session and a client holding its console, for tests that only read."""
    with sample.finished_session(tmp_path_factory.mktemp("views")) as made:
        client = current_app.test_client()
        assert client.get(f"/f/{made.secret}").status_code == 302
        yield client, made


@pytest.fixture
def finished(client, ctx):
    """A finished session of one's own whose console this client holds."""
    made = sample.make_session()
    assert client.get(f"/f/{made.secret}").status_code == 302
    return made


@pytest.fixture
def plain(client, ctx):
    """A small workshop of one's own (a scenario, a brainstorm), its console held by client."""
    workshop, _secret = new_facilitated_workshop(client, title="Atelier court", date="2026-05-04")
    scenario = agenda.add_activity(
        workshop, {"kind": "scenario", "title": "En 2030", "prompt_0": "Racontez."}
    )
    brainstorm = agenda.add_activity(workshop, {"kind": "brainstorm", "title": "Les pistes"})
    boards.add_card(workshop, scenario, FACILITATOR, {"text": "Une réponse au scénario"})
    return SimpleNamespace(workshop=workshop, scenario=scenario, brainstorm=brainstorm)


def url(session_, path=""):
    return f"/w/{session_.workshop.join_code}/minutes{path}"


def oob_ids(response) -> list[str]:
    return re.findall(r'id="([\w-]+)"[^>]*hx-swap-oob="true"', response.get_data(as_text=True))


def test_the_console_links_to_the_minutes_page(client, ctx):
    workshop, _ = new_facilitated_workshop(client)
    console = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert f'href="/w/{workshop.join_code}/minutes"' in console


def test_the_minutes_page_shows_forms_preview_and_downloads(shared):
    client, finished = shared
    page = client.get(url(finished)).get_data(as_text=True)
    for region in ("minutes-status", "minutes-texts", "next-workshop", "minutes-actions"):
        assert f'id="{region}"' in page
    assert re.search(r'<iframe[^>]+src="/w/\w+/minutes/print\?v=\d+"', page)
    for fmt in ("docx", "pdf", "html", "md", "json", "csv"):
        assert f"/minutes/download/{fmt}" in page
    assert 'style="' not in page and not re.search(r"<script(?![^>]*\bsrc=)", page)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_downloads_as_an_attachment(shared, fmt):
    client, finished = shared
    response = client.get(url(finished, f"/download/{fmt}"))
    assert response.status_code == 200
    assert response.mimetype == FORMATS[fmt]
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="deuxieme-atelier-du-futur-2026-03-12.')


def test_an_unknown_format_is_refused(shared):
    client, finished = shared
    assert client.get(url(finished, "/download/xls")).status_code == 400


def test_without_chromium_the_pdf_button_says_so_and_the_download_explains(app, client, plain):
    app.config["CHROMIUM_PATH"] = "/nonexistent/chromium"
    page = client.get(url(plain)).get_data(as_text=True)
    assert 'id="pdf-unavailable"' in page and "/minutes/download/pdf" not in page
    response = client.get(url(plain, "/download/pdf"))
    assert response.status_code == 503
    assert "Chromium" in response.get_data(as_text=True)


def test_a_printer_dying_mid_file_gives_the_same_clear_answer_not_half_a_pdf(
    app, client, plain, tmp_path
):
    from tests.exporters.test_pdf import fake_printer, whole_pdf

    app.config["CHROMIUM_PATH"] = fake_printer(tmp_path, whole_pdf()[:200], dies=True)
    response = client.get(url(plain, "/download/pdf"))
    assert response.status_code == 503 and response.mimetype == "text/html"
    assert "Chromium" in response.get_data(as_text=True)
    assert not response.data.startswith(b"%PDF")


def test_the_print_view_links_its_stylesheet_and_may_be_framed_by_this_site(shared):
    client, finished = shared
    response = client.get(url(finished, "/print"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and sample.TITLE in page
    assert '<link rel="stylesheet" href="/static/css/minutes.css">' in page
    assert "<style" not in page and 'style="' not in page
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_saving_a_text_answers_the_form_and_a_fresh_preview(client, plain):
    response = client.post(url(plain, "/texts"), data={"introduction": "Merci à tous."}, headers=HX)
    assert response.status_code == 200
    assert oob_ids(response) == ["minutes-texts", "minutes-preview"]
    assert "Merci à tous." in client.get(url(plain, "/print")).get_data(as_text=True)


def test_a_refused_form_comes_back_with_its_errors_and_no_preview(shared):
    client, finished = shared
    response = client.post(url(finished, "/next"), data={"next_date": "demain"}, headers=HX)
    assert response.status_code == 422
    assert oob_ids(response) == ["next-workshop"]
    assert 'id="next_date-error"' in response.get_data(as_text=True)


def test_a_plain_form_post_goes_back_to_the_minutes_page(client, plain):
    response = client.post(url(plain, "/status"), data={"status": "final"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/minutes")
    assert minutes.build_minutes(plain.workshop).status == "final"


def test_actions_are_added_edited_turned_from_orientations_and_deleted(client, finished):
    assert (
        client.post(url(finished, "/actions"), data={"title": "Nouvelle"}, headers=HX).status_code
        == 200
    )
    action_id = max(a.id for a in minutes.actions_of(finished.workshop))
    edit = client.get(url(finished, f"/actions/{action_id}/edit"), headers=HX)
    assert edit.status_code == 200 and 'value="Nouvelle"' in edit.get_data(as_text=True)
    saved = client.post(url(finished, f"/actions/{action_id}"), data={"title": "Revue"}, headers=HX)
    assert saved.status_code == 200
    retained = sample.ORIENTATIONS[0][0]
    turned = client.post(
        url(finished, "/actions/from-orientation"), data={"orientation": retained}, headers=HX
    )
    assert turned.status_code == 200
    titles = [a.title for a in minutes.actions_of(finished.workshop)]
    assert titles[-2:] == ["Revue", retained]
    deleted = client.post(url(finished, f"/actions/{action_id}/delete"), headers=HX)
    assert deleted.status_code == 200 and "Revue" not in deleted.get_data(as_text=True)
    assert client.post(url(finished, "/actions/999999/delete"), headers=HX).status_code == 404


def test_sections_left_out_disappear_from_the_document(client, plain):
    answer = "Une réponse au scénario"
    assert answer in client.get(url(plain, "/print")).get_data(as_text=True)
    kept = plain.brainstorm.id
    # The agenda table shows by default only with recorded durations: here, chosen.
    minutes.set_outline(plain.workshop, {"parts": [{"key": "agenda", "shown": True}]})
    client.post(url(plain, "/sections"), data={"included": [str(kept)]}, headers=HX)
    page = client.get(url(plain, "/print")).get_data(as_text=True)
    assert answer not in page and "En 2030" in page  # still in the agenda table


def test_only_the_facilitator_opens_the_minutes(shared):
    _client, finished = shared
    other, other_secret = workshops.create_workshop({"title": "Un autre atelier"})
    outsider = current_app.test_client()
    outsider.get(f"/f/{other_secret}")
    for path in ("", "/print", "/download/json", "/download/csv"):
        assert outsider.get(url(finished, path)).status_code == 403
    assert outsider.get(f"/w/{finished.workshop.join_code}/plan").status_code == 403
    assert current_app.test_client().get(url(finished, "/download/md")).status_code == 403


# ---- plans --------------------------------------------------------------------------------


def test_the_plan_downloads_as_json(shared):
    client, finished = shared
    response = client.get(f"/w/{finished.workshop.join_code}/plan")
    assert response.status_code == 200
    assert json.loads(response.data) == plans.plan_of(finished.workshop)


def test_duplicating_shows_the_new_facilitator_link_once(client, plain):
    response = client.post(f"/w/{plain.workshop.join_code}/duplicate")
    assert response.status_code == 303  # post/redirect/get: a reload creates nothing more
    shown = client.get(response.headers["Location"])
    assert shown.status_code == 200 and 'id="facilitator-link"' in shown.get_data(as_text=True)
    again = client.get(response.headers["Location"])
    assert 'id="facilitator-link"' not in again.get_data(as_text=True)
    assert len(workshops.list_workshops()) == 2


def test_an_uploaded_plan_creates_a_workshop(client, plain):
    data = plans.plan_bytes(plans.builtin_plan("prospective-en"))
    response = client.post(
        f"/w/{plain.workshop.join_code}/plan/import",
        data={"plan": (io.BytesIO(data), "plan.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert "Prospective workshop" in [w.title for w in workshops.list_workshops()]


def test_a_bad_upload_is_refused_on_the_page_naming_the_field(client, plain):
    bad = {
        "format": "workshop-plan",
        "format_version": 1,
        "workshop": {"title": "x"},
        "activities": [{"kind": "quiz", "title": "?"}],
    }
    response = client.post(
        f"/w/{plain.workshop.join_code}/plan/import",
        data={"plan": (io.BytesIO(json.dumps(bad).encode()), "plan.json")},
        content_type="multipart/form-data",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    error = re.search(r'id="plan-error">([^<]*)<', response.get_data(as_text=True)).group(1)
    assert "activities[0].kind" in error
    assert len(workshops.list_workshops()) == 1


def test_a_builtin_plan_creates_a_workshop_and_an_unknown_one_is_refused(client, plain):
    code = plain.workshop.join_code
    assert client.post(f"/w/{code}/plan/builtin", data={"plan": "classic-fr"}).status_code == 303
    assert client.post(f"/w/{code}/plan/builtin", data={"plan": "nope"}).status_code == 404
    assert len(workshops.list_workshops()) == 2


def test_a_refused_plain_form_post_shows_the_whole_page_with_its_errors(client, plain):
    response = client.post(url(plain, "/actions"), data={"title": "", "needs": "x"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="title-error"' in page and 'id="minutes-texts"' in page


@pytest.mark.parametrize(("language", "first"), [("fr", "-fr"), ("en", "-en")])
def test_the_built_in_plans_in_the_interface_language_come_first_and_one_is_preselected(
    client, plain, language, first
):
    page = client.get(url(plain, ""), headers={"Accept-Language": language}).get_data(as_text=True)
    keys = re.findall(r'id="builtin-([\w-]+)" name="plan" value="[\w-]+"( checked)?', page)
    assert keys, "no built-in plan offered"
    assert keys[0][0].endswith(first) and keys[0][1] == " checked"
    assert [k for k, checked in keys if checked] == [keys[0][0]]
