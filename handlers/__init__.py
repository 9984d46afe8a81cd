"""Slack surfaces, one module each; `register_all` wires them into a Bolt app."""

from slack_bolt import App

from handlers import (
    actions,
    briefing,
    commands,
    events,
    handover,
    imports,
    merging,
    nudge_actions,
    pulse,
    shortcuts,
    views,
)


def register_all(app: App) -> None:
    for surface in (
        commands,
        actions,
        briefing,
        nudge_actions,
        handover,
        pulse,
        shortcuts,
        views,
        imports,
        merging,
        events,
    ):
        surface.register(app)
