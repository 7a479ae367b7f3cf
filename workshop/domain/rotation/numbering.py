"""Table numbers: hosts keep theirs, the staying side keeps its own, the room's limit holds."""

from collections.abc import Iterator, Mapping, Sequence

from workshop.domain.rotation.board import Unit

Seating = tuple[Unit, Unit]  # a table: side A's unit, side B's unit


def number_tables(
    pairs: Sequence[Seating],
    staying: Sequence[Unit],
    stay_a: bool,
    host_numbers: Mapping[int, int],
    room: int | None,
) -> dict[int, Seating]:
    """Give each table its number: a host's own, else the staying unit's home table.

    `staying` are the units of the side that stays (side A when `stay_a`): those
    without a host have home numbers after the hosts'. When the room is too small
    for every home, tables take the free numbers in order, a pausing host's number
    included.
    """
    hosts = len(host_numbers)
    homes = {id(u): n for n, u in enumerate((u for u in staying if u.host is None), hosts + 1)}
    order = {id(u): i for i, u in enumerate(staying)}
    fits = room is None or hosts + len(homes) <= room
    numbered: dict[int, Seating] = {}
    waiting = []
    for u, v in pairs:
        host = u.host if u.host is not None else v.host
        stayer = u if stay_a else v
        if host is not None:
            numbered[host_numbers[host]] = (u, v)
        elif fits:
            numbered[homes[id(stayer)]] = (u, v)
        else:
            waiting.append((order[id(stayer)], (u, v)))
    free = free_numbers(hosts, room, set(numbered))
    for _, table in sorted(waiting, key=lambda item: item[0]):
        numbered[next(free)] = table
    return numbered


def free_numbers(hosts: int, room: int | None, taken: set[int]) -> Iterator[int]:
    """Yield table numbers for tables without a host, in the order they are handed out.

    Numbers 1..hosts belong to the hosts; the others come first, up to the room's
    `room` tables, then the number of a host who pauses this round (not in `taken`).
    """
    number = hosts + 1
    while room is None or number <= room:
        yield number
        number += 1
    yield from (n for n in range(1, hosts + 1) if n not in taken)
