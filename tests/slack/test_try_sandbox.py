"""Issue 23: `covalis try` — a scripted terminal session against the built-in Slack stand-in, as a newcomer runs it
(`covalis try --seed < script.txt`), in English and in Dutch; and `covalis start` (what `make run` calls) falling
back to it only when no Slack variable is set at all.

The sample world is typed in once for the module (it is most of the cost); each session works on its own copy."""

import fcntl
import shutil
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bot.cli import main
from bot.sandbox.world import start_of_sandbox

# Wednesday 2 December 2026, 10:00 in Amsterdam: 04:00 in New York, 17:00 in Singapore.
START = "2026-12-02T09:00:00+00:00"
SLACK_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")


@pytest.fixture(autouse=True)
def no_slack_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh directory without .env, no Slack variables, and a "production" database the sandbox must not touch."""
    monkeypatch.chdir(tmp_path)
    for name in SLACK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "160")  # rich wraps to the terminal's width: one line per line of text here
    production = tmp_path / "production.db"
    monkeypatch.setenv("COVALIS_DATABASE_URL", f"sqlite:///{production}")
    return production


def session(args: list[str], script: str) -> Result:
    result = CliRunner().invoke(main, ["try", "--at", START, *args], input=script)
    assert result.exception is None, result.output
    return result


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> tuple[Path, str]:
    """`covalis try --seed` once per test run: the two pytest-xdist workers share the seeded file (a lock file says
    which one types it in), each session then works on a copy."""
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent  # the run's folder, shared by its workers
    path, transcript = shared / "covalis-try-seeded.db", shared / "covalis-try-seeded.txt"
    with (shared / "covalis-try-seeded.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not transcript.exists():
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("COLUMNS", "160")
                for name in SLACK_VARIABLES:
                    patch.delenv(name, raising=False)
                args = ["try", "--seed", "--db", str(path), "--at", START]
                result = CliRunner().invoke(main, args, input=":quit\n")
            assert result.exception is None, result.output
            transcript.write_text(result.output, encoding="utf-8")
    return path, transcript.read_text(encoding="utf-8")


def copy_of(seeded: tuple[Path, str], tmp_path: Path, name: str = "covalis-try.db") -> str:
    target = tmp_path / name
    shutil.copy(seeded[0], target)
    return str(target)


def between(output: str, start: str, end: str) -> str:
    """The part of the transcript from the line where `start` was typed up to the one where `end` was."""
    first = output.index(start)
    return output[first : output.index(end, first + len(start))]


ENGLISH = """\
:help
/covalis note Helix: call with Priya Nair about the 2027 volumes #call
:click 1
/covalis status Acme
:tick +1h
:click 4

1

call

Called Carlos Ruiz about the 2027 tender

