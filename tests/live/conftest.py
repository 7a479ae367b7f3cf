"""Fixtures shared by the push tests."""

import pytest

from tests.conftest import make_test_app
from workshop.extensions import limiter


@pytest.fixture
def coalescing_app(database_url, tmp_path):
    """An app that coalesces pushes as in production (every 0.2 s), not one per fact."""
    app = make_test_app(database_url, tmp_path, LIVE_COALESCE_SECONDS=0.2)
    limiter.reset()
    yield app
    app.extensions["db"]["session"].remove()
    app.extensions["db"]["engine"].dispose()
