"""The facilitator's laptop drops during a reveal or an export.

A reveal whose answer never came back is sent again by the laptop: the second one changes
nothing and pushes nothing (no double reveal on the projector). A download cut in the
middle leaves nothing behind on the server: exports are built in memory (the PDF in a
temporary folder that is removed), and the command-line export writes its file whole or
not at all, never a truncated one in place of the previous file.
"""

import asyncio
import io
import json
import re
import socket
import zipfile
from pathlib import Path

import pytest

from bench import burst
from bench.app_target import AppTarget
from bench.clock import Deadline
from bench.servers import LOOPBACK
from tests.factories import add_vote, cast_dot
from tests.faults.conftest import START_SECONDS, run, server_logs
from tests.faults.scenario import Room, wait_for
from tests.views.helpers import HX, join_as, new_facilitated_workshop
from workshop.db import session
from workshop.extensions import socketio
from workshop.models import Participant
from workshop.services import agenda, voting
from workshop.services.voting import result_of


def pushed_html(received) -> str:
    return "".join(m["args"][0]["html"] for m in received if m["name"] == "regions")


def screen_socket(app, workshop):
    projector = app.test_client()
    projector.get(f"/s/{workshop.screen_key}")
    auth = {"workshop": workshop.join_code, "audience": "screen"}
    socket_ = socketio.test_client(app, flask_test_client=projector, auth=auth)
    socket_.get_received()  # the state sent on connection
    return socket_


@pytest.fixture
def closed_vote(app, client, ctx):
    """A closed vote whose results are still hidden, with a projector connected."""
    workshop, _ = new_facilitated_workshop(client, language="en")
    activity = add_vote(workshop, candidates=["Piste A", "Piste B", "Piste C"])
    for name in ("Ada", "Bea"):
        join_as(app.test_client(), workshop, first_name=name, lang="en")
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    voting.open_vote(workshop, activity)
    first, second, _third = voting.candidates_of(activity)
    for person in session().query(Participant).filter_by(workshop_id=workshop.id):
        cast_dot(workshop, activity, person, first.id)
    cast_dot(workshop, activity, person, second.id)
    voting.close_vote(workshop, activity)
    return workshop, activity, screen_socket(app, workshop)


def shown_scores(html: str) -> dict[str, int]:
    section = re.search(r'<section id="vote-results".*?</section>', html, re.S)
    rows = re.findall(
        r'data-row="(\d+)">.*?<td class="num score">(\d+)</td>', section.group(0), re.S
    )
    return {cid: int(score) for cid, score in rows}


def reveal(client, workshop, activity):
    return client.post(
        f"/w/{workshop.join_code}/votes/{activity.id}/reveal", data={"revealed": "1"}, headers=HX
    )


def test_the_first_reveal_shows_the_recount_on_the_projector(closed_vote, client):
    workshop, activity, screen = closed_vote
    assert reveal(client, workshop, activity).status_code == 200
    html = pushed_html(screen.get_received())
    recount = {str(row.candidate_id): row.score for row in result_of(activity).rows}
    assert shown_scores(html) == recount
    assert sorted(recount.values()) == [0, 1, 2]


def test_a_replayed_vote_reveal_changes_and_pushes_nothing(closed_vote, client):
    workshop, activity, screen = closed_vote
    assert reveal(client, workshop, activity).status_code == 200
    screen.get_received()
    # The answer was lost with the laptop's wifi: the same request comes again.
    again = reveal(client, workshop, activity)
    assert again.status_code == 200 and 'id="console-vote"' in again.get_data(as_text=True)
    assert voting.vote_of(activity).revealed
    assert pushed_html(screen.get_received()) == ""


def test_a_replayed_board_reveal_changes_and_pushes_nothing(app, client, ctx):
    workshop, _ = new_facilitated_workshop(client, language="en")
    activity = agenda.add_activity(
        workshop, {"kind": "scenario", "title": "En 2030", "prompt_0": "Racontez 2030."}
    )
    activity.settings = {**activity.settings, "private": True}
    session().commit()
    phone = app.test_client()
    join_as(phone, workshop, first_name="Léa", lang="en")
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    phone.post(f"/p/{workshop.join_code}/cards", data={"text": "Secret de Léa"}, headers=HX)
    screen = screen_socket(app, workshop)
    url = f"/w/{workshop.join_code}/boards/{activity.id}/state"
    assert client.post(url, data={"revealed": "1"}, headers=HX).status_code == 200
    assert "Secret de Léa" in pushed_html(screen.get_received())
    settings = dict(activity.settings)
    assert client.post(url, data={"revealed": "1"}, headers=HX).status_code == 200
    session().expire_all()
    assert session().get(type(activity), activity.id).settings == settings
    assert pushed_html(screen.get_received()) == ""


