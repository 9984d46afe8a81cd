"""Help, usage lines and "did you mean …?", all read from the command registry and the catalogs."""

from bot.i18n import t
from bot.text import truncate
from handlers.blocks import SECTION_MAX, Message, context, esc, section
from handlers.registry import GROUPS, Command, Registry, UsageError, Who

PREFIX = "/covalis"


def syntax(lang: str, command: Command) -> str:
    """`/covalis supplier add <name> [segment]` in the user's language."""
    args = t(lang, f"cmd.{command.key}.args")
    return f"{PREFIX} {command.words(lang)}" + (f" {args}" if args else "")


def examples(lang: str, command: Command) -> list[str]:
    """Whole example lines; a command without arguments is its own example."""
    lines = t(lang, f"cmd.{command.key}.examples").split("\n")
    return [f"{PREFIX} {command.words(lang)}" + (f" {line}" if line else "") for line in lines]


def usage_line(lang: str, command: Command) -> str:
    line = f"{t(lang, 'usage.label')} `{syntax(lang, command)}`"
    example = examples(lang, command)[0]
    return line if example == syntax(lang, command) else f"{line}\n{t(lang, 'usage.example', example=example)}"


def _who(lang: str, command: Command) -> str:
    return "" if command.who is Who.ANYONE else f" _({t(lang, 'who.' + command.who.value)})_"


def _overview_line(lang: str, command: Command) -> str:
    return f"• `{syntax(lang, command)}` — {t(lang, f'cmd.{command.key}.help')}{_who(lang, command)}"


def _sections(title: str, lines: list[str]) -> list[dict[str, object]]:
    """A titled list split over sections, so none passes Slack's 3,000 characters."""
    chunks: list[list[str]] = [[f"*{title}*"]]
    for line in lines:
        if sum(len(x) + 1 for x in chunks[-1]) + len(line) > SECTION_MAX - 100:
            chunks.append([])
        chunks[-1].append(line)
    return [section("\n".join(chunk)) for chunk in chunks]


def help_overview(lang: str, registry: Registry) -> Message:
    """`/covalis help`: the commands grouped (capture, suppliers and contacts, reminders, digest, settings)."""
    text = t(lang, "help.title")
    blocks: list[dict[str, object]] = [section(f"*{text}*")]
    for group in GROUPS:
        commands = [c for c in registry.in_group(group) if c.key != "help"]
        if commands:
            blocks += _sections(t(lang, f"group.{group}"), [_overview_line(lang, c) for c in commands])
    blocks.append(context(t(lang, "help.more")))
    blocks.append(context(t(lang, "help.footer")))
    return Message(text, blocks)


def _topic_block(lang: str, command: Command) -> str:
    lines = [f"*`{syntax(lang, command)}`*", t(lang, f"cmd.{command.key}.help") + _who(lang, command)]
    lines.append(t(lang, "help.examples"))
    lines += [f"• `{example}`" for example in examples(lang, command)]
    other = "en" if lang == "nl" else "nl"
    if command.words(other) != command.words(lang):
        lines.append(t(lang, "help.other_language", command=f"`{PREFIX} {command.words(other)}`"))
    return "\n".join(lines)


def help_topic(lang: str, commands: list[Command]) -> Message:
    """`/covalis help <command>`: just that command (or that group), with examples."""
    first_words = {c.path[0].shown(lang) for c in commands}
    name = first_words.pop() if len(first_words) == 1 else t(lang, f"group.{commands[0].group}")
    title = t(lang, "help.topic_title", command=name)
    blocks = [section(f"*{title}*")] + [section(_topic_block(lang, c)) for c in commands[:20]]
    blocks.append(context(t(lang, "help.hint")))
    return Message(title, blocks)


def usage_message(lang: str, registry: Registry, exc: UsageError, typed: str = "") -> Message:
    """A refusal that says what was wrong, the nearest commands or the usage line, and what was typed."""
    problem = t(lang, exc.key, **{k: esc(str(v)) for k, v in exc.params.items()})
    blocks = [section(problem)]
    if exc.suggestions:
        nearest = list(dict.fromkeys(f"`{PREFIX} {registry[key].words(lang)}`" for key in exc.suggestions))
        blocks.append(section(t(lang, "usage.did_you_mean", commands=_or_list(lang, nearest))))
    if exc.topic in registry.commands:
        blocks.append(section(usage_line(lang, registry[exc.topic])))
    elif exc.topic is not None:
        group = registry.starting_with(exc.topic)
        blocks += _sections(t(lang, "usage.group"), [_overview_line(lang, c) for c in group])
    # What was typed comes back whenever it is more than a command's words, so a mistyped note is never lost.
    unknown = exc.suggestions or exc.topic is None or exc.topic not in registry.commands
    if typed and (unknown or len(typed.split()) > 2):
        blocks.append(context(t(lang, "usage.you_typed", text=esc(truncate(typed, 2500)))))
    blocks.append(context(t(lang, "help.hint")))
    return Message(problem, blocks)


def _or_list(lang: str, items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return t(lang, "usage.or", first=", ".join(items[:-1]), last=items[-1])


def catalog_keys(command: Command) -> list[str]:
    """The texts every command needs in both catalogs."""
    return [f"cmd.{command.key}.{part}" for part in ("args", "help", "examples")]
