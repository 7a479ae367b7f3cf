"""Command line: `python -m workshop list | db upgrade`."""

import click
from flask.cli import FlaskGroup

from workshop import create_app
from workshop.services.workshops import list_workshops


def _app(*_args, **_kwargs):
    return create_app()


@click.group(cls=FlaskGroup, create_app=_app, add_default_commands=False)
def cli():
    """Manage the workshops of this instance."""


@cli.command("list")
def list_command():
    """Print the workshops: join code, title, date, state."""
    for workshop in list_workshops():
        day = workshop.date.isoformat() if workshop.date else "-"
        click.echo(f"{workshop.join_code}\t{workshop.title}\t{day}\t{workshop.state}")


@cli.group("db")
def db_group():
    """Database maintenance."""


@db_group.command("upgrade")
def db_upgrade():
    """Apply the migrations (also done at every start)."""
    from flask import current_app

    from workshop import db

    db.upgrade(current_app)
    click.echo("Database is up to date.")


if __name__ == "__main__":
    cli()
