from datetime import datetime, timedelta

from workshop.domain.timer import Timer

T0 = datetime(2026, 3, 27, 14, 30)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_a_fresh_timer_shows_the_full_duration():
    assert Timer(300).remaining_at(at(50)) == 300


def test_a_running_timer_counts_down():
    timer = Timer(300).start(at(0))
    assert timer.remaining_at(at(45)) == 255


def test_pausing_keeps_the_time_already_run():
    timer = Timer(300).start(at(0)).pause(at(60))
    assert timer.remaining_at(at(500)) == 240
    assert timer.start(at(600)).remaining_at(at(630)) == 210


def test_starting_twice_or_pausing_twice_changes_nothing():
    running = Timer(300).start(at(0))
    assert running.start(at(30)) == running
    paused = running.pause(at(10))
    assert paused.pause(at(20)) == paused


def test_overtime_is_negative_remaining_time():
    assert Timer(60).start(at(0)).remaining_at(at(90)) == -30


def test_reset_goes_back_to_the_full_duration_and_stops():
    timer = Timer(60).start(at(0)).reset()
    assert not timer.running and timer.remaining_at(at(999)) == 60
