"""`python -m workshop` lists the instance's workshops and upgrades its database."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_cli(tmp_path, *args):
    env = {**os.environ, "WORKSHOP_INSTANCE_PATH": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "workshop", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_db_upgrade_then_list_prints_code_title_date_state(tmp_path):
    assert run_cli(tmp_path, "db", "upgrade").returncode == 0
    from workshop import create_app
    from workshop.services.workshops import create_workshop

    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    with app.app_context():
        workshop, _ = create_workshop({"title": "Atelier 3", "date": "2026-04-10"})
    app.extensions["db"]["engine"].dispose()
    result = run_cli(tmp_path, "list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{workshop.join_code}\tAtelier 3\t2026-04-10\tdraft"
