"""Command line: `python -m workshop list | db upgrade | export | plan export|import|list`."""

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


# ---- exports and plans ----------------------------------------------------------------


def _refused(error) -> click.ClickException:
    from workshop.web.messages import message

    return click.ClickException(message(error.code, **error.params))


def _check_folder(path: str | None) -> None:
    """Refuse at once, in one line, a file to write in a folder that is not there."""
    import os

    folder = os.path.dirname(os.path.abspath(path)) if path and path != "-" else None
    if folder and not os.path.isdir(folder):
        raise click.ClickException(f"{path}: no such folder ({folder})")


def _write(content: bytes, path: str) -> None:
    """Write the whole file or nothing: a temporary file beside it, then renamed over it."""
    if path == "-":
        click.get_binary_stream("stdout").write(content)
        return
    import os
    import tempfile

    target = os.path.abspath(path)
    folder, name = os.path.split(target)
    try:
        handle, partial = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    except OSError as error:  # no such folder, no right to write there: one line, no traceback
        raise click.ClickException(f"{path}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(partial, target)
    except BaseException:
        os.unlink(partial)
        raise
    click.echo(f"Written: {path}", err=True)


@cli.command("export")
@click.argument("code")
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(["docx", "pdf", "html", "md", "json", "csv"]),
)
@click.option(
    "-o",
    "--output",
    help="File to write (default: a name made of the title and date; - for stdout).",
)
def export_command(code, fmt, output):
    """Export a workshop's minutes (docx, pdf, html, md) or raw data (json, csv as a zip)."""
    from flask_babel import force_locale

    from workshop.services.minutes import export
    from workshop.services.refusals import Refused
    from workshop.services.workshops import find_by_code

    _check_folder(output)
    with force_locale("en"):
        try:
            content, _mimetype, filename = export(find_by_code(code), fmt)
        except Refused as error:
            raise _refused(error) from None
    _write(content, output or filename)


@cli.group("plan")
def plan_group():
    """Workshop plans: settings, groups and agenda as a JSON file."""


@plan_group.command("export")
@click.argument("code")
@click.option("-o", "--output", default="-", help="File to write (default: stdout).")
def plan_export(code, output):
    """Write a workshop's plan (no participants, no answers)."""
    from workshop.services import plans
    from workshop.services.refusals import Refused
    from workshop.services.workshops import find_by_code

    try:
        plan = plans.plan_of(find_by_code(code))
    except Refused as error:
        raise _refused(error) from None
    _write(plans.plan_bytes(plan), output)


@plan_group.command("import")
@click.argument("source")
def plan_import(source):
    """Create a workshop from a plan file, or from a built-in plan (see `plan list`)."""
    from flask_babel import force_locale

    from workshop.netaddr import public_base_url
    from workshop.services import plans
    from workshop.services.refusals import Refused

    with force_locale("en"):
        try:
            if source in plans.builtin_plans():
                plan = plans.builtin_plan(source)
            else:
                with open(source, "rb") as handle:
                    plan = plans.read_plan(handle.read(plans.PLAN_MAX_BYTES + 1))
            workshop, secret = plans.create_from_plan(plan)
        except OSError as error:
            raise click.ClickException(f"{source}: {error.strerror}") from None
        except Refused as error:
            raise click.ClickException(f"{source}: {_refused(error).message}") from None
    click.echo(f"Workshop created: {workshop.join_code}\t{workshop.title}")
    click.echo(f"Facilitator link (shown once): {public_base_url()}/f/{secret}")


@plan_group.command("list")
def plan_list():
    """List the built-in plans and their activities."""
    from workshop.services import plans

    for name, plan in plans.builtin_plans().items():
        kinds = " > ".join(activity["kind"] for activity in plan["activities"])
        click.echo(f"{name}\t{plan.get('name', '')}\t{kinds}")


if __name__ == "__main__":
    cli()
