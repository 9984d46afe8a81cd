"""`covalis try`: Covalis in the terminal, against the built-in Slack stand-in, without a Slack workspace.

Every line goes through the same doors Slack uses — signed requests into the WSGI front door, Bolt, the handlers,
the services — and what Slack would show (replies, DMs, channel posts, modals) is drawn with rich. Ticks run the
scheduler's code as of a clock the user moves.
"""

import json
import re
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from pydantic_settings import BaseSettings, PydanticBaseSettingsSource
from sqlalchemy.engine import URL

from bot.clock import FixedClock, zone
from bot.config import Settings
from bot.container import Services, build_services
from bot.i18n import LANGUAGES, format_date, t
from bot.runtime import tick_once
from bot.sandbox import world
from bot.sandbox.door import Reply, SlackDoor
from bot.sandbox.render import Renderer, Target, plain_text
from bot.sandbox.slack_api import TEAM_ID, Call, FakeSlackApi
from bot.services.people import language_of
from storage.migrate import upgrade

TOKEN = "xoxb-sandbox-token"
SHORTCUT_AUTHOR = "U_JORDAN"
_STEP = re.compile(r"^\+?\s*(\d+)\s*([dhm])$", re.IGNORECASE)
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}
#: The furthest one `:tick` moves the clock: beyond it dates overflow, and nothing in Covalis needs it.
MAX_JUMP = timedelta(days=3653)
#: Web API calls the app makes that show the user nothing.
_SILENT = ("users.", "conversations.", "auth.", "chat.getPermalink", "views.publish", "file:")


class Quit(Exception):
    """The input ended or the user typed :quit."""


@dataclass
class Shown:
    """The last message drawn that had something to press, and where it lives (for the block_actions payload)."""

    message: dict[str, Any]
    channel: str
    ts: str
    ephemeral: bool
    targets: list[Target] = field(default_factory=list)


class Terminal:
    """Lines in, rich out. Reading from a pipe or file, each line is echoed after its prompt, so the output reads
    as the session would on screen."""

    def __init__(self, stdin: IO[str], console: Any) -> None:
        self.stdin = stdin
        self.console = console
        self.interactive = stdin.isatty()

    def ask(self, prompt: str) -> str:
        if self.interactive:
            try:
                return input(prompt)
            except EOFError:
                raise Quit from None
        line = self.stdin.readline()
        if not line:
            raise Quit
        line = line.rstrip("\r\n")
        self.console.print(prompt + line, markup=False, highlight=False)
        return line


