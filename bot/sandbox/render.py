"""Block Kit in the terminal, with rich: sections, fields, context lines, numbered buttons and modals; Slack's mrkdwn
(bold, italic, strike, code, links, mentions) shown as such. Only `covalis try` imports this module."""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.emoji import Emoji
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from bot.i18n import t

# <https://x|label>, <@U1|name>, <#C1|name>, <!here>, <mailto:a@b|a@b>
_ANGLE = re.compile(r"<((?:[@#!]|https?://|mailto:|tel:|slack://)[^<>]*)>")
# *bold*, _italic_, ~strike~, `code` — not inside words, as Slack reads them.
_STYLE = re.compile(r"(?<![\w*_~`])([*_~`])(?=\S)(.+?)(?<=\S)\1(?![\w*_~`])")
_STYLES = {"*": "bold", "_": "italic", "~": "strike", "`": "bold magenta"}
INDENT = (0, 0, 0, 2)


def _pad(renderable: Any, pad: tuple[int, int, int, int]) -> Padding:
    """Indented, without filling the line with spaces to the terminal's width."""
    return Padding(renderable, pad, expand=False)


@dataclass(frozen=True)
class Target:
    """Something `:click N` can use: a button or menu of a message or modal, and the block it sits in."""

    element: dict[str, Any]
    block_id: str


