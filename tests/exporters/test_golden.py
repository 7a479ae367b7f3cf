"""The minutes read word for word as the golden files: same documents in every format and language.

The golden files were rendered before the minutes' words moved into the gettext catalogues;
see tests/exporters/golden.py to regenerate them after a wording change made on purpose.
"""

from __future__ import annotations

import pytest

from tests.exporters import golden

GOLDEN_FILES = sorted(path.name for path in golden.FOLDER.iterdir())


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return golden.rendered()


def test_every_golden_document_is_rendered_and_kept(rendered):
    assert set(GOLDEN_FILES) == set(rendered)


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_the_minutes_read_as_the_golden_file(rendered, name):
    expected = (golden.FOLDER / name).read_bytes().decode("utf-8")
    assert rendered[name] == expected
