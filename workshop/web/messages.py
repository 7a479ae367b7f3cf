"""What each refusal code says to a person, in their language."""

from flask_babel import lazy_gettext as _l

from workshop.services.refusals import Reason

MESSAGES = {
    "not_found": _l("This item does not exist (any more)."),
    "unknown_code": _l("No open workshop has this code. Check the code on the screen."),
    "unknown_link": _l("This link is not valid. Ask the facilitator for a new one."),
    "forbidden": _l("You are not allowed to do this."),
    "not_facilitator": _l("Open this workshop with your facilitator link first."),
    "wrong_password": _l("Wrong instance password."),
    "invalid_form": _l("Some fields need correcting."),
    "required": _l("This field is required."),
    "name_or_anonymous": _l("Type your name, or choose to stay anonymous above."),
    "too_long": _l("Too long: %(limit)s characters at most."),
    "too_many": _l("Too many: %(limit)s at most."),
    "too_many_lines": _l("Too many lines: %(limit)s at most."),
    "invalid": _l("This value is not valid."),
    "invalid_choice": _l("Choose one of the proposed values."),
    "out_of_range": _l("This number is out of range."),
    "unknown_kind": _l("Unknown kind of activity."),
    "unknown_action": _l("Unknown action."),
    "too_many_activities": _l("An agenda holds %(limit)s activities at most."),
    "activity_is_current": _l("This activity is on screen: move to another one first."),
    "not_draft": _l("The workshop has already started."),
    "empty_agenda": _l("Add at least one activity before starting."),
    "not_live": _l("The workshop is not running."),
    "no_such_activity": _l("There is no activity there."),
    "agenda_moved": _l("The agenda moved meanwhile: here is where it stands now."),
    # Sub-groups in parallel (workshop/domain/parallel.py)
    "together_first": _l("The first activity has no previous one to run with."),
    "together_needs_groups": _l(
        "Only two activities each for one group can run at the same time: choose the group"
        " in both activities' settings first."
    ),
    "together_same_group": _l(
        "This group already has an activity running at that time: a group does one thing at once."
    ),
    "activity_not_live": _l("This activity is not running now."),
    "board_for_another_group": _l("This activity is for another group: nothing was recorded."),
    "empty_sheet": _l("No line of the sheet could be read."),
    # Sign-in sheet: create what was previewed, no duplicates (foundation, issue 3)
    "sheet_changed": _l(
        "The sheet changed since its preview: preview it again. Nobody was created."
    ),
    "sheet_all_known": _l("Everyone on this sheet is already on the roster: nobody was created."),
    # One person, one line: a phone naming someone of the roster, two lines merged
    "same_name": _l("%(name)s is already on the list of participants: is it you?"),
    "merge_same_person": _l("Choose another line of the roster to merge with."),
    "in_speed_meeting": _l(
        "This line takes part in the speed meeting “%(activity)s” (its plan names it): "
        "it cannot be merged away. Nothing was merged."
    ),
    "both_voted": _l(
        "Both lines voted in “%(vote)s”: their ballots cannot be added up into one person's."
        " Nothing was merged."
    ),
    "rate_limited": _l("Too many tries. Wait a minute, then try again."),
    "join_flood": _l(
        "Too many people are joining from here right now. Wait a minute, then try again."
    ),
    "joining_closed": _l(
        "Joining this workshop is closed: the room is full. Ask the facilitator if you "
        "should be in."
    ),
    "csrf": _l("The page was open too long or the form was sent twice. Reload and try again."),
    "too_large": _l("What you sent is too large."),
    "bad_request": _l("This request is not valid."),
    "server_error": _l("Something went wrong on the server. Nothing was changed; try again."),
    "database_unavailable": _l(
        "The server cannot save right now: nothing was recorded. Try again in a moment."
    ),
    # Votes (workshop/domain/voting.py and workshop/services/voting.py)
    "vote_closed": _l("The vote is not open: nothing was recorded."),
    "vote_not_opened": _l("Open the vote first."),
    "vote_busy": _l("Many votes at once: yours was not recorded. Tap again."),
    "vote_busy_retry": _l("Many votes at once: yours is being sent again…"),
    "vote_for_another_group": _l("This vote is for another group."),
    "no_candidates": _l("Add at least one candidate before opening the vote."),
    "rules_locked": _l(
        "Ballots were cast under the current rules: they cannot change this way "
        "(another method, or fewer dots than already placed). Create a new vote instead."
    ),
    "max_above_budget": _l("At most as many dots on one orientation as dots in all."),
    "idempotency_conflict": _l("This action was already sent with other choices: reload."),
    "bad_idempotency_key": _l("This request is not valid."),
    "unknown_candidate": _l("This orientation is not on this ballot."),
    "wrong_method": _l("This vote is not counted that way."),
    "own_group": _l("You cannot vote for your own group's orientation."),
    "budget_exhausted": _l("You have no dots left: take one back first."),
    "max_per_candidate": _l("This orientation already has as many of your dots as allowed."),
    "nothing_to_remove": _l("There is nothing to take back there."),
    "rank_out_of_range": _l("Your top is complete: remove one first."),
    "already_ranked": _l("This orientation is already in your ranking."),
    "rank_taken": _l("This place is taken."),
    "rank_gap": _l("Fill the places in order."),
    "already_approved": _l("You already ticked this orientation."),
    "duplicate_candidate": _l("This orientation is listed twice."),
    "negative_count": _l("This number is out of range."),
    "proxy_has_phone": _l("Proxy ballots are for people present without a phone."),
    "candidate_has_votes": _l("People voted for this candidate: it stays on the ballot."),
    "nothing_to_import": _l("No new heading to import there."),
    "close_vote_first": _l("Close the vote first."),
    "no_runoff": _l("No tie straddles the cut-off: no run-off is needed."),
    "nothing_retained": _l("No orientation is retained yet."),
    # Votes: run-off and follow-up (helper "votes", issue 5)
    "runoff_exists": _l("A run-off was already created for this vote."),
    "tie_settled": _l("You already settled this tie: no run-off is needed."),
    "no_tie": _l("No tie straddles the cut-off: there is nothing to settle."),
    "unknown_decision": _l("Choose how to settle the tie."),
    "choose_tied": _l("Choose at least one of the tied orientations."),
    "too_many_chosen": _l("Too many: choose at most as many as there are places left."),
    "close_runoff_first": _l("Close the run-off vote first."),
    "reveal_first": _l("Close the vote and reveal its results first."),
    # Boards, moderation, quick entry and reporters (services/boards.py, card_moderation.py,
    # quick_entry.py, groups.py)
    "changed_meanwhile": _l(
        "This card was changed meanwhile: here is its current text; your edit was not saved."
    ),
    "card_cap": _l("You reached the most cards allowed per person (%(limit)s): nothing was added."),
    "activity_closed": _l("Writing is closed for this activity: nothing was recorded."),
    "undo_conflict": _l(
        "This change cannot be undone yet: a later change touched the same cards. "
        "Undo that one first."
    ),
    "cannot_merge": _l("Choose at least one other heading to merge (sub-points do not merge)."),
    "group_choice_closed": _l("Choosing a group is closed: the facilitator assigns the groups."),
    "name_taken": _l("Another group already has this name."),
    "group_name_taken": _l("A group is already named %(name)s: no group was created."),
    "too_many_groups": _l("A workshop holds %(limit)s groups at most: no group was created."),
    "merged_away": _l("This card was merged into « %(target)s »: write there instead."),
    "no_group": _l("Wait until the facilitator puts you in a group."),
    "not_reporter": _l(
        "Only the reporter the facilitator designated can type the group's answers."
    ),
    "not_in_group": _l("This participant is not in this group."),
    "blank_with_subpoints": _l(
        "A heading line holding only “-” cannot have sub-points: put them under a heading."
    ),
    # Minutes, exports and plans (workshop/services/exports.py, plans.py)
    "pdf_unavailable": _l(
        "This computer cannot make the PDF (it needs Chrome, Edge or Chromium). "
        "Open the print view and print it to PDF from your browser."
    ),
    "unknown_format": _l("Unknown format."),
    "unknown_plan": _l("Unknown plan."),
    "plan_invalid": _l("This plan cannot be used (%(field)s): %(reason)s Nothing was created."),
    "plan_not_applied": _l("This plan cannot be used (%(field)s): %(reason)s Nothing was changed."),
    "plan_needs_empty_agenda": _l(
        "A plan can only be applied while the agenda is empty, and this workshop already "
        "has activities. Nothing was changed: create a new workshop from the plan instead."
    ),
    "plan_too_many_groups": _l(
        "With the plan's groups, this workshop would have more than %(limit)s groups. "
        "Nothing was changed."
    ),
    "not_json": _l("This file is not a JSON plan."),
    "not_a_plan": _l('This is not a workshop plan ("format" must be "workshop-plan").'),
    "unsupported_version": _l("This plan format version is not supported (expected %(version)s)."),
    "not_object": _l("An object ({...}) is expected here."),
    "not_list": _l("A list ([...]) is expected here."),
    "not_text": _l("A text is expected here."),
    "not_flag": _l("true or false is expected here."),
    "not_number": _l("A whole number is expected here."),
    "unknown_group": _l("No group of the plan has this name: %(name)s."),
    "duplicate": _l("This value appears twice."),
    # Speed meetings: the planner's refusals (workshop/domain/rotation, every code of
    # REFUSALS), then the service's (workshop/services/speed)
    "bad_mode": _l("Choose two sides, or everyone with everyone."),
    "bad_table_size": _l("A table seats one or two people of each side (1+1 up to 2+2)."),
    "bad_surplus": _l("Choose whether the extra people pause or make a trio."),
    "no_rounds": _l("The number of rounds must be between 1 and %(most)s."),
    "zero_duration": _l("A round must last more than zero seconds."),
    "bad_max_tables": _l("The room must have one table at least (0: as many as needed)."),
    "bad_history_policy": _l("Choose to avoid, favour or ignore the pairs who met last time."),
    "duplicate_person": _l("%(person)s is listed twice in the meetings."),
    "person_on_both_sides": _l(
        "%(person)s is on both sides: a category or a person belongs to one side only."
    ),
    "one_side_empty": _l(
        "Nobody is on the side “%(side)s”: choose its categories, or put people on it."
    ),
    "too_few_people": _l("At least %(least)s people are needed to meet."),
    "wish_self": _l("%(person)s cannot wish to meet themselves."),
    "wish_same_side": _l(
        "%(person)s and %(wanted)s are on the same side: a wish is for someone of the other side."
    ),
    "bad_held_rounds": _l(
        "The rounds already held do not fit these settings (fewer rounds than already held?)."
    ),
    "too_many_hosts": _l("Too many hosts: %(most)s at most (one per table, two never together)."),
    "too_many_rounds": _l(
        "Too many rounds: after %(most)s rounds everyone has met everyone. Choose fewer rounds."
    ),
    "bad_from_round": _l("The plan can change from round 1 to round %(most)s only."),
    "category_on_both_sides": _l("“%(category)s” is on both sides: choose one side for it."),
    "speed_not_planned": _l("Make the plan of the rounds first."),
    "speed_not_on_screen": _l("Show the speed meeting on screen first."),
    "speed_not_started": _l("The rounds have not started yet."),
    "speed_finished": _l("The meetings are over: nothing was changed."),
    "round_moved": _l("The rounds moved on meanwhile: here is where they stand now."),
    "no_next_round": _l("That was the last round: finish the meetings."),
    "too_much_extra": _l("A round gets %(limit)s more minutes at most."),
    "wishes_closed": _l("The rounds have started: wishes are closed."),
    "not_on_a_side": _l("%(person)s is on no side of the meetings."),
    "contact_required": _l("Type the contact you share (an email or a phone number)."),
    "not_met": _l("You can follow up only with someone you met in a round."),
    "speed_busy": _l("Many taps at once: yours was not recorded. Tap again."),
    "not_matched": _l("Choose people who marked each other for a follow-up."),
    "two_members_at_least": _l("A project sub-group needs two people at least."),
    "no_project_groups": _l("Form a project sub-group from the mutual follow-ups first."),
}


def message(code: str, **params) -> str:
    """Return the message for a refusal code, in the current language (a `Reason` among
    the params is worded too)."""
    text = MESSAGES.get(code, MESSAGES["bad_request"])
    params = {
        k: message(v.code, **v.params) if isinstance(v, Reason) else v for k, v in params.items()
    }
    return str(text) % params if params else str(text)
