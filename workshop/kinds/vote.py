"""Vote: participants prioritise orientations with dots, a top-K ranking, or approval.

Settings (in Activity.settings, edited with the agenda form):
- method: "dots", "ranking" or "approval"; budget: N dots, or K places (default 3): the
  form asks for each method's own number (`budget` for dots, `places` for a ranking);
- max_per_candidate: dots one participant may put on one orientation (1: N different);
- retain: how many orientations are retained (top K, default 3);
- results: "hidden" until the facilitator reveals them (default), or "live";
- order: "random" (per participant, stable) or "fixed" (the candidates' own order);
- forbid_own_group: no vote for an orientation of one's own sub-group;
- group_id: None (everyone votes) or the one sub-group that votes;
- source: where its candidates come from: "previous" (the brainstorm or scenario just
  before it, the default), "" (none: typed or imported by hand) or a board's id;
  source_headings: "all" (default) or "marked" (the headings marked as candidates);
- open_on_screen: the vote opens as soon as it comes on screen (with candidates).
The rules these settings describe (`rules_from`) and the rules in force once the vote is
opened are domain rules (workshop/domain/voting.py). The runtime state (open, closed,
revealed) lives in the `votes` table (workshop/models/vote.py), not here: the database
bounds ballots with it.
"""

from flask_babel import lazy_gettext as _l

from workshop.domain import voting
from workshop.kinds.base import ActivityKind

RESULTS = ("hidden", "live")
SOURCE_HEADINGS = ("all", "marked")


def read_source(form) -> str:
    """Read where a vote's candidates come from: "previous", "" (none), or a board id
    (checked against the agenda when used: an id of nothing there takes nothing)."""
    raw = form.text("source", 12) if "source" in form.data else "previous"
    if raw in ("", "previous") or (raw.isdigit() and len(raw) <= 9):
        return raw
    form.errors["source"] = ("invalid_choice", {})
    return "previous"


ORDERS = ("random", "fixed")


def read_budget(form, method: str) -> int:
    """Read the method's own number: a ranking's places K (`places`; `budget` when it is
    not sent, as before the form had one field per method), else the dots (`budget`)."""
    name = "places" if method == voting.RANKING and "places" in form.data else "budget"
    return form.number(name, 1, voting.MAX_BUDGET, voting.DEFAULT_BUDGET)


class VoteKind(ActivityKind):
    def read_settings(self, form) -> dict:
        method = form.choice("method", voting.METHODS, voting.DOTS)
        settings = {
            "method": method,
            "budget": read_budget(form, method),
            "max_per_candidate": form.number("max_per_candidate", 1, voting.MAX_BUDGET, 1),
            "retain": form.number("retain", 0, voting.MAX_RETAIN, voting.DEFAULT_RETAIN),
            "results": form.choice("results", RESULTS, "hidden"),
            "order": form.choice("order", ORDERS, "random"),
            "forbid_own_group": form.flag("forbid_own_group"),
            "group_id": form.number("group_id", 0, 10**9, 0) or None,
            "source": read_source(form),
            "source_headings": form.choice("source_headings", SOURCE_HEADINGS, "all"),
            "open_on_screen": form.flag("open_on_screen"),
        }
        if method != voting.DOTS:
            settings["max_per_candidate"] = 1
        try:
            voting.rules_from(settings)
        except voting.RulesError:
            form.errors["max_per_candidate"] = ("max_above_budget", {})
        return settings


VOTE = VoteKind(
    name="vote",
    label=_l("Vote on orientations"),
    description=_l(
        "Everyone spends dots, ranks a top K or ticks the orientations they support; "
        "the projector shows the ranking."
    ),
    default_minutes=10,
)
