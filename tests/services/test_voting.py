"""Voting services: rules checked against what the database holds, results from SQL."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    add_vote,
    approve,
    cast_dot,
    join,
    make_workshop,
    move_rank,
    rank_candidate,
    remove_dot,
    unapprove,
    unrank_candidate,
)
from workshop.db import session
from workshop.domain import voting as rules
from workshop.domain.breakdown import OTHER
from workshop.models import Card, VoteDot
from workshop.services import agenda, boards, groups, roster, voting
from workshop.services.refusals import Conflict, Forbidden, NotFound, Refused
from workshop.services.voting import (
    breakdown_of,
    create_follow_up,
    create_runoff,
    follow_up_of,
    progress_of,
    result_of,
)

pytestmark = pytest.mark.usefixtures("ctx")


@pytest.fixture
def room():
    """A live workshop on an open dots vote (3 dots, 1 per candidate), three people."""
    workshop, _ = make_workshop()
    activity = add_vote(workshop)
    people = [join(workshop, first_name=f"P{i}", surname=f"N{i}")[0] for i in range(3)]
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    voting.open_vote(workshop, activity)
    return workshop, activity, people


def ids(activity):
    return [c.id for c in voting.candidates_of(activity)]


def scores(activity):
    return {row.label: row.score for row in result_of(activity).rows}


def refused(code, call, *args, **kwargs):
    with pytest.raises(Refused) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code
    return caught.value


# ---- dots ---------------------------------------------------------------------------


def test_a_participant_spends_their_dots_and_sees_what_is_left(room):
    workshop, activity, (ann, *_) = room
    a, b, _c = ids(activity)
    cast_dot(workshop, activity, ann, a)
    cast_dot(workshop, activity, ann, b)
    ballot = voting.ballot_of(activity, ann)
    assert dict(ballot.choices) == {a: 1, b: 1}
    assert (
        rules.remaining_dots(voting.rules_of(activity, voting.vote_of(activity)), ballot.choices)
        == 1
    )


def test_the_budget_and_the_max_per_candidate_are_enforced(room):
    workshop, activity, (ann, *_) = room
    a, b, c = ids(activity)
    cast_dot(workshop, activity, ann, a)
    refused("max_per_candidate", cast_dot, workshop, activity, ann, a)
    cast_dot(workshop, activity, ann, b)
    cast_dot(workshop, activity, ann, c)
    workshop2, _ = make_workshop()
    refused("budget_exhausted", cast_dot, workshop, activity, ann, a)
    assert session().query(VoteDot).count() == 3


def test_stacking_lets_dots_pile_up_to_the_maximum():
    workshop, _ = make_workshop()
    activity = add_vote(workshop, budget=4, max_per_candidate=2)
    person, _ = join(workshop)
    voting.open_vote(workshop, activity)
    a, b, _c = ids(activity)
    cast_dot(workshop, activity, person, a)
    cast_dot(workshop, activity, person, a)
    refused("max_per_candidate", cast_dot, workshop, activity, person, a)
    cast_dot(workshop, activity, person, b)
    assert dict(voting.ballot_of(activity, person).choices) == {a: 2, b: 1}


def test_a_dot_taken_back_frees_its_slot(room):
    workshop, activity, (ann, *_) = room
    a, b, c = ids(activity)
    for candidate in (a, b, c):
        cast_dot(workshop, activity, ann, candidate)
    remove_dot(workshop, activity, ann, b)
    refused("nothing_to_remove", remove_dot, workshop, activity, ann, b)
    cast_dot(workshop, activity, ann, b)
    assert dict(voting.ballot_of(activity, ann).choices) == {a: 1, b: 1, c: 1}


def test_votes_are_refused_before_opening_and_after_closing():
    workshop, _ = make_workshop()
    activity = add_vote(workshop)
    person, _ = join(workshop)
    a = ids(activity)[0]
    refused("vote_closed", cast_dot, workshop, activity, person, a)
    voting.open_vote(workshop, activity)
    cast_dot(workshop, activity, person, a)
    voting.close_vote(workshop, activity)
    refused("vote_closed", remove_dot, workshop, activity, person, a)
    assert scores(activity)["Piste A"] == 1


def test_a_vote_needs_candidates_to_open():
    workshop, _ = make_workshop()
    activity = add_vote(workshop, candidates=())
    refused("no_candidates", voting.open_vote, workshop, activity)


def test_another_votes_candidate_is_refused(room):
    workshop, activity, (ann, *_) = room
    other = add_vote(workshop, title="Autre")
    with pytest.raises(NotFound):
        cast_dot(workshop, activity, ann, ids(other)[0])
    with pytest.raises(NotFound):
        cast_dot(workshop, activity, ann, "not a number")


def test_a_participant_of_another_workshop_cannot_vote(room):
    workshop, activity, _people = room
    elsewhere, _ = make_workshop()
    stranger, _ = join(elsewhere)
    with pytest.raises(NotFound):
        cast_dot(workshop, activity, stranger, ids(activity)[0])


def test_a_group_vote_refuses_the_other_groups():
    workshop, _ = make_workshop()
    g1 = groups.add_group(workshop, {"name": "Groupe 1"})
    g2 = groups.add_group(workshop, {"name": "Groupe 2"})
    activity = add_vote(workshop, group_id=g1.id)
    member, _ = join(workshop, first_name="In")
    outsider, _ = join(workshop, first_name="Out")
    groups.assign_person(workshop, member.id, g1.id)
    groups.assign_person(workshop, outsider.id, g2.id)
    voting.open_vote(workshop, activity)
    cast_dot(workshop, activity, member, ids(activity)[0])
    error = refused(
        "vote_for_another_group", cast_dot, workshop, activity, outsider, ids(activity)[0]
    )
    assert isinstance(error, Forbidden)
    assert progress_of(workshop, activity) == (1, 1) or progress_of(workshop, activity).present == 1


def group_vote_room():
    """Two groups; a board with one heading each, imported into a vote open to everyone."""
    workshop, _ = make_workshop()
    g1 = groups.add_group(workshop, {"name": "Groupe A"})
    g2 = groups.add_group(workshop, {"name": "Groupe B"})
    board = agenda.add_activity(workshop, {"kind": "brainstorm", "title": "Pistes"})
    for text, group in (("Piste A", g1), ("Piste B", g2)):
        boards.add_card(workshop, board, boards.FACILITATOR, {"text": text, "group_id": group.id})
    activity = add_vote(workshop, candidates=())
    voting.import_candidates(workshop, activity, board.id, only_marked=False)
    voting.add_typed_candidates(workshop, activity, "Typed piste")
    return workshop, activity, g1, g2, board


def test_a_group_vote_is_on_its_own_and_typed_candidates_only():
    workshop, activity, g1, _g2, _board = group_vote_room()
    settings = {**activity.settings, "kind": "vote", "title": "V", "group_id": g1.id}
    agenda.update_activity(workshop, activity.id, settings)  # the group set after the import
    member, _ = join(workshop, first_name="In")
    groups.assign_person(workshop, member.id, g1.id)
    voting.open_vote(workshop, activity)
    own, other, typed = ids(activity)
    snap = voting.snapshot_of(activity)
    assert [c.label for c in snap.candidates] == ["Piste A", "Typed piste"]
    cast_dot(workshop, activity, member, own)
    cast_dot(workshop, activity, member, typed)
    refused("unknown_candidate", cast_dot, workshop, activity, member, other)
    assert scores(activity) == {"Piste A": 1, "Typed piste": 1, "Piste B": 0}


def test_a_heading_merged_across_groups_keeps_all_its_groups_of_origin():
    workshop, _activity, g1, g2, board = group_vote_room()
    a, b = [c for c in boards.cards_of(board) if c.parent_id is None]
    boards.merge_cards(workshop, board, a.id, [b.id])
    activity = add_vote(workshop, title="Vote B", candidates=(), group_id=g2.id)
    voting.import_candidates(workshop, activity, board.id, only_marked=False)
    (merged,) = voting.candidates_of(activity)
    assert merged.origin_group_name == "Groupe A + Groupe B"
    assert set(merged.origin_group_ids) == {g1.id, g2.id}
    assert [c.id for c in voting.snapshot_of(activity).candidates] == [merged.id]


def test_no_dots_on_ones_own_groups_orientations_when_forbidden():
    workshop, _ = make_workshop()
    g1 = groups.add_group(workshop, {"name": "Groupe 1"})
    board = agenda.add_activity(workshop, {"kind": "brainstorm", "title": "Pistes"})
    person, _ = join(workshop)
    groups.assign_person(workshop, person.id, g1.id)
    mine = boards.add_card(
        workshop, board, boards.FACILITATOR, {"text": "Notre piste", "group_id": g1.id}
    )
    boards.add_card(workshop, board, boards.FACILITATOR, {"text": "Piste commune"})
    activity = add_vote(workshop, candidates=(), forbid_own_group="1")
    voting.import_candidates(workshop, activity, board.id, only_marked=False)
    voting.open_vote(workshop, activity)
    own, common = voting.candidates_of(activity)
    assert own.source_card_id == mine.id and own.origin_group_name == "Groupe 1"
    session().refresh(person)
    refused("own_group", cast_dot, workshop, activity, person, own.id)
    cast_dot(workshop, activity, person, common.id)


# ---- idempotency --------------------------------------------------------------------


def test_the_same_key_twice_counts_once(room):
    workshop, activity, (ann, *_) = room
    a = ids(activity)[0]
    assert cast_dot(workshop, activity, ann, a, key="key-00000001") is False
    assert cast_dot(workshop, activity, ann, a, key="key-00000001") is True
    assert scores(activity)["Piste A"] == 1


def test_the_same_key_with_another_request_is_refused_and_changes_nothing(room):
    workshop, activity, (ann, *_) = room
    a, b, _c = ids(activity)
    cast_dot(workshop, activity, ann, a, key="key-00000002")
    error = refused(
        "idempotency_conflict", cast_dot, workshop, activity, ann, b, key="key-00000002"
    )
    assert isinstance(error, Conflict)
    refused("idempotency_conflict", remove_dot, workshop, activity, ann, a, key="key-00000002")
    assert dict(voting.ballot_of(activity, ann).choices) == {a: 1}


def test_keys_belong_to_one_participant(room):
    workshop, activity, (ann, bob, _) = room
    a = ids(activity)[0]
    cast_dot(workshop, activity, ann, a, key="shared-key-1")
    assert cast_dot(workshop, activity, bob, a, key="shared-key-1") is False
    assert scores(activity)["Piste A"] == 2


def test_a_malformed_key_is_refused():
    for key in ("short", "x" * 65, "spaces are bad", "<script>"):
        refused("bad_idempotency_key", voting.check_key, key)
    assert voting.check_key("") is None and voting.check_key("abcdefgh-123") == "abcdefgh-123"


# ---- ranking and approval ---------------------------------------------------------------


@pytest.fixture
def ranking_room():
    workshop, _ = make_workshop()
    activity = add_vote(workshop, method="ranking", budget=3, candidates=("A", "B", "C", "D"))
    people = [join(workshop, first_name=f"P{i}", surname="X")[0] for i in range(3)]
    voting.open_vote(workshop, activity)
    return workshop, activity, people


def test_ranking_by_tapping_in_order_gives_borda_points(ranking_room):
    workshop, activity, (ann, bob, _) = ranking_room
    a, b, c, d = ids(activity)
    for candidate in (a, b, c):
        rank_candidate(workshop, activity, ann, candidate)
    refused("rank_out_of_range", rank_candidate, workshop, activity, ann, d)
    rank_candidate(workshop, activity, bob, b)
    refused("already_ranked", rank_candidate, workshop, activity, bob, b)
    result = result_of(activity)
    by_label = {row.label: row for row in result.rows}
    assert {k: r.score for k, r in by_label.items()} == {"A": 3, "B": 5, "C": 1, "D": 0}
    assert by_label["B"].first_choices == 1 and by_label["B"].voters == 2
    assert result.voters_count == 2


def test_moving_and_unranking_keep_ranks_contiguous(ranking_room):
    workshop, activity, (ann, *_) = ranking_room
    a, b, c, _d = ids(activity)
    for candidate in (a, b, c):
        rank_candidate(workshop, activity, ann, candidate)
    move_rank(workshop, activity, ann, c, "up")
    assert voting.ballot_of(activity, ann).choices == (a, c, b)
    move_rank(workshop, activity, ann, a, "up")  # already first: stays
    unrank_candidate(workshop, activity, ann, a)
    assert voting.ballot_of(activity, ann).choices == (c, b)
    refused("unknown_action", move_rank, workshop, activity, ann, c, "sideways")


def test_approval_counts_ticks_and_the_share_of_voters():
    workshop, _ = make_workshop()
    activity = add_vote(workshop, method="approval", candidates=("A", "B"))
    ann, _ = join(workshop, first_name="Ann")
    bob, _ = join(workshop, first_name="Bob")
    voting.open_vote(workshop, activity)
    a, b = ids(activity)
    approve(workshop, activity, ann, a)
    approve(workshop, activity, ann, b)
    approve(workshop, activity, bob, a)
    refused("already_approved", approve, workshop, activity, bob, a)
    unapprove(workshop, activity, ann, b)
    refused("nothing_to_remove", unapprove, workshop, activity, ann, b)
    rows = {row.label: row for row in result_of(activity).rows}
    assert (rows["A"].score, rows["A"].share) == (2, 1.0)
    assert (rows["B"].score, rows["B"].share) == (0, 0.0)


def test_a_dot_on_a_ranking_vote_is_refused(ranking_room):
    workshop, activity, (ann, *_) = ranking_room
    refused("wrong_method", cast_dot, workshop, activity, ann, ids(activity)[0])


# ---- rules in force ---------------------------------------------------------------------


def test_changing_the_method_once_ballots_exist_is_refused_by_the_database(room):
    workshop, activity, (ann, *_) = room
    cast_dot(workshop, activity, ann, ids(activity)[0])
    agenda.update_activity(
        workshop, activity.id, {"title": "Priorisation", "method": "ranking", "budget": "3"}
    )
    refused("rules_locked", voting.open_vote, workshop, activity)
    assert voting.vote_of(activity).method == "dots"


def test_raising_the_budget_rewrites_the_ballots_bounds(room):
    workshop, activity, (ann, *_) = room
    a, b, c = ids(activity)
    for candidate in (a, b, c):
        cast_dot(workshop, activity, ann, candidate)
    agenda.update_activity(
        workshop,
        activity.id,
        {"title": "P", "method": "dots", "budget": "4", "max_per_candidate": "2"},
    )
    voting.open_vote(workshop, activity)
    cast_dot(workshop, activity, ann, a)
    assert {d.budget for d in session().query(VoteDot)} == {4}
    agenda.update_activity(workshop, activity.id, {"title": "P", "method": "dots", "budget": "2"})
    refused("rules_locked", voting.open_vote, workshop, activity)


# ---- results, progress, ties ------------------------------------------------------------


def test_progress_counts_present_people_who_voted(room):
    workshop, activity, (ann, bob, cat) = room
    assert progress_of(workshop, activity) == voting_progress(0, 3)
    cast_dot(workshop, activity, ann, ids(activity)[0])
    cast_dot(workshop, activity, bob, ids(activity)[0])
    remove_dot(workshop, activity, bob, ids(activity)[0])
    roster.remove_person(workshop, cat.id)
    assert progress_of(workshop, activity) == voting_progress(1, 2)


def voting_progress(voted, present):
    from workshop.services.voting import Progress

    return Progress(voted, present)


def test_tied_orientations_share_a_rank_and_a_cutoff_tie_asks_for_a_runoff():
    workshop, _ = make_workshop()
    activity = add_vote(workshop, retain=2, candidates=("A", "B", "C", "D"))
    people = [join(workshop, first_name=f"P{i}")[0] for i in range(3)]
    voting.open_vote(workshop, activity)
    a, b, c, _d = ids(activity)
    for person, picks in zip(people, [(a, b), (a, c), (a,)], strict=True):
        for candidate in picks:
            cast_dot(workshop, activity, person, candidate)
    result = result_of(activity)
    assert [(r.label, r.score, r.rank, r.tied) for r in result.rows] == [
        ("A", 3, 1, False),
        ("B", 1, 2, True),
        ("C", 1, 2, True),
        ("D", 0, 4, False),
    ]
    assert result.retained == (a,) and result.cutoff_tie == (b, c)
    refused("close_vote_first", create_runoff, workshop, activity)
    voting.close_vote(workshop, activity)
    runoff = create_runoff(workshop, activity)
    assert [x.label for x in voting.candidates_of(runoff)] == ["B", "C"]
    assert runoff.settings["retain"] == 1 and runoff.kind == "vote"
    order = [x.id for x in workshop.activities]
    assert order.index(runoff.id) == order.index(activity.id) + 1
    refused("runoff_exists", create_runoff, workshop, activity)


def tied_vote(method="dots", budget=3, retain=2, live=False):
    """A closed vote: A retained, B and C tied across the cut-off for 1 seat."""
    workshop, _ = make_workshop()
    activity = add_vote(
        workshop, retain=retain, method=method, budget=budget, candidates=("A", "B", "C", "D")
    )
    people = [join(workshop, first_name=f"P{i}")[0] for i in range(3)]
    if live:
        agenda.start_workshop(workshop)
        agenda.go_to_activity(workshop, activity.id)
    voting.open_vote(workshop, activity)
    a, b, c, _d = ids(activity)
    cast = approve if method == "approval" else cast_dot
    for person, picks in zip(people, [(a, b), (a, c), (a,)], strict=True):
        for candidate in picks:
            cast(workshop, activity, person, candidate)
    voting.close_vote(workshop, activity)
    return workshop, activity, people


def test_a_dots_runoff_gives_one_dot_per_seat_so_nobody_dots_both_tied():
    workshop, activity, (person, *_) = tied_vote(budget=3)
    runoff = create_runoff(workshop, activity)
    assert (runoff.settings["budget"], runoff.settings["max_per_candidate"]) == (1, 1)
    assert runoff.instruction == (  # not the first vote's budget
        "Second tour entre les orientations à égalité au seuil : les règles sont ci-dessous."
    )
    voting.open_vote(workshop, runoff)
    b, c = ids(runoff)
    cast_dot(workshop, runoff, person, b)
    refused("budget_exhausted", cast_dot, workshop, runoff, person, c)


def test_an_approval_tie_is_run_off_as_a_dots_vote():
    workshop, activity, _ = tied_vote(method="approval")
    runoff = create_runoff(workshop, activity)
    assert (runoff.settings["method"], runoff.settings["budget"]) == ("dots", 1)


def test_a_runoff_in_a_live_workshop_goes_on_screen_and_opens_at_once():
    workshop, activity, (person, *_) = tied_vote(live=True)
    runoff = create_runoff(workshop, activity)
    assert workshop.current_activity_id == runoff.id
    assert voting.state_of(voting.vote_of(runoff)) == voting.OPEN
    cast_dot(workshop, runoff, person, ids(runoff)[0])


def test_a_runoff_in_a_draft_workshop_waits_to_be_opened():
    workshop, activity, _ = tied_vote()
    runoff = create_runoff(workshop, activity)
    assert voting.vote_of(runoff) is None and workshop.current_activity_id != runoff.id


def test_results_equal_a_recount_of_the_ballots_in_memory(room):
    workshop, activity, people = room
    a, b, c = ids(activity)
    for person, picks in zip(people, [(a, b, c), (a, b), (c,)], strict=True):
        for candidate in picks:
            cast_dot(workshop, activity, person, candidate)
    current = voting.rules_of(activity, voting.vote_of(activity))
    ballots = [voting.ballot_of(activity, p) for p in people]
    candidates = voting.as_candidates(voting.candidates_of(activity))
    assert result_of(activity) == rules.tally(current, candidates, ballots)


# ---- candidates -------------------------------------------------------------------------


def test_typed_candidates_keep_their_sub_points():
    workshop, _ = make_workshop()
    activity = add_vote(workshop, candidates=())
    voting.add_typed_candidates(
        workshop, activity, "Piste A\n  sous-point 1\n- sous-point 2\nPiste B"
    )
    a, b = voting.candidates_of(activity)
    assert (a.label, a.subpoints, b.label, b.subpoints) == (
        "Piste A",
        ["sous-point 1", "sous-point 2"],
        "Piste B",
        [],
    )


def test_importing_marked_cards_takes_each_heading_once():
    workshop, _ = make_workshop()
    g1 = groups.add_group(workshop, {"name": "Groupe 1"})
    board = agenda.add_activity(workshop, {"kind": "brainstorm", "title": "Pistes"})
    marked = boards.add_card(
        workshop, board, boards.FACILITATOR, {"text": "Retenue", "group_id": g1.id}
    )
    boards.add_card(workshop, board, boards.FACILITATOR, {"text": "détail", "parent_id": marked.id})
    boards.add_card(workshop, board, boards.FACILITATOR, {"text": "Pas marquée"})
    boards.set_flag(workshop, board, marked.id, "candidate", True)
    activity = add_vote(workshop, candidates=())
    voting.import_candidates(workshop, activity, board.id, only_marked=True)
    (only,) = voting.candidates_of(activity)
    assert (only.label, only.subpoints, only.origin_group_name) == (
        "Retenue",
        ["détail"],
        "Groupe 1",
    )
    refused("nothing_to_import", voting.import_candidates, workshop, activity, board.id, True)
    voting.import_candidates(workshop, activity, board.id, only_marked=False)
    assert [c.label for c in voting.candidates_of(activity)] == ["Retenue", "Pas marquée"]


def test_a_candidate_with_votes_cannot_be_removed(room):
    workshop, activity, (ann, *_) = room
    a, b, _c = ids(activity)
    cast_dot(workshop, activity, ann, a)
    refused("candidate_has_votes", voting.remove_candidate, workshop, activity, a)
    voting.remove_candidate(workshop, activity, b)
    assert [c.label for c in voting.candidates_of(activity)] == ["Piste A", "Piste C"]


def test_deleting_a_vote_activity_deletes_its_ballots(room):
    workshop, activity, (ann, *_) = room
    cast_dot(workshop, activity, ann, ids(activity)[0])
    agenda.go_to_activity(workshop, workshop.activities[0].id)
    agenda.delete_activity(workshop, activity.id)
    assert session().query(VoteDot).count() == 0


# ---- proxy ballots ----------------------------------------------------------------------


def test_the_facilitator_enters_a_proxy_ballot_for_someone_without_a_phone(room):
    workshop, activity, (ann, *_) = room
    paper = roster.add_person(workshop, {"first_name": "Sans", "surname": "Téléphone"})
    a, b, c = ids(activity)
    voting.enter_proxy_ballot(workshop, activity, paper.id, {f"dots_{a}": "1", f"dots_{c}": "1"})
    voting.enter_proxy_ballot(workshop, activity, paper.id, {f"dots_{b}": "1"})  # replaces
    assert dict(voting.ballot_of(activity, paper).choices) == {b: 1}
    refused(
        "max_per_candidate",
        voting.enter_proxy_ballot,
        workshop,
        activity,
        paper.id,
        {f"dots_{a}": "2"},
    )
    refused(
        "proxy_has_phone", voting.enter_proxy_ballot, workshop, activity, ann.id, {f"dots_{a}": "1"}
    )
    result = result_of(activity)
    assert result.proxy_count == 1 and result.voters_count == 1


# ---- breakdown --------------------------------------------------------------------------


def test_the_breakdown_pools_small_categories_and_hides_a_small_pool():
    workshop, _ = make_workshop(categories="Association\nEntreprise\nÉlu")
    activity = add_vote(workshop)
    voting.open_vote(workshop, activity)
    a, b, _c = ids(activity)
    cats = ["Association"] * 3 + ["Entreprise"] * 3 + ["Élu"] * 2
    for i, category in enumerate(cats):
        person, _ = join(workshop, first_name=f"P{i}", category=category)
        cast_dot(workshop, activity, person, a if category != "Élu" else b)
    result = breakdown_of(workshop, activity, "category")
    labels = [(bucket.label, bucket.voters) for bucket in result.buckets]
    # The two elected officials are pooled with the smallest shown bucket.
    assert labels == [("Association", 3), (OTHER, 5)]
    other = result.buckets[-1]
    assert other.scores[a] == 3 and other.scores[b] == 2


def test_a_breakdown_of_too_few_voters_shows_nothing(room):
    workshop, activity, (ann, bob, _) = room
    cast_dot(workshop, activity, ann, ids(activity)[0])
    cast_dot(workshop, activity, bob, ids(activity)[0])
    result = breakdown_of(workshop, activity, "group")
    assert result.buckets == [] and result.hidden


# ---- follow-up --------------------------------------------------------------------------


def test_the_retained_orientations_are_carried_into_a_follow_up_workshop():
    workshop, _ = make_workshop(context="Les enjeux du territoire.")
    g1 = groups.add_group(workshop, {"name": "Groupe 1"})
    board = agenda.add_activity(workshop, {"kind": "brainstorm", "title": "Pistes"})
    card = boards.add_card(
        workshop, board, boards.FACILITATOR, {"text": "Lieu ouvert", "group_id": g1.id}
    )
    boards.add_card(workshop, board, boards.FACILITATOR, {"text": "le soir", "parent_id": card.id})
    boards.add_card(workshop, board, boards.FACILITATOR, {"text": "Autre piste"})
    activity = add_vote(workshop, candidates=(), retain=1)
    voting.import_candidates(workshop, activity, board.id, only_marked=False)
    person, _ = join(workshop)
    voting.open_vote(workshop, activity)
    cast_dot(workshop, activity, person, ids(activity)[0])
    refused("close_vote_first", create_follow_up, workshop, activity)
    voting.close_vote(workshop, activity)
    new, secret = create_follow_up(workshop, activity)
    assert secret and new.state == "draft" and new.id != workshop.id
    assert "Les enjeux du territoire." in new.context and workshop.title in new.context
    assert follow_up_of(new).follows_workshop_id == workshop.id
    brainstorm = new.activities[1]
    cards = session().query(Card).filter(Card.activity_id == brainstorm.id).order_by(Card.id).all()
    assert [(c.text, c.parent_id is None) for c in cards] == [
        ("Lieu ouvert", True),
        ("le soir", False),
    ]
    assert cards[0].origins == [{"group": "Groupe 1", "authors": []}] and cards[0].candidate


def carried(new):
    brainstorm = new.activities[1]
    query = (
        session().query(Card).filter(Card.activity_id == brainstorm.id, Card.parent_id.is_(None))
    )
    return [c.text for c in query.order_by(Card.row)]


def test_a_follow_up_carries_the_clear_part_then_the_runoffs_retained():
    workshop, activity, people = tied_vote(retain=2)
    runoff = create_runoff(workshop, activity)
    voting.open_vote(workshop, runoff)
    refused("close_runoff_first", create_follow_up, workshop, activity)
    cast_dot(workshop, runoff, people[0], ids(runoff)[1])  # C wins the run-off
    voting.close_vote(workshop, runoff)
    from_original, _ = create_follow_up(workshop, activity)
    from_runoff, _ = create_follow_up(workshop, runoff)
    assert carried(from_original) == carried(from_runoff) == ["A", "C"]
    assert follow_up_of(from_runoff).vote_activity_id == activity.id


def test_a_whole_top_tied_is_carried_once_the_runoff_settles_it():
    workshop, _ = make_workshop()
    activity = add_vote(workshop, retain=1, candidates=("A", "B"))
    people = [join(workshop, first_name=f"P{i}")[0] for i in range(2)]
    voting.open_vote(workshop, activity)
    for person, candidate in zip(people, ids(activity), strict=True):
        cast_dot(workshop, activity, person, candidate)
    voting.close_vote(workshop, activity)
    refused("nothing_retained", create_follow_up, workshop, activity)
    runoff = create_runoff(workshop, activity)
    voting.open_vote(workshop, runoff)
    cast_dot(workshop, runoff, people[0], ids(runoff)[1])
    voting.close_vote(workshop, runoff)
    assert carried(create_follow_up(workshop, activity)[0]) == ["B"]


# ---- any sequence of taps ---------------------------------------------------------------

TAPS = {
    "dots": [cast_dot, remove_dot],
    "ranking": [
        rank_candidate,
        unrank_candidate,
        lambda w, a, p, c: move_rank(w, a, p, c, "up"),
    ],
    "approval": [approve, unapprove],
}


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    method=st.sampled_from(sorted(TAPS)),
    taps=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 3)), max_size=25),
)
def test_any_sequence_of_taps_keeps_budgets_and_sql_totals_equal_a_recount(method, taps):
    workshop, _ = make_workshop()
    extra = {"max_per_candidate": 2} if method == "dots" else {}
    activity = add_vote(workshop, method=method, budget=3, candidates=("A", "B", "C", "D"), **extra)
    people = [join(workshop, first_name=f"P{i}")[0] for i in range(3)]
    voting.open_vote(workshop, activity)
    candidates = ids(activity)
    for who, what, which in taps:
        action = TAPS[method][what % len(TAPS[method])]
        try:
            action(workshop, activity, people[who], candidates[which])
        except Refused:
            pass  # a refused tap changes nothing
    current = voting.rules_of(activity, voting.vote_of(activity))
    ballots = [voting.ballot_of(activity, p) for p in people]
    for ballot in ballots:
        rules.check_ballot(current, ballot, voting.as_candidates(voting.candidates_of(activity)))
    expected = rules.tally(current, voting.as_candidates(voting.candidates_of(activity)), ballots)
    assert result_of(activity) == expected


def test_the_minutes_say_what_a_runoff_settled_under_the_first_ranking():
    from workshop.services.minutes import vote_sections

    workshop, activity, people = tied_vote(retain=2)
    (section,) = vote_sections(workshop, activity)
    assert (
        section.cutoff_note == "Une égalité au seuil de sélection se départage par un second tour."
    )
    runoff = create_runoff(workshop, activity)
    voting.open_vote(workshop, runoff)
    cast_dot(workshop, runoff, people[0], ids(runoff)[1])  # C wins the run-off
    (section,) = vote_sections(workshop, activity)  # still open: nothing settled yet
    assert section.cutoff_note.endswith("se départage par un second tour.")
    voting.close_vote(workshop, runoff)
    (section,) = vote_sections(workshop, activity)
    assert section.cutoff_note == (
        f"L'égalité au seuil a été départagée par un second tour (« {runoff.title} ») : "
        "au final, « A » et « C » sont retenues."
    )
    (single,) = vote_sections(workshop, runoff)
    assert single.budget == 1  # printed "d'une gommette" (labels.vote_method)