class Sandbox:
    def __init__(self, services: Services, fake: FakeSlackApi, door: SlackDoor, terminal: Terminal) -> None:
        self.services = services
        self.fake = fake
        self.door = door
        self.terminal = terminal
        self.clock: FixedClock = services.clock  # type: ignore[assignment]
        self.render = Renderer(terminal.console, self.lang, self.name_of)
        self.last: dict[str | None, Shown] = {}  # per colleague (None: a channel post everyone sees)
        self._ts = 0
        self._seen_ts: set[str] = set()

    # --- who and where -------------------------------------------------------------------------------------

    @property
    def user(self) -> str:
        return self.door.user

    def lang(self) -> str:
        with self.services.db.read() as session:
            return language_of(session, TEAM_ID, self.user)

    def say(self, key: str, **params: Any) -> str:
        return t(self.lang(), key, **params)

    def name_of(self, user_id: str) -> str:
        colleague = world.BY_ID.get(user_id)
        if colleague is not None:
            return colleague.name
        return str((self.fake.users.get(user_id) or {}).get("real_name") or user_id)

    def local_now(self) -> str:
        tz = world.BY_ID[self.user].tz
        local = self.clock.now().astimezone(zone(tz))
        return f"{format_date(self.lang(), local.date())} {local:%H:%M} ({tz})"

    # --- the loop ------------------------------------------------------------------------------------------

    def run(self) -> None:
        self.render.note(self.say("sandbox.banner", user=self.name_of(self.user), now=self.local_now()))
        while True:
            try:
                line = self.terminal.ask(f"{world.BY_ID[self.user].handle}> ")
            except Quit:
                return
            if not self.handle(line.strip()):
                return

    def handle(self, line: str) -> bool:
        """One line of input; False ends the session."""
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        try:
            if not line or line.startswith("#"):
                return True
            if word == "/covalis":
                self.slash(rest)
            elif word in (":quit", ":q", ":exit"):
                return False
            elif word == ":help":
                self.render.table(self.say("sandbox.help"))
            elif word == ":as":
                self.switch(rest)
            elif word == ":tick":
                self.tick(rest)
            elif word == ":click":
                self.click(rest)
            elif word == ":shortcut":
                self.shortcut(rest)
            else:
                self.render.note(self.say("sandbox.unknown", line=line))
        except Quit:
            return False
        return True

    # --- what the user can do ------------------------------------------------------------------------------

    def slash(self, text: str) -> None:
        with self.effects() as _:
            reply, _name = self.door.command_raw_text(slack_text(text), user=self.user)
            self._ack(reply)

    def switch(self, word: str) -> None:
        colleague = world.find(word)
        if colleague is None:
            names = ", ".join(c.handle for c in world.COLLEAGUES)
            self.render.note(self.say("sandbox.no_such_colleague", word=word, names=names))
            return
        self.door.user = colleague.user_id
        self.render.note(self.say("sandbox.now_as", user=colleague.name, now=self.local_now()))

    def tick(self, when: str) -> None:
        try:
            at = self._when(when)
            too_far = at - self.clock.now() > MAX_JUMP
        except (ValueError, OverflowError):
            self.render.note(self.say("sandbox.bad_tick", when=when))
            return
        if at < self.clock.now():
            self.render.note(self.say("sandbox.clock_forward_only", now=self.local_now()))
            return
        if too_far:
            self.render.note(self.say("sandbox.tick_too_far", now=self.local_now()))
            return
        self.clock.set(at)
        self.render.title(self.say("sandbox.ticked", now=self.local_now()))
        with self.effects(by_reader=True) as shown:
            tick_once(self.services, TOKEN)
        if not shown:
            self.render.note(self.say("sandbox.tick_quiet"))

    def _when(self, text: str) -> datetime:
        now = self.clock.now()
        if not text:
            return now
        step = _STEP.match(text.strip())
        if step:
            return now + timedelta(**{_UNITS[step.group(2).lower()]: int(step.group(1))})
        at = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        if at.tzinfo is None:
            at = at.replace(tzinfo=zone(world.BY_ID[self.user].tz))
        return at.astimezone(UTC)

    def click(self, number: str) -> None:
        shown = self.last.get(self.user) or self.last.get(None)
        if shown is None or not shown.targets:
            self.render.note(self.say("sandbox.nothing_to_click"))
            return
        if not number.isdigit() or not 1 <= int(number) <= len(shown.targets):
            self.render.note(self.say("sandbox.bad_click", count=len(shown.targets)))
            return
        target = shown.targets[int(number) - 1]
        action = self._action(target.element)
        if action is None:
            return
        with self.effects():
            reply, _name = self.door.block_action(
                shown.message, shown.channel, shown.ts, target.block_id, action, ephemeral=shown.ephemeral
            )
            self._ack(reply)

    def _action(self, element: dict[str, Any]) -> dict[str, Any] | None:
        """What Slack reports when `element` is used; a menu or date asks which first. None: the user backed out."""
        kind = element.get("type")
        action: dict[str, Any] = {"type": kind, "action_id": element.get("action_id")}
        if kind == "button":
            confirm = element.get("confirm")
            if confirm and not self._confirmed(confirm):
                return None
            return {**action, "text": element.get("text"), "value": element.get("value", "")}
        if kind in ("overflow", "static_select"):
            options = element.get("options") or []
            chosen = self._pick_one(plain_text(element.get("placeholder")) or "?", options, None)
            return {**action, "selected_option": chosen} if chosen else None
        if kind == "datepicker":
            day = self._date(plain_text(element.get("placeholder")) or "?", None)
            return {**action, "selected_date": day} if day else None
        if kind == "users_select":
            users = self._users(plain_text(element.get("placeholder")) or "?", [])
            return {**action, "selected_user": users[0]} if users else None
        return None

    def _confirmed(self, confirm: dict[str, Any]) -> bool:
        question = f"{plain_text(confirm.get('title'))} — {plain_text(confirm.get('text'))}"
        yes, no = plain_text(confirm.get("confirm")), plain_text(confirm.get("deny"))
        answer = self.terminal.ask(f"  {question} [{yes}/{no}] ").strip().casefold()
        return answer in ("", "y", "j", "yes", "ja", yes.casefold())

    def shortcut(self, text: str) -> None:
        if not text:
            self.render.note(self.say("sandbox.shortcut_needs_text"))
            return
        author = SHORTCUT_AUTHOR if self.user != SHORTCUT_AUTHOR else world.COLLEAGUES[0].user_id
        self.render.note(self.say("sandbox.shortcut_on", author=self.name_of(author), text=text))
        with self.effects():
            reply = self.door.shortcut(text, ts=self._next_ts(), user=self.user, author=author)
            self._ack(reply)

    # --- what the app did ----------------------------------------------------------------------------------

    @contextmanager
    def effects(self, *, by_reader: bool = False) -> Iterator[list[Call]]:
        """Draws what the app did inside the block (replies, DMs, posts), then fills any modal it opened.
        `by_reader`: a tick sends its DMs side by side, so they are shown per reader in name order (DMs first, then
        channels), the same every run, each reader's messages in the order they were sent."""
        mark = len(self.fake.calls)
        shown: list[Call] = []
        yield shown
        modal: dict[str, Any] | None = None
        calls = self.fake.calls[mark:]
        if by_reader:
            calls = sorted(calls, key=self._reader_order)
        for call in calls:
            if call.method in ("views.open", "views.push"):
                modal = self._stored_view(call.body["view"])
            elif self._draw(call):
                shown.append(call)
        if modal is not None:
            self.fill(modal)

    def _reader_order(self, call: Call) -> tuple[int, str]:
        channel = str(call.body.get("channel") or call.body.get("channel_id") or "")
        return (0 if channel.startswith(("U", "D")) else 1, self._where(channel))

    def _draw(self, call: Call) -> bool:
        method, body = call.method, call.body
        if method.startswith(_SILENT) or method == "views.update":
            return False
        if method.startswith("response_url:"):
            if body.get("delete_original"):
                self.render.note(self.say("sandbox.removed"))
                return True
            self.render.title(self.say("sandbox.replaced" if body.get("replace_original") else "sandbox.to_you"))
            self._remember(body, world.GENERAL, self._next_ts(), self.user, ephemeral=True)
            return True
        if method == "chat.postEphemeral":
            user = str(body.get("user"))
            to = (
                self.say("sandbox.to_you")
                if user == self.user
                else self.say("sandbox.ephemeral_to", user=self.name_of(user))
            )
            self.render.title(to)
            self._remember(body, str(body.get("channel")), self._next_ts(), user, ephemeral=True)
            return True
        if method == "files.completeUploadExternal":
            self.render.title(self.say("sandbox.posted", where=self._where(str(body.get("channel_id") or ""))))
            if body.get("initial_comment"):
                self.render.message({"text": str(body["initial_comment"])})
            for title in _file_titles(body.get("files")):
                self.render.note(f"  📎 {title}")
            return True
        if method in ("chat.postMessage", "chat.update"):
            channel, ts = self._posted(call)
            raw = str(body.get("channel") or "")
            key = "sandbox.updated" if method == "chat.update" else "sandbox.posted"
            self.render.title(self.say(key, where=self._where(raw)))
            reader = "U" + raw[1:] if raw.startswith(("U", "D")) else None
            self._remember(body, channel, ts, reader, ephemeral=False)
            return True
        return False

    def _remember(self, message: dict[str, Any], channel: str, ts: str, reader: str | None, *, ephemeral: bool) -> None:
        """Draws a message; what it offers to press is what `:click` uses next for whoever reads it."""
        targets = self.render.message(message)
        if targets:
            self.last[reader] = Shown(message, channel, ts, ephemeral, targets)

    def _posted(self, call: Call) -> tuple[str, str]:
        """The channel and timestamp Slack gave a posted message (the stand-in keeps every post in its history)."""
        body = call.body
        if call.method == "chat.update":
            return str(body.get("channel")), str(body.get("ts"))
        raw = str(body.get("channel") or "")
        channel = "D" + raw[1:] if raw.startswith(("U", "W")) else raw
        for message in self.fake.history.get(channel, []):
            if message["ts"] not in self._seen_ts and message.get("blocks") == body.get("blocks"):
                self._seen_ts.add(message["ts"])
                return channel, str(message["ts"])
        return channel, self._next_ts()

    def _where(self, channel: str) -> str:
        if channel.startswith(("U", "D")):
            user = "U" + channel[1:]
            tz = world.BY_ID[user].tz if user in world.BY_ID else ""
            return self.say("sandbox.dm_to", user=self.name_of(user), tz=tz)
        return "#" + world.CHANNELS.get(channel, channel)

    def _ack(self, reply: Reply) -> None:
        """An ack that carries a message (a refusal, a quick answer) is what the user sees first."""
        if reply.status != 200:
            self.render.note(self.say("sandbox.http_error", status=reply.status))
            return
        if not reply.body.strip().startswith("{"):
            return
        answer = reply.json()
        if answer.get("text") or answer.get("blocks"):
            self.render.title(self.say("sandbox.to_you"))
            self._remember(answer, world.GENERAL, self._next_ts(), self.user, ephemeral=True)

    def _next_ts(self) -> str:
        self._ts += 1
        return f"{int(self.clock.now().timestamp())}.{self._ts:06d}"

    def _stored_view(self, sent: dict[str, Any]) -> dict[str, Any]:
        """The modal as the stand-in holds it, with the id and hash Slack gave it."""
        for view in reversed(list(self.fake.views.values())):
            if view["blocks"] == sent.get("blocks") and view["callback_id"] == sent.get("callback_id", ""):
                return dict(view)
        return sent

    # --- modals --------------------------------------------------------------------------------------------

    def fill(self, view: dict[str, Any]) -> None:
        """Draws a modal, asks for each field in turn (Enter keeps what it shows), then submits it."""
        values: dict[str, dict[str, Any]] = {}
        for _attempt in range(3):
            self.render.title(self.say("sandbox.modal"))
            self.render.view(view)
            self.render.note(self.say("sandbox.modal_hint"))
            filled = self._fill_fields(view, values)
            if filled is None:
                self.render.note(self.say("sandbox.modal_closed"))
                return
            view = filled
            mark = len(self.fake.calls)
            reply = self.door.submit(view, values, user=self.user)
            answer = reply.json() if reply.body.strip().startswith("{") else {}
            self._draw_since(mark)
            if answer.get("response_action") == "errors":
                for block_id, error in (answer.get("errors") or {}).items():
                    self.render.note(f"⚠ {error}")
                    values.pop(block_id, None)
                continue
            if answer.get("response_action") in ("update", "push"):
                view = {**answer["view"], "id": view.get("id")}
                if any(b.get("type") == "input" for b in view.get("blocks") or []):
                    values = {}
                    continue
                self.render.title(self.say("sandbox.modal"))
                self.render.view(view)
            return
        self.render.note(self.say("sandbox.modal_closed"))

    def _draw_since(self, mark: int) -> None:
        for call in self.fake.calls[mark:]:
            self._draw(call)

    def _fill_fields(self, view: dict[str, Any], values: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
        """Asks for every input not yet answered; a select that dispatches its action updates the view first."""
        while True:
            pending = [
                b for b in view.get("blocks") or [] if b.get("type") == "input" and b.get("block_id") not in values
            ]
            if not pending:
                return view
            block = pending[0]
            block_id = str(block["block_id"])
            element = block.get("element") or {}
            state = self._ask_field(block, element)
            if state is None:
                return None
            if not block.get("optional") and not _filled(state):
                self.render.note(self.say("sandbox.required"))  # Slack won't submit without it either
                continue
            values[block_id] = {str(element.get("action_id")): state}
            if block.get("dispatch_action") and _chosen(state):
                mark = len(self.fake.calls)
                action = {"action_id": element.get("action_id"), **state}
                state = {"values": {**initial_state(view), **values}}
                self.door.view_action({**view, "state": state}, block_id, action, user=self.user)
                for call in self.fake.calls[mark:]:
                    if call.method == "views.update":
                        view = self._stored_view(call.body["view"])

    def _ask_field(self, block: dict[str, Any], element: dict[str, Any]) -> dict[str, Any] | None:
        label = plain_text(block.get("label"))
        kind = str(element.get("type"))
        state: dict[str, Any] = {"type": kind}
        if kind == "plain_text_input":
            text = self._text(label, str(element.get("initial_value") or ""))
            return None if text is None else {**state, "value": text or None}
        if kind in ("static_select", "radio_buttons"):
            chosen = self._pick_one(label, element.get("options") or [], element.get("initial_option"))
            return None if chosen is False else {**state, "selected_option": chosen}
        if kind in ("multi_static_select", "checkboxes"):
            many = self._pick_many(label, element.get("options") or [], element.get("initial_options") or [])
            return None if many is None else {**state, "selected_options": many}
        if kind == "external_select":
            found = self._external(label, element.get("initial_option"))
            return None if found is False else {**state, "selected_option": found}
        if kind == "datepicker":
            day = self._date(label, element.get("initial_date"))
            return None if day is False else {**state, "selected_date": day}
        if kind == "multi_users_select":
            users = self._users(label, element.get("initial_users") or [])
            return None if users is None else {**state, "selected_users": users}
        if kind == "users_select":
            users = self._users(label, [element["initial_user"]] if element.get("initial_user") else [])
            return None if users is None else {**state, "selected_user": users[0] if users else None}
        self.render.note(self.say("sandbox.field_skipped", label=label))
        return {**state, "files": []} if kind == "file_input" else state

    def _field(self, label: str, default: str) -> str | None:
        """One answer; None when the user typed :cancel (and :quit ends the session)."""
        shown = default if len(default) <= 60 else default[:57] + "…"
        answer = self.terminal.ask(f"  {label}" + (f" [{shown}]" if shown else "") + ": ").strip()
        if answer in (":quit", ":q"):
            raise Quit
        return None if answer == ":cancel" else answer

    def _text(self, label: str, default: str) -> str | None:
        answer = self._field(label, default)
        if answer is None:
            return None
        return "" if answer == "-" else (answer or default)

    def _options_line(self, options: list[dict[str, Any]]) -> None:
        self.render.note("    " + "  ".join(f"{i}) {plain_text(o.get('text'))}" for i, o in enumerate(options, 1)))

    def _pick_one(self, label: str, options: list[dict[str, Any]], initial: Any) -> Any:
        """An option by number or by the start of its text; Enter keeps the initial one. False: cancelled."""
        self._options_line(options)
        while True:
            answer = self._field(label, plain_text((initial or {}).get("text")))
            if answer is None:
                return False
            if not answer:
                return initial
            found = _match(answer, options)
            if found is not None:
                return found
            self.render.note(self.say("sandbox.pick_again"))

    def _pick_many(
        self, label: str, options: list[dict[str, Any]], initial: list[dict[str, Any]]
    ) -> list[dict[str, Any]] | None:
        self._options_line(options)
        answer = self._field(label, ", ".join(plain_text(o.get("text")) for o in initial))
        if answer is None:
            return None
        if not answer:
            return initial
        if answer == "-":
            return []
        chosen = [_match(part.strip(), options) for part in answer.split(",") if part.strip()]
        return [o for o in chosen if o is not None]

    def _external(self, label: str, initial: Any) -> Any:
        """Types into a select whose options the app serves (the supplier picker): the best match is taken."""
        while True:
            answer = self._field(label, plain_text((initial or {}).get("text")))
            if answer is None:
                return False
            if not answer:
                return initial
            reply = self.door.options(answer, user=self.user)
            served = reply.json() if reply.body.strip().startswith("{") else {}
            options = list(served.get("options") or [])
            for group in served.get("option_groups") or []:
                options += group.get("options") or []
            if options:
                self.render.note("    → " + plain_text(options[0].get("text")))
                return options[0]
            self.render.note(self.say("sandbox.no_match", typed=answer))

    def _date(self, label: str, initial: str | None) -> Any:
        while True:
            answer = self._field(f"{label} (YYYY-MM-DD)", initial or "")
            if answer is None:
                return False
            if not answer:
                return initial
            try:
                return date.fromisoformat(answer).isoformat()
            except ValueError:
                self.render.note(self.say("sandbox.bad_date", typed=answer))

    def _users(self, label: str, initial: list[str]) -> list[str] | None:
        names = ", ".join(c.handle for c in world.COLLEAGUES)
        answer = self._field(f"{label} ({names})", ", ".join(self.name_of(u) for u in initial))
        if answer is None:
            return None
        if not answer:
            return initial
        if answer == "-":
            return []
        found = [world.find(part) for part in answer.split(",") if part.strip()]
        return [c.user_id for c in found if c is not None]


_INITIAL = {
    "initial_value": "value",
    "initial_option": "selected_option",
    "initial_options": "selected_options",
    "initial_date": "selected_date",
    "initial_users": "selected_users",
    "initial_user": "selected_user",
}


def initial_state(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What Slack reports in a modal's state for inputs nobody touched yet: their initial values."""
    state: dict[str, dict[str, Any]] = {}
    for block in view.get("blocks") or []:
        element = block.get("element") or {}
        if block.get("type") != "input" or not element.get("action_id"):
            continue
        reported = {_INITIAL[key]: value for key, value in element.items() if key in _INITIAL}
        state[str(block.get("block_id"))] = {str(element["action_id"]): {"type": element.get("type"), **reported}}
    return state


def _file_titles(files: Any) -> list[str]:
    """The titles of files shared by files.completeUploadExternal (a JSON list in a form field)."""
    if isinstance(files, str):
        try:
            files = json.loads(files)
        except ValueError:
            return []
    return [str(f.get("title") or f.get("id")) for f in files if isinstance(f, dict)] if isinstance(files, list) else []


def _filled(state: dict[str, Any]) -> bool:
    return state.get("type") == "file_input" or _chosen(state) or bool(state.get("value") or state.get("selected_user"))


def _chosen(state: dict[str, Any]) -> bool:
    return any(state.get(key) for key in ("selected_option", "selected_options", "selected_date", "selected_users"))


def _match(answer: str, options: list[dict[str, Any]]) -> dict[str, Any] | None:
    if answer.isdigit() and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1]
    wanted = answer.casefold()
    for option in options:
        if plain_text(option.get("text")).casefold().startswith(wanted):
            return option
    return None


def slack_text(text: str) -> str:
    """What Slack sends for a typed command (escaping on): & < > escaped, `@handle` of a colleague and `#channel`
    of a known channel turned into Slack's mention markup."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def mention(match: re.Match[str]) -> str:
        colleague = world.find(match.group(1))
        return f"<@{colleague.user_id}|{colleague.handle}>" if colleague else match.group(0)

    def channel(match: re.Match[str]) -> str:
        for channel_id, name in world.CHANNELS.items():
            if name == match.group(1):
                return f"<#{channel_id}|{name}>"
        return match.group(0)

    escaped = re.sub(r"(?<![\w<])@([\w.-]+)", mention, escaped)
    return re.sub(r"(?<![\w<&])#([\w-]+)", channel, escaped)


# --- starting it -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TryOptions:
    user: str
    lang: str | None
    seed: bool
    db_path: Path
    start: datetime | None  # the sandbox clock's first instant; default: the next weekday at 10:00 in Amsterdam


class SandboxSettings(Settings):
    """Settings given in code only: nothing from the environment or .env (the production database, tokens and
    options stay out of reach)."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],  # noqa: ARG003
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,  # noqa: ARG003
        dotenv_settings: PydanticBaseSettingsSource,  # noqa: ARG003
        file_secret_settings: PydanticBaseSettingsSource,  # noqa: ARG003
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def sandbox_settings(fake: FakeSlackApi, db_path: Path, signing_secret: str) -> Settings:
    return SandboxSettings(
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=signing_secret,
        SLACK_API_URL=fake.base_url,
        # Built, not formatted: a "?" in the file name stays part of the name instead of becoming URL options.
        COVALIS_DATABASE_URL=URL.create("sqlite", database=str(db_path)).render_as_string(hide_password=False),
        COVALIS_ADMINS=",".join(c.user_id for c in world.COLLEAGUES if c.admin),
        COVALIS_LOG_LEVEL="WARNING",
    )


class NotASandbox(Exception):
    """The file given as the sandbox's database holds something else: it is left alone."""


def check_sandbox_file(path: Path) -> None:
    """The sandbox migrates, writes and (with --seed) deletes its file, so it refuses one that holds a real
    workspace's data, another application's tables, or is no SQLite database at all; and a folder that isn't there."""
    if not path.parent.is_dir():
        raise NotASandbox(f"The folder {path.parent} does not exist; give --db a file in an existing folder.")
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        # As a file: URI (every "?" and "#" in the name escaped), read-only: looking never changes the file.
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            teams = (
                {row[0] for row in connection.execute("SELECT team_id FROM workspace")}
                if "workspace" in tables
                else set()
            )
    except sqlite3.DatabaseError:
        raise NotASandbox(
            f"{path} is not a SQLite database; the sandbox keeps its data in a file of its own."
        ) from None
    if teams - {TEAM_ID}:
        raise NotASandbox(
            f"{path} holds a Slack workspace's data ({', '.join(sorted(teams - {TEAM_ID}))}); the sandbox never uses "
            "it. Give another file with --db."
        )
    if tables - {"sqlite_sequence"} and "alembic_version" not in tables:
        raise NotASandbox(
            f"{path} holds another application's tables, not Covalis's; the sandbox never uses it. "
            "Give another file with --db."
        )


def run_sandbox(options: TryOptions, stdin: IO[str], console: Any, now: Callable[[], datetime]) -> None:
    from bot.sandbox.seed import seed

    check_sandbox_file(options.db_path)
    if options.seed:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{options.db_path}{suffix}").unlink(missing_ok=True)
    with FakeSlackApi(valid_tokens={TOKEN}) as fake:
        world.populate(fake)
        secret = secrets.token_hex(16)
        clock = FixedClock(options.start or world.start_of_sandbox(now()))
        services = build_services(sandbox_settings(fake, options.db_path, secret), clock=clock)
        door = SlackDoor(services, fake, signing_secret=secret, token=TOKEN, user=options.user)
        try:
            upgrade(services.db.engine)
            if options.seed:
                seed(door, clock)
            if options.lang in LANGUAGES:
                door.command_raw_text(f"language {options.lang}", user=options.user)
            fake.clear()
            Sandbox(services, fake, door, Terminal(stdin, console)).run()
        finally:
            door.close()
            services.db.dispose()