/covalis quiet
:tick +99999999d
:tick 9999-12-31T23:59
:quit
"""


def test_an_english_session_shows_help_a_note_the_card_a_tick_with_nudges_and_digest_a_click_and_a_form(
    seeded: tuple[Path, str], tmp_path: Path, no_slack_configuration: Path
) -> None:
    assert "You are Alex Morgan; it is Wed 2 Dec 2026 10:00 (Europe/Amsterdam)" in seeded[1]

    # A "?" in the file name is part of the name, not URL options that would open (and write) another file.
    out = session(["--db", copy_of(seeded, tmp_path, "try?mode=ro.db")], ENGLISH).output

    assert ":tick [+3d|+2h|ISO]" in between(out, "alex> :help", "alex> /covalis note")
    note = between(out, "alex> /covalis note", "alex> :click 1")
    assert "Logged a call with Helix Packaging" in note
    assert "Priya Nair" in note
    assert "[1] Undo" in note
    assert "Undone" in between(out, "alex> :click 1", "alex> /covalis status")

    card = between(out, "alex> /covalis status Acme", "alex> :tick")
    assert "Who knows whom" in card
    assert "@Alex Morgan ↔ Jan de Vries" in card  # a tie, the mention drawn as a name
    assert "Interfaces: commercial ✓  planning ✗" in card  # coverage
    assert "Bow-tie" in card

    tick = between(out, "alex> :tick +1h", "alex> :click 4")
    assert "Tick at Wed 2 Dec 2026 11:00" in tick
    alex = between(tick, "DM to Alex Morgan", "Covalis →")
    assert "Delta Logistics has gone quiet" in alex
    assert "Promise to Acme Industries: we promised to send the forecast" in alex
    assert "[4] Log interaction" in alex
    assert "Het is stil met Brightwave Semiconductors" in tick  # Sanne reads hers in Dutch
    assert "DM to Jordan Lee" not in tick  # 04:00 in New York: not yet
    assert "#supplier-news" in tick
    assert "Supplier relationships — week of Mon 23 Nov 2026" in tick

    form = between(out, "alex> :click 4", "alex> /covalis quiet")
    assert "▣ Log interaction" in form
    assert "Supplier: Delta Logistics" in form
    assert "1) Carlos Ruiz" in form
    assert "Logged a call with Delta Logistics" in form
    assert "Kind [Meeting]: call" in form
    assert (
        "Delta Logistics has gone quiet — 10 days past its cadence. Last touch: Wed 23 Sep 2026.\n  ✅ Logged" in form
    )

    quiet = between(out, "alex> /covalis quiet", "alex> :tick +99999999d")
    assert "Acme Industries" in quiet
    assert "Delta Logistics" not in quiet
    assert "Can't read +99999999d: use +3d" in between(out, "alex> :tick +99999999d", "alex> :tick 9999")
    far = out[out.index("alex> :tick 9999-12-31T23:59") :]
    assert "The clock moves at most 10 years at a time; it is Wed 2 Dec 2026 11:" in far
    assert "Traceback" not in out
    assert not no_slack_configuration.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if "try" in p.name) == ["try?mode=ro.db"]


DUTCH = """\
:help
:tick +1h
/covalis notitie Brightwave: belletje met Pieter Smit over de allocatie #belletje
/covalis status Brightwave
:shortcut Spoke with Wei Zhang, the 8D report is closed
Brightwave
3

2



