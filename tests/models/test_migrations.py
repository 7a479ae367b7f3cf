"""The Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.conftest import make_test_app
from workshop import db
from workshop.db import Base


def test_migrations_match_the_models(database_url, tmp_path):
    app = make_test_app(database_url, tmp_path / "m", RUN_MIGRATIONS=True)
    engine = app.extensions["db"]["engine"]
    # make_test_app also ran create_all; start again from an empty database
    Base.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    db.upgrade(app)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    engine.dispose()
