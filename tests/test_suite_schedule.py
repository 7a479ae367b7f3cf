"""The whole suite's xdist workers take the longest test files first (tests/conftest.py)."""

import os

from tests.conftest import expected_seconds, usable_cores


def test_a_browser_file_of_a_few_tests_goes_before_a_long_file_of_quick_tests():
    browser = expected_seconds("tests/browser/test_votes.py", 5)
    quick = expected_seconds("tests/services/test_voting.py", 200)
    assert browser > quick


def test_a_fault_file_goes_before_a_file_of_as_many_quick_tests():
    fault = expected_seconds("tests/faults/test_server_restart.py", 2)
    assert fault > expected_seconds("tests/views/test_console.py", 2)


def test_a_benchmark_or_command_line_file_goes_before_in_process_files_of_more_tests():
    # Each of their tests starts a process: left to the end, they would run alone.
    assert expected_seconds("tests/bench/test_counting.py", 3) > expected_seconds(
        "tests/views/test_votes.py", 40
    )
    assert expected_seconds("tests/test_cli_exports.py", 15) > expected_seconds(
        "tests/services/test_voting.py", 100
    )


def test_the_worker_count_is_found_without_linux_only_calls(monkeypatch):
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert usable_cores() == 8
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert usable_cores() == 2
