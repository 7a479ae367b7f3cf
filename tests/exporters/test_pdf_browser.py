"""Which browser prints the PDF: the configured one, one on PATH, or one installed in its
standard place (Chrome and Edge on facilitators' Windows and macOS laptops are not on PATH)."""

import os
import stat
from pathlib import PureWindowsPath

import pytest

from workshop.exporters import pdf
from workshop.exporters.pdf import find_browser, install_places


def _executable(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_windows_places_are_chrome_then_edge_under_the_program_folders():
    environ = {
        "PROGRAMFILES": r"C:\Program Files",
        "PROGRAMFILES(X86)": r"C:\Program Files (x86)",
        "LOCALAPPDATA": r"C:\Users\Ana\AppData\Local",
    }
    places = install_places("win32", environ, r"C:\Users\Ana")
    assert places[0] == str(
        PureWindowsPath(r"C:\Program Files\Google\Chrome\Application\chrome.exe")
    )
    assert str(
        PureWindowsPath(r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe")
    ) in (places)
    assert str(
        PureWindowsPath(r"C:\Users\Ana\AppData\Local\Google\Chrome\Application\chrome.exe")
    ) in (places)


def test_a_windows_folder_variable_that_is_missing_gives_no_place():
    places = install_places("win32", {"PROGRAMFILES": r"D:\Apps"}, r"C:\Users\Ana")
    assert places and all(place.startswith("D:\\Apps\\") for place in places)


def test_macos_places_are_the_applications_folders_of_the_machine_and_of_the_person():
    places = install_places("darwin", {}, "/Users/ana")
    assert places[0] == "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"
    assert "/Users/ana/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge" in places
    assert "/Applications/Chromium.app/Contents/MacOS/Chromium" in places


def test_linux_places_include_debian_snap_and_chrome_s_own_folder():
    places = install_places("linux", {}, "/home/ana")
    assert {"/usr/bin/chromium", "/snap/bin/chromium", "/opt/google/chrome/chrome"} <= set(places)


def test_a_browser_off_path_is_found_in_its_install_place(tmp_path, monkeypatch):
    chrome = _executable(tmp_path / "Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(pdf.sys, "platform", "darwin")
    monkeypatch.setattr(pdf, "_MACOS_APPS", (str(chrome.relative_to(tmp_path / "Applications")),))
    monkeypatch.setattr(pdf.Path, "home", lambda: tmp_path)
    assert find_browser() == str(chrome)


def test_a_place_that_is_not_executable_is_passed_over(tmp_path, monkeypatch):
    plain = tmp_path / "chrome"
    plain.write_text("not a program")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(pdf.sys, "platform", "linux")
    monkeypatch.setattr(pdf, "_LINUX_PLACES", (str(plain),))
    assert find_browser() is None


def test_a_browser_on_path_comes_before_an_installed_one(tmp_path, monkeypatch):
    on_path = _executable(tmp_path / "bin" / "chromium")
    installed = _executable(tmp_path / "opt" / "chrome")
    monkeypatch.setenv("PATH", str(on_path.parent))
    monkeypatch.setattr(pdf.sys, "platform", "linux")
    monkeypatch.setattr(pdf, "_LINUX_PLACES", (str(installed),))
    assert find_browser() == str(on_path)


@pytest.mark.parametrize("kind", ["path", "name"])
def test_the_configured_browser_is_a_path_or_a_name_on_path(tmp_path, monkeypatch, kind):
    browser = _executable(tmp_path / "bin" / "my-chrome")
    monkeypatch.setenv("PATH", str(browser.parent) + os.pathsep + os.environ["PATH"])
    configured = str(browser) if kind == "path" else "my-chrome"
    assert find_browser(configured) == str(browser)


def test_a_configured_browser_that_does_not_exist_is_not_replaced_by_another(tmp_path):
    assert find_browser(str(tmp_path / "nowhere" / "chrome")) is None


def test_the_headless_shell_alone_on_path_prints(tmp_path, monkeypatch):
    # A server given only Debian's chromium-headless-shell (no desktop browser).
    shell = _executable(tmp_path / "bin" / "chromium-headless-shell")
    monkeypatch.setenv("PATH", str(shell.parent))
    monkeypatch.setattr(pdf.sys, "platform", "linux")
    monkeypatch.setattr(pdf, "_LINUX_PLACES", ())
    assert find_browser() == str(shell)
