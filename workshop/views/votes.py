"""The facilitator's work on a vote: candidates, open, close, reveal, proxies, what comes after."""

from flask import Blueprint, render_template, request

from workshop.presenters.votes import CONSOLE, vote_view
from workshop.services import voting
from workshop.services.refusals import FormErrors
from workshop.services.voting import breakdown_of, result_of
from workshop.views.respond import editor, form_again, regions
from workshop.web import access
from workshop.web.access import facilitated_workshop

bp = Blueprint("votes", __name__, url_prefix="/w/<code>/votes/<int:activity_id>")


def _load(code: str, activity_id: int):
    workshop = facilitated_workshop(code)
    return workshop, voting.vote_activity(workshop, activity_id)


def _done(workshop, shown: str = ""):
    """Answer with the fresh vote panel (and the editor, emptied or showing `shown`)."""
    return regions(workshop, "console_vote", "live_bar", "console_parallel", extra=editor(shown))


@bp.post("/open")
def open_vote(code: str, activity_id: int):
    """Open (or reopen) the vote: phones can vote."""
    workshop, activity = _load(code, activity_id)
    voting.open_vote(workshop, activity)
    return _done(workshop)


@bp.post("/close")
def close_vote(code: str, activity_id: int):
    """Close the vote: no more ballot changes."""
    workshop, activity = _load(code, activity_id)
    voting.close_vote(workshop, activity)
    return _done(workshop)


@bp.post("/reveal")
def reveal_results(code: str, activity_id: int):
    """Show the results on the projector and the phones (revealed=0 hides them again)."""
    workshop, activity = _load(code, activity_id)
    voting.reveal_results(workshop, activity, request.form.get("revealed", "1") == "1")
    return _done(workshop)


@bp.post("/candidates")
def add_candidates(code: str, activity_id: int):
    """Add typed candidates, one a line (indented lines are sub-points)."""
    workshop, activity = _load(code, activity_id)
    voting.add_typed_candidates(workshop, activity, request.form.get("candidates"))
    return _done(workshop)


@bp.post("/candidates/import")
def import_candidates(code: str, activity_id: int):
    """Take a board's headings: those marked as candidates (marked=1), or all of them."""
    workshop, activity = _load(code, activity_id)
    marked = request.form.get("marked", "1") == "1"
    voting.import_candidates(workshop, activity, request.form.get("source_id"), marked)
    return _done(workshop)


@bp.post("/candidates/<int:candidate_id>/reword")
def reword_candidate(code: str, activity_id: int, candidate_id: int):
    """Reword a candidate: the ballot and the ranking show the new wording."""
    workshop, activity = _load(code, activity_id)
    voting.reword_candidate(workshop, activity, candidate_id, request.form.get("label"))
    return _done(workshop)


@bp.post("/candidates/<int:candidate_id>/delete")
def remove_candidate(code: str, activity_id: int, candidate_id: int):
    """Remove a candidate nobody voted for."""
    workshop, activity = _load(code, activity_id)
    voting.remove_candidate(workshop, activity, candidate_id)
    return _done(workshop)


@bp.get("/proxy")
def proxy_form(code: str, activity_id: int):
    """The form to enter the ballot of someone present without a phone."""
    workshop, activity = _load(code, activity_id)
    people = voting.proxy_voters(workshop, activity)
    chosen = request.args.get("person_id") or (str(people[0].id) if people else "")
    person = next((p for p in people if str(p.id) == chosen), None)
    return render_template(
        "partials/votes/proxy_form.html",
        vote=vote_view(workshop, activity, CONSOLE),
        people=people,
        chosen=chosen,
        current=voting.ballot_of(activity, person).choices if person else None,  # to correct
    )


@bp.post("/proxy")
def enter_proxy_ballot(code: str, activity_id: int):
    """Record a phone-less participant's whole ballot, as a proxy vote."""
    workshop, activity = _load(code, activity_id)
    voting.enter_proxy_ballot(workshop, activity, request.form.get("person_id"), request.form)
    return _done(workshop)


@bp.get("/breakdown")
def breakdown(code: str, activity_id: int):
    """The scores by participant category or by sub-group, small buckets pooled."""
    workshop, activity = _load(code, activity_id)
    if voting.state_of(voting.vote_of(activity)) != voting.CLOSED:
        return render_template("partials/votes/breakdown.html", breakdown=None, vote=None)
    return render_template(
        "partials/votes/breakdown.html",
        breakdown=breakdown_of(workshop, activity, request.args.get("by", "category")),
        vote=vote_view(workshop, activity, CONSOLE),
        result=result_of(activity),
    )


@bp.post("/breakdown/screen")
def show_breakdown(code: str, activity_id: int):
    """Show the breakdown on the projector under the revealed results (by=""  hides it)."""
    workshop, activity = _load(code, activity_id)
    voting.show_breakdown(workshop, activity, request.form.get("by", ""))
    return _done(workshop)


@bp.post("/retained")
def show_retained(code: str, activity_id: int):
    """Show the final retained list (this vote and its run-offs) on the projector, or not."""
    workshop, activity = _load(code, activity_id)
    voting.show_retained(workshop, activity, request.form.get("shown") == "1")
    return _done(workshop)


@bp.post("/runoff")
def create_runoff(code: str, activity_id: int):
    """Add a run-off vote among the orientations tied across the cut-off, right after."""
    workshop, activity = _load(code, activity_id)
    voting.create_runoff(workshop, activity)
    return regions(workshop, "live_bar", "console_agenda", "console_vote")


@bp.get("/tie")
def tie_form(code: str, activity_id: int):
    """The form that settles a tie by the facilitator's decision (for #editor)."""
    workshop, activity = _load(code, activity_id)
    return _tie_form(workshop, activity, {}, {})


@bp.post("/tie")
def settle_tie(code: str, activity_id: int):
    """Settle a tie without another round: keep every tied orientation, or decide."""
    workshop, activity = _load(code, activity_id)
    try:
        voting.settle_tie(workshop, activity, request.form)
    except FormErrors as error:
        context = _tie_context(workshop, activity, request.form, error.fields)
        return form_again("partials/votes/tie_form.html", 422, "#editor", **context)
    return _done(workshop)


def _tie_form(workshop, activity, form, errors):
    context = _tie_context(workshop, activity, form, errors)
    return render_template("partials/votes/tie_form.html", **context)


def _tie_context(workshop, activity, form, errors) -> dict:
    vote = vote_view(workshop, activity, CONSOLE)
    tied = [row for row in (vote.result.rows if vote.result else ()) if row.runoff]
    return {"workshop": workshop, "vote": vote, "tied": tied, "form": form, "errors": errors}


@bp.post("/follow-up")
def create_follow_up(code: str, activity_id: int):
    """Carry the retained orientations into a new draft workshop; show its links once."""
    workshop, activity = _load(code, activity_id)
    new, secret = voting.create_follow_up(workshop, activity)
    access.grant_facilitator(new)
    html = render_template("partials/votes/follow_up_done.html", workshop=new, secret=secret)
    return _done(workshop, shown=html)