/covalis stil
:as jordan
:tick +6h
:click 1
:quit
"""


def test_a_dutch_session_as_sanne_with_a_shortcut_form_and_ticks_in_two_time_zones(
    seeded: tuple[Path, str], tmp_path: Path
) -> None:
    out = session(["--db", copy_of(seeded, tmp_path), "--as", "sanne", "--lang", "nl"], DUTCH).output

    assert "Je bent Sanne de Boer; het is wo 2 dec 2026 10:00 (Europe/Amsterdam)" in out
    assert "wees iemand anders" in between(out, "sanne> :help", "sanne> :tick")
    amsterdam = between(out, "sanne> :tick +1h", "sanne> /covalis notitie")
    assert "Tik om wo 2 dec 2026 11:00 (Europe/Amsterdam)" in amsterdam
    sanne = between(amsterdam, "DM aan Sanne de Boer (Europe/Amsterdam)", "Covalis →")
    assert "Goedemorgen! Eén relatie of afspraak heeft je nodig." in sanne
    assert "Het is stil met Brightwave Semiconductors — 10 dagen over het ritme." in sanne
    assert "[1] Contactmoment vastleggen" in sanne
    assert "Brightwave" not in between(amsterdam, "DM aan Alex Morgan", "DM aan Sanne")  # each their own
    assert "Supplier relationships — week of Mon 23 Nov 2026" in amsterdam.split("#supplier-news")[1]
    note = between(out, "sanne> /covalis notitie", "sanne> /covalis status")
    assert "Contactmoment met Brightwave Semiconductors vastgelegd (telefoongesprek" in note
    assert "[1] Ongedaan maken" in note
    card = between(out, "sanne> /covalis status", "sanne> :shortcut")
    assert "Wie kent wie" in card
    assert "Raakvlakken: commercieel ✓" in card  # Pieter Smit's tie covers commercial now

    form = between(out, "sanne> :shortcut", "sanne> /covalis stil")
    assert "“Log to Covalis” op een bericht van Jordan Lee" in form
    assert "Wat gebeurde er [Spoke with Wei Zhang, the 8D report is closed]" in form
    assert "Contactmoment met Brightwave Semiconductors vastgelegd (telefoongesprek" in form
    assert "Wie: @Sanne de Boer, Wei Zhang" in form

    quiet = between(out, "sanne> /covalis stil", "sanne> :as jordan")
    assert "Het is bij geen van je relaties stil geworden." in quiet  # both her notes restarted the clock

    new_york = between(out, "jordan> :tick +6h", "jordan> :click 1")
    assert "DM to Jordan Lee (America/New_York)" in new_york  # 11:00 for him, who reads English
    assert "Follow-up for Nordic Metals: mail from Erik Lund about surcharges" in new_york
    done = out[out.index("jordan> :click 1") :]
    assert "✅" in done


def test_make_run_starts_the_sandbox_only_when_no_slack_variable_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[Any] = []
    monkeypatch.setattr("bot.sandbox.session.run_sandbox", lambda options, *_: started.append(options))

    fallback = CliRunner().invoke(main, ["start"])

    assert fallback.exit_code == 0, fallback.output
    assert fallback.output.startswith("No Slack variables set (SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET)")
    assert len(fallback.output.strip().splitlines()) == 1
    assert [(o.seed, o.db_path, o.user) for o in started] == [(True, Path("covalis-try.db"), "U_ALEX")]

    run = CliRunner().invoke(main, ["run"])  # `covalis run` itself never falls back
    assert run.exit_code == 1
    assert "Missing SLACK_BOT_TOKEN, SLACK_APP_TOKEN" in run.output

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-abc")
    partial = CliRunner().invoke(main, ["start"])
    assert partial.exit_code == 1
    assert "Missing SLACK_APP_TOKEN." in partial.output
    assert "sandbox" not in partial.output
    assert len(started) == 1


def test_the_sandbox_refuses_a_real_workspace_another_apps_database_and_a_missing_folder(tmp_path: Path) -> None:
    real, other = tmp_path / "covalis.db", tmp_path / "notes-app.db"
    with closing(sqlite3.connect(real)) as connection, connection:
        connection.execute("CREATE TABLE workspace (id INTEGER PRIMARY KEY, team_id TEXT)")
        connection.execute("INSERT INTO workspace (team_id) VALUES ('T0REALTEAM')")
    with closing(sqlite3.connect(other)) as connection, connection:
        connection.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
        connection.execute("INSERT INTO note (body) VALUES ('keep me')")
    before, other_before = real.read_bytes(), other.read_bytes()

    result = CliRunner().invoke(main, ["try", "--seed", "--db", str(real)], input=":quit\n")
    foreign = CliRunner().invoke(main, ["try", "--seed", "--db", str(other)], input=":quit\n")
    nowhere = CliRunner().invoke(main, ["try", "--db", str(tmp_path / "missing" / "x.db")], input=":quit\n")

    assert result.exit_code == 1
    assert "holds a Slack workspace's data (T0REALTEAM); the sandbox never uses it" in result.output
    assert real.read_bytes() == before
    assert foreign.exit_code == 1
    assert "holds another application's tables, not Covalis's; the sandbox never uses it" in foreign.output
    assert other.read_bytes() == other_before
    assert nowhere.exit_code == 1
    assert (
        nowhere.output
        == f"Error: The folder {tmp_path / 'missing'} does not exist; give --db a file in an existing folder.\n"
    )


@pytest.mark.parametrize(
    ("now", "start"),
    [
        ("2026-12-02T08:30:00+01:00", "2026-12-02T10:00:00+01:00"),  # a Wednesday morning: today at ten
        ("2026-12-02T10:00:00+01:00", "2026-12-03T10:00:00+01:00"),  # ten has come: tomorrow
        ("2026-12-04T15:00:00+01:00", "2026-12-07T10:00:00+01:00"),  # Friday afternoon: Monday
        ("2026-12-05T09:00:00+01:00", "2026-12-07T10:00:00+01:00"),  # Saturday: Monday
    ],
)
def test_the_sandbox_clock_starts_at_the_next_weekday_ten_in_amsterdam_when_nudges_are_due(
    now: str, start: str
) -> None:
    assert start_of_sandbox(datetime.fromisoformat(now)) == datetime.fromisoformat(start)
