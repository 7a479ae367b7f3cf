"""Print which files of workshop/ one phone tap runs, from its arrival to the projector.

    python scripts/tap_path.py            # the socket's tap event, then the HTTP route

An app on a fresh SQLite file in a temporary folder, a live workshop on an open dot
vote shown on the projector, a phone and the projector connected: the phone taps once
to warm the caches, then again under a profiler (tests/tap_path.py says how it is
measured and what makes a crossing between layers intended). Exits 1 when a path
touches more than tests/test_tap_path.py allows or crosses a layer the wrong way.
"""

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import make_test_app  # noqa: E402
from tests.tap_path import STEADY, measure, report  # noqa: E402
from tests.test_tap_path import MOST_FILES  # noqa: E402


def main() -> int:
    failed = False
    for way in ("socket", "http"):
        with tempfile.TemporaryDirectory(prefix="tap-path-") as folder:
            database = f"sqlite:///{Path(folder) / 'tap.sqlite3'}"
            app = make_test_app(database, Path(folder), **STEADY)
            try:
                path = measure(app, way)
            finally:
                app.extensions["db"]["session"].remove()
                app.extensions["db"]["engine"].dispose()
        print(report(path, way), end="\n\n")
        failed |= not path.pushed or bool(path.wrong_way) or len(path.files) > MOST_FILES[way]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
