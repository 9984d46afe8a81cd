"""The delivery port on the Slack side: services hand over nudges and digests; this renders them as Block Kit and
posts them, and reads Slack's user directory. Only the composition root (bot/runtime.py) hands it to the services."""

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services.deliveries import METADATA_EVENT
from bot.services.digests import Digest
from bot.services.handover import HandoverLetter
from bot.services.nudges import Nudge, SendResult
from handlers.blocks.digests import digest_message
from handlers.blocks.handover import leaver_messages
from handlers.blocks.nudges import nudge_message

logger = logging.getLogger(__name__)
USERS_PAGE = 200
HISTORY_PAGE = 200
HISTORY_MARGIN = timedelta(minutes=1)  # Slack's clock and ours may differ a little
_history_warned: set[str] = set()  # each reason the DM history can't be read is logged once per process


def _key_metadata(key: str) -> dict[str, Any]:
    """Slack message metadata naming the delivery: read back before a re-send, so a crash sends nothing twice."""
    return {"event_type": METADATA_EVENT, "event_payload": {"key": key}}


class SlackDelivery:
    def __init__(self, client: WebClient) -> None:
        self.client = client

    def send(self, nudge: Nudge, delivery_id: int, *, key: str) -> SendResult:
        """Posts a nudge to the recipient's DM with the app, its delivery key as metadata; Slack's error code comes
        back, never an exception."""
        message = nudge_message(nudge, delivery_id)
        try:
            response = self.client.chat_postMessage(
                channel=nudge.recipient, text=message.text, blocks=message.blocks, metadata=_key_metadata(key)
            )
        except SlackApiError as exc:
            return SendResult(ok=False, error=str(exc.response.get("error") or "slack_error"))
        except OSError as exc:
            logger.warning("network error while sending a nudge: %s", type(exc).__name__)
            return SendResult(ok=False, error="network")
        return SendResult(ok=True, channel=response.get("channel"), ts=response.get("ts"))

    def send_handover(self, letter: HandoverLetter) -> SendResult:
        """A leaver's handover to one admin: the first message decides; a later part that fails is logged (sending
        the whole again would repeat what already arrived)."""
        first: SendResult | None = None
        for message in leaver_messages(letter):
            try:
                response = self.client.chat_postMessage(
                    channel=letter.recipient,
                    text=message.text,
                    blocks=message.blocks,
                    metadata=_key_metadata(letter.key) if first is None else None,  # the first part decides
                )
            except SlackApiError as exc:
                error = str(exc.response.get("error") or "slack_error")
                if first is None:
                    return SendResult(ok=False, error=error)
                logger.warning("a later part of a handover was refused: %s", error)
                continue
            except OSError as exc:
                logger.warning("network error while sending a handover: %s", type(exc).__name__)
                if first is None:
                    return SendResult(ok=False, error="network")
                continue
            if first is None:
                first = SendResult(ok=True, channel=response.get("channel"), ts=response.get("ts"))
        assert first is not None
        return first

    def already_sent(self, recipient: str, key: str, since: datetime) -> SendResult | None:
        """The bot's own message in the recipient's DM carrying `key` (posted since `since`), if Slack has one.

        None when there is none — and also when Slack can't be asked (no `im:history` scope, an error): then the
        caller sends as before, and this is logged once per process."""
        try:
            channel = self.client.conversations_open(users=recipient)["channel"]["id"]
            cursor = None
            while True:
                page = self.client.conversations_history(
                    channel=channel,
                    oldest=f"{(since - HISTORY_MARGIN).timestamp():.6f}",
                    include_all_metadata=True,
                    limit=HISTORY_PAGE,
                    cursor=cursor,
                )
                for message in page.get("messages") or []:
                    metadata = message.get("metadata") or {}
                    if (
                        message.get("bot_id")
                        and metadata.get("event_type") == METADATA_EVENT
                        and (metadata.get("event_payload") or {}).get("key") == key
                    ):
                        return SendResult(ok=True, channel=channel, ts=message.get("ts"))
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    return None
        except (SlackApiError, OSError, KeyError, TypeError) as exc:
            error = exc.response.get("error") if isinstance(exc, SlackApiError) else type(exc).__name__
            if error not in _history_warned:
                _history_warned.add(str(error))
                logger.warning(
                    "can't read DMs back to avoid a duplicate (%s): sending again; add the im:history scope", error
                )
            return None

    def update_nudge(self, nudge: Nudge, delivery_id: int, channel: str, ts: str) -> None:
        message = nudge_message(nudge, delivery_id)
        try:
            self.client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)
        except SlackApiError as exc:
            logger.warning("could not update a nudge: %s", exc.response.get("error"))

    def own_team(self) -> str:
        return str(self.client.auth_test()["team_id"])

    def users(self) -> Iterator[dict[str, Any]]:
        """Every member of the workspace, paged as Slack asks (one call per 200, not one per person)."""
        cursor = None
        while True:
            page = self.client.users_list(limit=USERS_PAGE, cursor=cursor, include_locale=True)
            yield from page.get("members") or []
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return

    def post_digest(self, digest: Digest, channel_id: str) -> tuple[bool, str | None]:
        """Posts to a channel; public channels need no invitation (chat:write.public), private ones do."""
        message = digest_message(digest)
        try:
            self.client.chat_postMessage(channel=channel_id, text=message.text, blocks=message.blocks)
        except SlackApiError as exc:
            return False, str(exc.response.get("error") or "slack_error")
        except OSError as exc:
            logger.warning("network error while posting a digest: %s", type(exc).__name__)
            return False, "network"
        return True, None