def plain_text(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text") or "")
    return str(obj or "")


class Renderer:
    def __init__(self, console: Console, lang: Callable[[], str], names: Callable[[str], str]) -> None:
        self.console = console
        self.lang = lang  # the current user's language, for the few words the sandbox adds
        self.names = names  # a user id → the name Slack would show

    # --- text ----------------------------------------------------------------------------------------------

    def mrkdwn(self, source: str, base: str = "") -> Text:
        """Slack's mrkdwn as styled text; a quoted line (`> …`) gets a bar, as Slack draws it."""
        lines = source.split("\n")
        if any(line.startswith(("&gt; ", "> ")) for line in lines):
            out = Text(style=base)
            for index, line in enumerate(lines):
                if index:
                    out.append("\n")
                quoted = line.startswith(("&gt; ", "> "))
                if quoted:
                    out.append("▌ ", style="dim")
                out.append_text(self._inline(line.split(" ", 1)[1] if quoted else line, base))
            return out
        return self._inline(source, base)

    def _inline(self, source: str, base: str) -> Text:
        out = Text(style=base)
        position = 0
        for match in _ANGLE.finditer(source):
            self._styled(source[position : match.start()], out, "")
            self._special(match.group(1), out)
            position = match.end()
        self._styled(source[position:], out, "")
        return out

    def _styled(self, chunk: str, out: Text, style: str) -> None:
        position = 0
        for match in _STYLE.finditer(chunk):
            out.append(_plain(chunk[position : match.start()]), style=style or None)
            inner = f"{style} {_STYLES[match.group(1)]}".strip()
            if match.group(1) == "`":
                out.append(_plain(match.group(2)), style=inner)
            else:
                self._styled(match.group(2), out, inner)
            position = match.end()
        out.append(_plain(chunk[position:]), style=style or None)

    def _special(self, inner: str, out: Text) -> None:
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            out.append("@" + (label or self.names(target[1:])), style="bold cyan")
        elif target.startswith("#"):
            out.append("#" + (label or target[1:]), style="bold cyan")
        elif target.startswith("!"):
            word = label or target[1:].split("^")[0]
            out.append(word if word.startswith("@") else "@" + word, style="bold")
        else:
            url = html.unescape(target)
            out.append(html.unescape(label) if label else url, style=f"underline blue link {url}")

    def _text(self, obj: Any, base: str = "") -> Text:
        if isinstance(obj, dict) and obj.get("type") == "mrkdwn":
            return self.mrkdwn(str(obj.get("text") or ""), base)
        return Text(_plain(plain_text(obj)), style=base)

    # --- messages and views --------------------------------------------------------------------------------

    def title(self, words: str) -> None:
        self.console.print()
        self.console.rule(Text(words, style="bold"), align="left", style="dim")

    def note(self, words: str) -> None:
        self.console.print(Text(words, style="dim"))

    def table(self, words: str) -> None:
        """Lines of "what you type   what it does" as two columns, the second wrapping on its own."""
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        rest: list[str] = []
        for line in words.splitlines():
            left, _, right = line.partition("  ")
            if right.strip():
                grid.add_row(left, right.strip())
            else:
                rest.append(line)
        self.console.print(_pad(grid, INDENT))
        for line in rest:
            self.note(line)

    def message(self, message: dict[str, Any]) -> list[Target]:
        """The message's blocks, or its text when it has none; returns what `:click N` may press, numbered from 1."""
        blocks = message.get("blocks") or []
        if not blocks:
            self.console.print(_pad(self.mrkdwn(str(message.get("text") or "")), INDENT))
            return []
        return self.blocks(blocks)

    def blocks(self, blocks: list[dict[str, Any]]) -> list[Target]:
        targets: list[Target] = []
        for block in blocks:
            self._block(block, targets)
        return targets

    def view(self, view: dict[str, Any]) -> list[Target]:
        """A modal's title and its blocks, input fields shown with what they hold now."""
        self.console.print(Text(f"▣ {plain_text(view.get('title'))}", style="bold reverse"))
        targets = self.blocks(view.get("blocks") or [])
        buttons = [plain_text(view.get(key)) for key in ("submit", "close") if view.get(key)]
        if buttons:
            self.console.print(_pad(Text("   ".join(f"[ {b} ]" for b in buttons), style="dim"), INDENT))
        return targets

    def _block(self, block: dict[str, Any], targets: list[Target]) -> None:
        kind = block.get("type")
        block_id = str(block.get("block_id") or "b")
        if kind == "header":
            self.console.print(_pad(self._text(block.get("text"), "bold underline"), INDENT))
        elif kind == "section":
            self._section(block, block_id, targets)
        elif kind == "context":
            parts = Text("  ").join(
                self._text(e, "dim") if e.get("type") != "image" else Text(f"[{e.get('alt_text', '')}]", style="dim")
                for e in block.get("elements") or []
            )
            self.console.print(_pad(parts, INDENT))
        elif kind == "divider":
            self.console.print(_pad(Text("─" * 40, style="dim"), INDENT))
        elif kind == "actions":
            line = Text()
            for element in block.get("elements") or []:
                line.append_text(self._control(element, block_id, targets))
                line.append("  ")
            self.console.print(_pad(line, INDENT))
        elif kind == "input":
            self._input(block)
        elif kind == "image":
            self.console.print(_pad(Text(f"[{block.get('alt_text', 'image')}]", style="dim"), INDENT))
        elif kind == "rich_text":
            self.console.print(_pad(Text(_rich_text(block), style=""), INDENT))

    def _section(self, block: dict[str, Any], block_id: str, targets: list[Target]) -> None:
        body = self._text(block.get("text")) if block.get("text") else Text()
        accessory = block.get("accessory")
        if accessory and _clickable(accessory):
            body.append("  ")
            body.append_text(self._control(accessory, block_id, targets))
        if block.get("text"):
            self.console.print(_pad(body, INDENT))
        fields = block.get("fields") or []
        if fields:
            grid = Table.grid(padding=(0, 3))
            grid.add_column()
            grid.add_column()
            cells = [self._text(f) for f in fields]
            for index in range(0, len(cells), 2):
                grid.add_row(*cells[index : index + 2])
            self.console.print(_pad(grid, INDENT))

    def _control(self, element: dict[str, Any], block_id: str, targets: list[Target]) -> Text:
        if not _clickable(element):
            return Text("")
        targets.append(Target(element, block_id))
        number = len(targets)
        kind = element.get("type")
        if kind == "button":
            style = {"primary": "bold green", "danger": "bold red"}.get(str(element.get("style")), "bold")
            return Text(f"[{number}] {plain_text(element.get('text'))}", style=style)
        label = plain_text(element.get("placeholder")) or (
            "⋯" if kind == "overflow" else t(self.lang(), "sandbox.menu")
        )
        return Text(f"[{number}] {label} ▾", style="bold")

    def _input(self, block: dict[str, Any]) -> None:
        element = block.get("element") or {}
        label = Text(plain_text(block.get("label")), style="bold")
        shown = describe_value(element, self.names)
        if shown:
            label.append(": ")
            label.append(shown)
        if block.get("optional"):
            label.append(f" ({t(self.lang(), 'sandbox.optional')})", style="dim")
        self.console.print(_pad(label, INDENT))
        if block.get("hint"):
            self.console.print(_pad(self._text(block.get("hint"), "dim"), (0, 0, 0, 4)))


#: Slack's emoji codes that rich's table lacks.
_EMOJI = {":large_green_circle:": "🟢", ":large_yellow_circle:": "🟡", ":bow_tie:": "🎀"}
_EMOJI_CODE = re.compile("|".join(map(re.escape, _EMOJI)))


def _plain(text: str) -> str:
    """Slack's escapes undone and its emoji codes (`:hourglass:`) drawn, as Slack shows them."""
    return Emoji.replace(_EMOJI_CODE.sub(lambda m: _EMOJI[m.group(0)], html.unescape(text)))


def _clickable(element: dict[str, Any]) -> bool:
    return element.get("type") in ("button", "overflow", "static_select", "datepicker", "users_select")


def describe_value(element: dict[str, Any], names: Callable[[str], str]) -> str:
    """What a form element holds before anyone touches it (its initial value), as a user would read it."""
    kind = element.get("type")
    if kind == "plain_text_input":
        return str(element.get("initial_value") or "")
    if kind in ("static_select", "external_select"):
        return plain_text((element.get("initial_option") or {}).get("text"))
    if kind in ("multi_static_select", "checkboxes"):
        return ", ".join(plain_text(o.get("text")) for o in element.get("initial_options") or [])
    if kind == "datepicker":
        return str(element.get("initial_date") or "")
    if kind == "multi_users_select":
        return ", ".join(names(user) for user in element.get("initial_users") or [])
    if kind == "users_select":
        return names(element["initial_user"]) if element.get("initial_user") else ""
    return ""


def _rich_text(block: dict[str, Any]) -> str:
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "text":
                parts.append(str(node.get("text") or ""))
            for value in node.values():
                if isinstance(value, list):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(block.get("elements") or [])
    return "".join(parts)
