"""`python -m workshop export` and `plan export|import|list`, run as a facilitator would."""

import json
import os
import subprocess
import sys
import zipfile

import pytest

from tests import minutes_session as sample
from tests.exporters.readers import read_docx
from tests.test_cli import ROOT
from tests.test_cli import run_cli as run_in_root
from workshop import create_app


def run_cli(folder, *args, cwd=None):
    """Run `python -m workshop` on an instance folder, from `cwd` (default: the checkout)."""
    if cwd is None:
        return run_in_root(folder, *args)
    env = {**os.environ, "WORKSHOP_INSTANCE_PATH": str(folder), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "workshop", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """An instance folder holding one finished workshop; return (folder, join code)."""
    folder = tmp_path_factory.mktemp("instance")
    app = create_app({"INSTANCE_PATH": str(folder), "PUBLIC_BASE_URL": "http://203.0.113.5"})
    with app.test_request_context():
        code = sample.make_session().workshop.join_code
    app.extensions["db"]["engine"].dispose()
    return folder, code


@pytest.mark.parametrize("fmt", ["docx", "json", "csv"])
def test_export_writes_the_file_asked_for(instance, tmp_path, fmt):
    folder, code = instance
    target = tmp_path / f"out.{fmt}"
    result = run_cli(folder, "export", code, "--format", fmt, "-o", str(target))
    assert result.returncode == 0, result.stderr
    data = target.read_bytes()
    if fmt == "docx":
        assert read_docx(data).titles(0) == [
            f"Compte rendu de l'atelier « {sample.TITLE} » du 12 mars 2026"
        ]
    elif fmt == "json":
        assert json.loads(data)["workshop"]["title"] == sample.TITLE
    elif fmt == "csv":
        assert zipfile.ZipFile(target).namelist() == ["cards.csv", "ballots.csv"]
    else:
        assert sample.TITLE in data.decode()


def test_export_names_the_file_after_the_workshop_by_default(instance, tmp_path):
    folder, code = instance
    result = run_cli(folder, "export", code, "--format", "md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "deuxieme-atelier-du-futur-2026-03-12.md").exists()


def test_export_refuses_an_unknown_code_or_format(instance):
    folder, _code = instance
    unknown = run_cli(folder, "export", "ZZZZZZ", "--format", "md")
    assert unknown.returncode != 0 and "No open workshop has this code" in unknown.stderr
    assert run_cli(folder, "export", "ZZZZZZ", "--format", "xls").returncode != 0


def test_a_plan_exported_then_imported_gives_the_same_plan(instance, tmp_path):
    folder, code = instance
    first = tmp_path / "plan.json"
    assert run_cli(folder, "plan", "export", code, "-o", str(first)).returncode == 0
    created = run_cli(folder, "plan", "import", str(first))
    assert created.returncode == 0, created.stderr
    new_code = created.stdout.split()[2]
    assert "/f/" in created.stdout
    again = run_cli(folder, "plan", "export", new_code)
    assert json.loads(again.stdout) == json.loads(first.read_text())


def test_a_malformed_plan_is_refused_naming_the_field(instance, tmp_path):
    folder, _code = instance
    plan = tmp_path / "bad.json"
    plan.write_text(
        json.dumps(
            {
                "format": "workshop-plan",
                "format_version": 1,
                "workshop": {"title": "Atelier"},
                "activities": [{"kind": "welcome", "title": "Accueil", "planned_minutes": 9000}],
            }
        )
    )
    before = run_cli(folder, "list").stdout
    result = run_cli(folder, "plan", "import", str(plan))
    assert result.returncode == 1
    assert "activities[0].planned_minutes" in result.stderr
    assert "Nothing was created" in result.stderr
    assert run_cli(folder, "list").stdout == before


def test_the_builtin_plans_are_listed_and_imported_by_name(instance):
    folder, _code = instance
    listed = run_cli(folder, "plan", "list").stdout.splitlines()
    assert [line.split("\t")[0] for line in listed] == [
        "classic-en",
        "classic-fr",
        "prospective-en",
        "prospective-fr",
        "speed-meetings-en",
        "speed-meetings-fr",
    ]
    assert "vote" in listed[1]
    created = run_cli(folder, "plan", "import", "classic-fr")
    assert created.returncode == 0 and "Atelier du futur" in created.stdout


def test_export_to_a_missing_folder_answers_in_one_line(instance, tmp_path):
    folder, code = instance
    target = tmp_path / "missing-folder" / "x.md"
    result = run_cli(folder, "export", code, "--format", "md", "-o", str(target))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0  # one line, before any export work
    assert "x.md" in result.stderr and "no such folder" in result.stderr
    assert not target.parent.exists()
