"""Sending a user a file in their DM with Covalis: a picture (the people map, the trend) or an export.

Slack's upload flow is `files_upload_v2` (files.getUploadURLExternal, the upload, files.completeUploadExternal),
and it shares into a channel id only: a DM's id comes from conversations.open (scope im:write), never a `U…` id.
A refused or failed upload comes back as Slack's error word so the caller can fall back to text; the reason is
logged, the file's content never is.
"""

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutgoingFile:
    filename: str
    content: bytes
    title: str
    alt_txt: str  # what a screen reader says for a picture; Slack keeps 1,000 characters
    comment: str = ""  # the message posted with the file


def send_to_dm(client: WebClient, user_id: str, file: OutgoingFile) -> str | None:
    """Uploads the file into the user's DM with the app. None when it was shared, else why not (Slack's word)."""
    try:
        opened = client.conversations_open(users=user_id)
        channel = str((opened.get("channel") or {}).get("id") or "")
        client.files_upload_v2(
            channel=channel,
            content=file.content,
            filename=file.filename,
            title=file.title,
            alt_txt=file.alt_txt[:1000],
            initial_comment=file.comment or None,
        )
    except SlackApiError as exc:
        reason = str(exc.response.get("error") or "unknown_error")
        logger.warning("could not send %s to a DM: %s", file.filename.rsplit(".", 1)[-1], reason)
        return reason
    except (SlackClientError, OSError) as exc:  # the upload URL refused the bytes, or the network failed
        logger.warning("could not send %s to a DM: %s", file.filename.rsplit(".", 1)[-1], type(exc).__name__)
        return "upload_failed"
    return None
