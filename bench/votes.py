"""The vote's wire protocol, as a browser speaks it (docs/protocol.md, "Votes").

- The facilitator adds a `vote` activity (dots, N per phone, one per orientation,
  results live on the projector), types the orientations, starts the workshop, puts the
  vote on screen and opens it: `POST /w/<code>/votes/<activity_id>/open`.
- A phone's stage (`#phone-stage`, pushed when the vote opens) holds
  `<section id="my-ballot" hx-get="/p/<code>/vote/<id>" hx-trigger="load">`: htmx fetches
  the phone's own ballot, whose buttons are forms posting `candidate_id` to
  `/p/<code>/vote/<id>/dot`. Each tap sends an `Idempotency-Key` header, and the
  answer is the ballot again ("Saved", dots left).
- The projector's `#vote-results` region (pushed, coalesced) is a table of rows
  `data-row="<candidate id>"` with the score in `<td class="num score">`.
"""

import asyncio
import html as html_lib
import re

from bench.targets import Ballot, CastResult

HX = {"HX-Request": "true"}
ACTIVITY_ID = re.compile(r'id="edit-(\d+)"')
BALLOT_URL = re.compile(r'id="my-ballot"[^>]*hx-get="([^"]+)"[^>]*hx-trigger="load"')
STAMP = re.compile(r'id="my-ballot"[^>]*data-stamp="(\d+)"')
DOT_FORM = re.compile(
    r'<form class="tap" hx-post="(?P<url>[^"]+/dot)"[^>]*>\s*'
    r'<input type="hidden" name="candidate_id" value="(?P<id>\d+)">.*?<button(?P<button>[^>]*)>',
    re.S,
)
RESULTS = re.compile(r'<section id="vote-results".*?</section>', re.S)
ROW = re.compile(r'data-row="(\d+)">.*?<td class="num score">(\d+)</td>', re.S)


def _expect(what: str, status: int, body: str, wanted=(200,)) -> None:
    if status not in wanted:
        raise RuntimeError(f"{what}: HTTP {status}: {body[:300]}")


class VoteProtocol:
    async def create_vote(
        self, console, code, candidates: int, dots: int, per_candidate: int = 1
    ) -> int:
        """Add a dot vote with `candidates` typed orientations, `dots` per phone and at most
        `per_candidate` on one orientation; return its activity id."""
        form = {
            "kind": "vote",
            "title": "Prioritise the orientations",
            "planned_minutes": "5",
            "instruction": "Place your dots on the orientations that matter most.",
            "method": "dots",
            "budget": str(dots),
            "max_per_candidate": str(per_candidate),
            "retain": "3",
            "results": "live",
            "order": "random",
        }
        status, body, _h, _ms = await console.post(f"/w/{code}/activities", form, HX)
        _expect("add the vote activity", status, body)
        ids = ACTIVITY_ID.findall(body)
        if not ids:
            raise RuntimeError("no activity id in the console agenda after adding the vote")
        activity_id = max(int(i) for i in ids)
        labels = "\n".join(f"Orientation {n + 1}: a way forward" for n in range(candidates))
        status, body, _h, _ms = await console.post(
            f"/w/{code}/votes/{activity_id}/candidates", {"candidates": labels}, HX
        )
        _expect("type the orientations", status, body)
        return activity_id

    async def open_vote(self, console, code, activity_id) -> None:
        status, body, _h, _ms = await console.post(f"/w/{code}/votes/{activity_id}/open", {}, HX)
        _expect("open the vote", status, body)

    # ---- phones ------------------------------------------------------------------------

    def parse(self, html: str, **extra) -> Ballot | None:
        """A rendered ballot: its orientations and which "place a dot" buttons are enabled;
        None when it offers no enabled button (not open yet)."""
        forms = list(DOT_FORM.finditer(html))
        enabled = {m["id"] for m in forms if "disabled" not in m["button"]}
        if not enabled:
            return None
        stamp = STAMP.search(html)
        return Ballot(
            [m["id"] for m in forms],
            {"url": html_lib.unescape(forms[0]["url"]), **extra},
            enabled,
            stamp.group(1) if stamp else None,
        )

    def ballot(self, html: str) -> Ballot | None:
        """The ballot a pushed stage holds (the room's, while nobody has voted: ready to
        tap), or points at (to be fetched)."""
        if 'id="my-ballot"' in html and "data-fresh" in html:
            ready = self.parse(html, ready=True)
            if ready is not None:
                return ready
        found = BALLOT_URL.search(html)
        return Ballot([], {"url": html_lib.unescape(found.group(1))}) if found else None

    def ballot_url(self, html: str) -> str | None:
        found = BALLOT_URL.search(html)
        return html_lib.unescape(found.group(1)) if found else None

    async def load_ballot(self, phone, ballot: Ballot) -> Ballot | None:
        """GET the ballot as htmx does on load; None while its buttons are disabled.

        A busy server (503) is asked again after 1, 2, 4, 8 s, as static/js/vote.js does."""
        if ballot.extra.get("ready"):
            return ballot  # pushed whole with the stage: nothing to fetch
        for delay in (1, 2, 4, 8, 8, 8):
            status, body, _h = await phone.get(ballot.extra["url"], headers=HX)
            if status != 503:
                break
            await asyncio.sleep(delay)
        _expect("load the ballot", status, body)
        return self.parse(body)

    async def cast(self, phone, code, ballot, candidate, key) -> CastResult:
        status, body, headers, ms = await phone.post(
            ballot.extra["url"], {"candidate_id": candidate}, {**HX, "Idempotency-Key": key}
        )
        return CastResult(status, ms, body, headers.get("HX-Retarget") == "#flash")

    def answer_ballot(self, html: str, previous: Ballot) -> Ballot | None:
        """The ballot a tap's answer brings: its buttons as the server holds them now (a
        ballot with every button disabled, dots spent, is still a ballot)."""
        if 'id="my-ballot"' not in html:
            return None
        forms = list(DOT_FORM.finditer(html))
        stamp = STAMP.search(html)
        return Ballot(
            [m["id"] for m in forms] or previous.candidates,
            previous.extra,
            {m["id"] for m in forms if "disabled" not in m["button"]},
            stamp.group(1) if stamp else None,
        )

    # ---- projector and console ----------------------------------------------------------

    def tally(self, html: str) -> dict[str, int] | None:
        """Scores shown by the `#vote-results` table of a push; None if it holds none."""
        section = RESULTS.search(html)
        if section is None:
            return None
        return {cid: int(score) for cid, score in ROW.findall(section.group(0))}

    console_tally = tally
