"""Run an asyncio scenario from a synchronous test, on an event loop of its own."""

import asyncio
import threading


def run_scenario(coro, timeout: float):
    """Run `coro` to its end, bounded, and return its value (or raise its error).

    In a thread: the main thread may already run a loop (Playwright's sync API keeps one for
    the whole session once a browser test has started its browser, and a test worker may run
    browser tests before this one)."""
    outcome: dict = {}

    def scenario():
        try:
            outcome["value"] = asyncio.run(asyncio.wait_for(coro, timeout))
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=scenario, name="test-scenario", daemon=True)
    thread.start()
    thread.join(timeout + 60)
    if thread.is_alive():
        raise AssertionError(f"the scenario did not end within {timeout + 60:.0f} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
