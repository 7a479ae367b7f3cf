"""The projector's board in a real browser: any number of groups fits, long answers shrink
to a readable size and go on further pages ("page 1/N"), and the one-group-at-a-time view
follows the console without a reload."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser import http_setup
from tests.browser.helpers import (
    describe_violations,
    mark_page,
    open_console,
    open_projector,
    run_axe,
    was_reloaded,
    workshop_over_http,
)
from tests.browser.test_boards import screen_group

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

MIN_VH = 2.3  # static/js/fit-text.js


def fit_report(projector: Page) -> dict:
    """The board on the projector: its font size (vh), its pages, its groups."""
    return projector.evaluate(
        """() => {
            const box = document.querySelector('#screen-board[data-fit]');
            const label = box.querySelector('[data-page-count]');
            return {
              size: parseFloat(box.getAttribute('data-fit-size')),
              pages: parseInt(box.getAttribute('data-page-count'), 10),
              label: label.hidden ? '' : label.textContent,
              groups: box.querySelectorAll('section.screen-group').length,
              boardInside: box.getBoundingClientRect().bottom <= window.innerHeight + 1,
            };
        }"""
    )


def expect_fitted(projector: Page, count: int) -> dict:
    """Wait until the board of `count` groups is fitted and paged: never under the readable
    floor, what does not fit is on further pages (said "page 1/N"), never cut.

    A push may replace the board while it is read: then read it again once fitted."""
    fitted = """(n) => {
        const box = document.querySelector('#screen-board[data-fit]');
        return box && box.querySelectorAll('section.screen-group').length === n
            && box.hasAttribute('data-fit-size') && box.hasAttribute('data-page-count');
    }"""
    for _ in range(5):
        projector.wait_for_function(fitted, arg=count)
        report = fit_report(projector)
        if report["groups"] == count and report["size"] == report["size"]:  # no NaN
            break
    assert report["size"] >= MIN_VH - 0.01, report
    assert report["boardInside"], report
    assert (report["pages"] > 1) == report["label"].startswith("page 1/"), report
    return report


def test_eight_groups_fit_and_one_group_at_a_time_follows_the_console(facilitator, base_url):
    # Set up over HTTP with the console's forms; the console then opens on the board.
    code, link = workshop_over_http(facilitator, base_url, "Eight groups")
    ids = {f"G{n}": http_setup.add_group(facilitator, base_url, code, f"G{n}") for n in range(1, 9)}
    activity = http_setup.add_activity(
        facilitator, base_url, code, "brainstorm", "Orientations", question="Weight?"
    )
    long = "a long answer that goes on and on to fill the projector " * 3
    flood = "\n".join(f"Heading {i} {long[:150]}\n\tsub-point {i} {long}" for i in range(14))
    answers = {"G1": flood} | {
        name: f"Short answer of {name}\n\tone detail" for name in list(ids)[1:]
    }
    for name, outline in answers.items():
        http_setup.type_paper_answers(facilitator, base_url, code, activity, ids[name], outline)
    http_setup.start(facilitator, base_url, code)
    http_setup.go(facilitator, base_url, code, activity)
    workshop = open_console(facilitator, base_url, code, "Eight groups", link)
    console = workshop.console
    projector = open_projector(workshop)
    mark_page(projector)
    report = expect_fitted(projector, 8)
    assert report["pages"] > 1, report  # the flood cannot fit one screen: it is paged
    side_by_side = report["size"]

    # The facilitator shows the flooded group alone: the projector follows, unreloaded.
    console.locator(f".screen-choice button[value='{ids['G1']}']").click()
    expect(projector.locator("#screen-board .screen-groups")).to_have_attribute("data-groups", "1")
    expect(screen_group(projector, "G1")).to_have_count(1)
    expect(screen_group(projector, "G2")).to_have_count(0)
    alone = expect_fitted(projector, 1)
    assert not was_reloaded(projector)

    console.locator(".screen-choice button[value='']").click()
    expect(projector.locator("#screen-board .screen-groups")).to_have_attribute("data-groups", "8")
    expect_fitted(projector, 8)
    assert not was_reloaded(projector)
    assert alone["size"] >= MIN_VH and side_by_side >= MIN_VH


def test_a_few_short_answers_are_shown_large_with_the_groups_colour(facilitator, base_url):
    code, link = workshop_over_http(facilitator, base_url, "Two groups")
    ids = {
        name: http_setup.add_group(facilitator, base_url, code, name) for name in ("Red", "Blue")
    }
    workshop = open_console(facilitator, base_url, code, "Two groups", link)
    console = workshop.console
    console.locator("#roster .group-list li").first.locator("button[hx-get]").click()
    form = console.locator("#editor form")
    expect(form.locator("#colour-none")).to_be_checked()  # a new group has no colour
    form.locator("#colour-some").check()
    form.locator("#colour").fill("#c0392b")
    violations = run_axe(console)
    assert not violations, describe_violations("console, group form", violations)
    form.locator("button[type=submit].primary").click()
    expect(console.locator("#editor form")).to_have_count(0)
    activity = http_setup.add_activity(
        facilitator, base_url, code, "brainstorm", "Orientations", question="Which?"
    )
    for name, gid in ids.items():
        outline = f"Idea of {name}\n\tdetail"
        http_setup.type_paper_answers(facilitator, base_url, code, activity, gid, outline)
    http_setup.start(facilitator, base_url, code)
    http_setup.go(facilitator, base_url, code, activity)
    projector = open_projector(workshop)
    report = expect_fitted(projector, 2)
    assert report["size"] > 3 and report["pages"] == 1 and not report["label"], report
    expect(screen_group(projector, "Red").locator("svg.group-chip circle")).to_have_attribute(
        "fill", "#c0392b"
    )
    expect(screen_group(projector, "Blue").locator("svg.group-chip")).to_have_count(0)
    violations = run_axe(projector)
    assert not violations, describe_violations("projector, board", violations)
