"""Who acts on a board: a participant, or the facilitator."""

from dataclasses import dataclass

from workshop.models import Participant


@dataclass(frozen=True)
class Actor:
    """Who acts: a participant (person) or the facilitator (person None)."""

    person: Participant | None = None

    @property
    def facilitator(self) -> bool:
        return self.person is None


FACILITATOR = Actor()
