"""The app with the phones tapping over their sockets, as static/js/vote.js does now.

A tap is the `tap` event with an acknowledgement (docs/protocol.md §6.3), answered with
the rows it changed and the dots left, not the whole ballot. As on the page: a tap goes
over the socket while it is connected; when it is not, or when its acknowledgement did
not come within 10 s, the same tap is posted over HTTP with the same key (here the post
is the page model's next try, 1 s later: bench/page.py retries a timed-out tap). A 5xx
acknowledgement (the gate was full) is tried again the same way, over the socket.
"""

import json
import time

from bench.app_target import AppTarget
from bench.targets import Ballot, CastResult
from bench.votes import DOT_FORM

ACK_TIMEOUT = 9.5  # below the page model's 10 s bound on a tap, so the timeout is ours


class SocketTapTarget(AppTarget):
    name = "app-socket"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.posted_after_timeout: set[str] = set()  # keys the page now posts over HTTP
        self.socket_taps = 0
        self.posted_taps = 0

    async def cast(self, phone, ballot, candidate, key) -> CastResult:
        if key in self.posted_after_timeout or not phone.connected:
            self.posted_taps += 1
            return await super().cast(phone, ballot, candidate, key)
        payload = {
            "activity": self.activity_id,
            "action": "dot",
            "candidate_id": int(candidate),
            "key": key,
        }
        started = time.perf_counter()
        self.socket_taps += 1
        try:
            answer = await phone.call("tap", payload, ACK_TIMEOUT)
        except TimeoutError:
            self.posted_after_timeout.add(key)
            raise
        ms = (time.perf_counter() - started) * 1000
        if isinstance(answer, list) and len(answer) == 1:  # an ack carries a list of arguments
            answer = answer[0]
        if not isinstance(answer, dict):
            return CastResult(500, ms, json.dumps(answer))
        status = 200 if answer.get("ok") else int(answer.get("status") or 500)
        return CastResult(status, ms, json.dumps(answer))

    def answer_ballot(self, text: str, previous: Ballot) -> Ballot | None:
        if not text.startswith("{"):
            return super().answer_ballot(text, previous)  # posted: the whole ballot
        answer = json.loads(text)
        if "ballot" in answer:  # a refusal (or a ranking): the whole ballot as stored
            return super().answer_ballot(answer["ballot"], previous)
        if "rows" not in answer:
            return None
        enabled = set(previous.candidates if previous.enabled is None else previous.enabled)
        for row in answer["rows"]:
            for form in DOT_FORM.finditer(row["html"]):
                if "disabled" in form["button"]:
                    enabled.discard(form["id"])
                else:
                    enabled.add(form["id"])
        return Ballot(previous.candidates, previous.extra, enabled, answer.get("stamp"))

    def tap_counts(self) -> dict:
        return {"socket_taps": self.socket_taps, "posted_taps": self.posted_taps}