# ---- downloads cut in the middle (the real server) -----------------------------------------

FORMATS = ("docx", "html", "md", "json", "csv", "pdf")
SERVER_FILES = {"workshop.sqlite3", "workshop.sqlite3-wal", "workshop.sqlite3-shm", "secret_key"}


def cut_download(port: int, path: str, cookie: str) -> bytes:
    """Ask for a download and drop the connection (RST) after the first bytes of the answer."""
    with socket.create_connection((LOOPBACK, port), timeout=30) as conn:
        conn.sendall(
            f"GET {path} HTTP/1.1\r\nHost: {LOOPBACK}:{port}\r\nCookie: {cookie}\r\n\r\n".encode()
        )
        first = conn.recv(64)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    return first


async def downloads_cut_short(target: AppTarget, tmp_dir: Path) -> dict:
    room = await Room.open(target, burst.Options(candidates=3, dots=2))
    try:
        await target.open_vote()
        phones = await room.join_phones(3)
        await room.load_ballots(phones)
        await asyncio.gather(*room.cast_all(phones, 0, Deadline(30)))
        session_cookie = next(
            f"{c.key}={c.value}"
            for c in room.target.console.session.cookie_jar
            if c.key == "ws_session"
        )
        server = target.servers[0]
        found = {"first_bytes": {}, "complete": {}}
        for fmt in FORMATS:
            path = f"/w/{room.code}/minutes/download/{fmt}"
            found["first_bytes"][fmt] = await asyncio.to_thread(
                cut_download, server.port, path, session_cookie
            )
        # Whatever the server was doing for the cut downloads (Chromium printing the
        # PDF...), it ends with its temporary files gone.
        await wait_for(
            lambda: not any(tmp_dir.iterdir()),
            Deadline(120),
            f"temp files removed: {sorted(tmp_dir.rglob('*'))[:10]}",
        )
        found["instance_files"] = sorted(p.name for p in target.instance.iterdir())
        for fmt in FORMATS:  # then whole downloads, each complete and readable
            url = server.base + f"/w/{room.code}/minutes/download/{fmt}"
            async with room.target.console.session.get(url) as answer:
                found["complete"][fmt] = (answer.status, await answer.read())
        return found
    finally:
        await room.close()


def test_downloads_cut_in_the_middle_leave_nothing_on_the_server(tmp_path, servers_to_stop):
    target = AppTarget(tmp_path, 1, burst.Options(candidates=3, dots=2))
    tmp_dir = tmp_path / "server-tmp"
    tmp_dir.mkdir()
    target.servers[0].env["TMPDIR"] = str(tmp_dir)
    servers_to_stop.append(target)
    target.start(tmp_path, START_SECONDS)
    try:
        found = run(downloads_cut_short(target, tmp_dir), 240)
    except Exception as error:
        raise AssertionError(f"{error}\n{server_logs(target)}") from error
    for fmt, first in found["first_bytes"].items():
        assert first.startswith(b"HTTP/1.1 "), (fmt, first)
    assert set(found["instance_files"]) <= SERVER_FILES
    complete = found["complete"]
    assert {
        fmt: status for fmt, (status, _body) in complete.items() if fmt != "pdf"
    } == dict.fromkeys(("docx", "html", "md", "json", "csv"), 200)
    for fmt in ("docx", "csv"):
        assert zipfile.ZipFile(io.BytesIO(complete[fmt][1])).testzip() is None
    assert json.loads(complete["json"][1])["agenda"]
    status, pdf = complete["pdf"]  # 503 "no Chromium here" is a complete answer too
    assert (status, pdf[:5]) == (200, b"%PDF-") or status == 503


# ---- the command-line export: the whole file or nothing --------------------------------------


class Unwritable:
    """Content whose writing fails (as on a full disk or in a process interrupted)."""

    def __bytes__(self):
        raise OSError("No space left on device")


def test_a_failed_command_line_export_keeps_the_previous_file(tmp_path):
    from workshop.__main__ import _write

    path = tmp_path / "minutes.docx"
    path.write_bytes(b"the previous minutes")
    with pytest.raises((OSError, TypeError)):
        _write(Unwritable(), str(path))
    assert path.read_bytes() == b"the previous minutes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minutes.docx"]
    _write(b"new minutes", str(path))
    assert path.read_bytes() == b"new minutes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minutes.docx"]
