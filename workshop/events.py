"""What happened, as named signals sent by services after their commit.

The live broadcaster (workshop/live/) listens; business code never pushes itself.
Every signal's sender is the workshop id.
"""

from blinker import Namespace

_signals = Namespace()

workshop_created = _signals.signal("workshop-created")
workshop_updated = _signals.signal("workshop-updated")
agenda_edited = _signals.signal("agenda-edited")
agenda_advanced = _signals.signal("agenda-advanced")
timer_changed = _signals.signal("timer-changed")
roster_changed = _signals.signal("roster-changed")
cards_changed = _signals.signal("cards-changed")
groups_changed = _signals.signal("groups-changed")
facilitator_logged_out = _signals.signal("facilitator-logged-out")
vote_cast = _signals.signal("vote-cast")  # a ballot changed (activity_id=...)
vote_state_changed = _signals.signal("vote-state-changed")  # opened, closed, revealed
vote_candidates_changed = _signals.signal("vote-candidates-changed")
minutes_edited = _signals.signal("minutes-edited")  # texts, sections, next workshop, actions
minutes_status_changed = _signals.signal("minutes-status-changed")  # draft or final
