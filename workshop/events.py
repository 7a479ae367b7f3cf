"""What happened, as named signals sent by services after their commit.

Each signal states a fact ("the board's state changed"), never a redraw order: which
live regions a fact makes stale is the region table's business (presenters/regions.py),
and the live broadcaster (workshop/live/) pushes them; business code never pushes
itself. Every signal's sender is the workshop id; details come as keyword arguments.
"""

from blinker import Namespace

_signals = Namespace()

workshop_created = _signals.signal("workshop-created")
workshop_updated = _signals.signal("workshop-updated")
agenda_edited = _signals.signal("agenda-edited")  # added, removed or reordered
activity_edited = _signals.signal("activity-edited")  # activity_id=, on_screen=
agenda_advanced = _signals.signal("agenda-advanced")
timer_changed = _signals.signal("timer-changed")
roster_changed = _signals.signal("roster-changed")
people_merged = _signals.signal("people-merged")  # kept=, merged= (two lines, one person)
cards_changed = _signals.signal("cards-changed")
board_state_changed = _signals.signal("board-state-changed")  # closed, revealed, shown, reporter
groups_changed = _signals.signal("groups-changed")
facilitator_logged_out = _signals.signal("facilitator-logged-out")  # login= (that browser's)
# Earlier grants of an audience ("console" or "screen") stopped working: logged out, or a
# link replaced. Every socket opened with one of them is closed, in every process.
grants_revoked = _signals.signal("grants-revoked")  # audience=
people_removed = _signals.signal("people-removed")  # people=(...): off the roster, sockets closed
vote_cast = _signals.signal("vote-cast")  # a ballot changed (activity_id=...)
vote_state_changed = _signals.signal("vote-state-changed")  # opened, closed, revealed
vote_candidates_changed = _signals.signal("vote-candidates-changed")
minutes_edited = _signals.signal("minutes-edited")  # texts, sections, next workshop, actions
minutes_status_changed = _signals.signal("minutes-status-changed")  # draft or final
# Speed meetings (activity_id=, on_screen= whether that activity is the one on screen)
speed_plan_changed = _signals.signal("speed-plan-changed")  # made, regenerated, followed roster
speed_round_changed = _signals.signal("speed-round-changed")  # started, paused, extended, over
speed_people_changed = _signals.signal("speed-people-changed")  # hosts, sides, wishes, history
follow_ups_changed = _signals.signal("follow-ups-changed")  # a mark saved (the counts changed)
# The matches of these people changed (people=(...)): two of them marked each other, or a
# matched person changed what they share. Never sent for a one-way mark, so one is never
# announced to anyone.
matches_changed = _signals.signal("matches-changed")
