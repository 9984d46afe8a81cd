"""Issue 19, `covalis forget-contact` and `covalis forget-colleague` as an operator runs them, in-process with click's
CliRunner: the person is gone from the texts, and a refusal is one clear line."""

from pathlib import Path

from click.testing import CliRunner
from sqlmodel import select

from bot.cli import main
from bot.clock import SystemClock
from bot.config import Settings
from bot.container import build_services
from bot.services.workspaces import Actor
from storage.db import Database
from storage.models import Colleague, Interaction
from tests.unit.test_cli_import import workdir  # noqa: F401  (the migrated database in a temporary folder)

ALICE = Actor(team_id="T1", user_id="U_ALICE")


def test_the_operator_forgets_a_contact_and_a_colleague_who_left(workdir: Path) -> None:  # noqa: F811
    url = f"sqlite:///{workdir / 'covalis.db'}"
    database = Database.from_url(url)
    settings = Settings(COVALIS_DATABASE_URL=url, _env_file=None)  # type: ignore[call-arg]
    services = build_services(settings, db=database, clock=SystemClock())
    acme = services.suppliers.add(ALICE, "Acme")
    services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries", raw_email="jan@acme.example")
    services.capture.log_note(ALICE, acme.id, "call with Jan de Vries (jan@acme.example)", tz="UTC")
    with database.write() as session:
        workspace_id = session.exec(select(Interaction.workspace_id)).one()
        session.add(Colleague(workspace_id=workspace_id, user_id="U_BOB", display_name="Bob Bakker", deleted=True))

    runner = CliRunner()
    unknown = runner.invoke(main, ["forget-contact", "--team", "T1", "--supplier", "Acme", "--name", "Piet"])
    assert unknown.exit_code == 1
    assert "Acme has no contact called “Piet”. Its people: Jan de Vries." in unknown.output
    done = runner.invoke(main, ["forget-contact", "--team", "T1", "--supplier", "acme", "--name", "Jan de Vries"])
    assert done.exit_code == 0, done.output
    assert "Forgotten; 1 text changed." in done.output
    left = runner.invoke(main, ["forget-colleague", "--team", "T1", "--user", "U_BOB"])
    assert left.exit_code == 0, left.output

    with database.read() as session:
        assert session.exec(select(Interaction.summary)).one() == "call with [former contact] ([former contact])"
        assert session.exec(select(Colleague.display_name).where(Colleague.user_id == "U_BOB")).one() == ""
    database.dispose()
