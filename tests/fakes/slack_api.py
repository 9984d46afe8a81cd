"""The loopback stand-in for Slack's Web API lives in bot/sandbox (`covalis try` runs on it too); tests import it
from here."""

from bot.sandbox.slack_api import TEAM_ID, FakeSlackApi

__all__ = ["TEAM_ID", "FakeSlackApi"]
