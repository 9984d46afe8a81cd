"""The loopback Slack stand-in must answer like Slack, or tests built on it prove nothing.

Every check goes through the real ``slack_sdk`` clients so encoding, auth
headers and error parsing are exercised exactly as in production.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from tests.fakes.slack_api import FakeSlackApi

TOKEN = "xoxb-test-token"
SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "*hello*"}}
MODAL = {
    "type": "modal",
    "callback_id": "supplier_edit",
    "title": {"type": "plain_text", "text": "Edit supplier"},
    "blocks": [SECTION],
}


@pytest.fixture
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        yield api


@pytest.fixture
def client(fake: FakeSlackApi) -> WebClient:
    return WebClient(token=TOKEN, base_url=fake.base_url)


def test_post_message_is_recorded_with_its_blocks_decoded(fake: FakeSlackApi, client: WebClient) -> None:
    client.chat_postMessage(channel="C123", text="hello", blocks=[SECTION])

    (call,) = fake.calls_to("chat.postMessage")
    assert call.body["blocks"] == [SECTION]
    assert call.body["channel"] == "C123"
    assert call.token == TOKEN


def test_post_message_answers_with_increasing_timestamps(client: WebClient) -> None:
    first = client.chat_postMessage(channel="C123", text="one")
    second = client.chat_postMessage(channel="C123", text="two")

    assert first["channel"] == "C123"
    assert float(second["ts"]) > float(first["ts"])


def test_post_message_to_a_user_answers_with_the_users_dm_channel(client: WebClient) -> None:
    response = client.chat_postMessage(channel="U42", text="hi")

    assert response["channel"] == "D42"


def test_post_message_without_text_or_blocks_fails_with_no_text(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call("chat.postMessage", json={"channel": "C123"})

    assert excinfo.value.response["error"] == "no_text"


def test_form_encoded_requests_are_parsed_and_their_json_fields_decoded(fake: FakeSlackApi) -> None:
    form = urlencode({"token": TOKEN, "channel": "C1", "blocks": json.dumps([SECTION])}).encode()
    request = urllib.request.Request(f"{fake.base_url}chat.postMessage", data=form, method="POST")
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert json.loads(answer.read())["ok"] is True

    (call,) = fake.calls_to("chat.postMessage")
    assert call.body["blocks"] == [SECTION]
    assert call.token == TOKEN


def test_a_wrong_token_is_rejected_with_invalid_auth(fake: FakeSlackApi) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        WebClient(token="xoxb-wrong", base_url=fake.base_url).auth_test()

    assert excinfo.value.response["error"] == "invalid_auth"


def test_a_missing_token_is_rejected_with_not_authed(fake: FakeSlackApi) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        WebClient(base_url=fake.base_url).auth_test()

    assert excinfo.value.response["error"] == "not_authed"


def test_auth_test_identifies_the_test_workspace_and_bot(client: WebClient) -> None:
    response = client.auth_test()

    assert (response["team_id"], response["user_id"], response["bot_id"]) == ("T0000TEST", "UBOT", "BBOT")


def test_an_unknown_method_fails_with_unknown_method(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call("suppliers.frobnicate")

    assert excinfo.value.response["error"] == "unknown_method"


def test_fail_next_fails_once_and_then_answers_normally(fake: FakeSlackApi, client: WebClient) -> None:
    fake.fail_next("chat.postMessage", "channel_not_found")

    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="C123", text="first")
    assert excinfo.value.response["error"] == "channel_not_found"
    assert client.chat_postMessage(channel="C123", text="second")["ok"] is True


def test_rate_limit_next_answers_429_with_retry_after(fake: FakeSlackApi, client: WebClient) -> None:
    fake.rate_limit_next("users.list", retry_after=7)

    with pytest.raises(SlackApiError) as excinfo:
        client.users_list()
    assert excinfo.value.response.status_code == 429
    assert excinfo.value.response["error"] == "ratelimited"
    assert excinfo.value.response.headers["Retry-After"] == "7"


def test_rate_limit_every_answers_429_to_every_nth_call_of_its_methods_which_then_did_nothing(
    fake: FakeSlackApi, client: WebClient
) -> None:
    fake.rate_limit_every(3, "chat.postMessage", retry_after=1)

    outcomes: list[object] = []
    for number in range(6):
        client.auth_test()  # not counted: another method
        try:
            client.chat_postMessage(channel="C123", text=f"message {number}")
            outcomes.append(200)
        except SlackApiError as exc:
            outcomes.append((exc.response.status_code, exc.response.headers["Retry-After"]))

    assert outcomes == [200, 200, (429, "1"), 200, 200, (429, "1")]
    assert [m["text"] for m in fake.history["C123"]] == ["message 0", "message 1", "message 3", "message 4"]


def test_slow_down_answers_late_but_the_message_is_in_the_history_at_once(
    fake: FakeSlackApi, client: WebClient
) -> None:
    fake.slow_down(0.3, "chat.postMessage")
    fake.use_wall_clock(offset=86_400.0)
    sent = threading.Thread(target=client.chat_postMessage, kwargs={"channel": "C123", "text": "late"})
    started = time.time()
    sent.start()

    fake.wait_for("chat.postMessage")
    while "C123" not in fake.history and time.time() - started < 0.25:
        time.sleep(0.01)
    assert sent.is_alive(), "the answer waits"
    (message,) = fake.history["C123"]
    sent.join()
    assert time.time() - started >= 0.3
    assert float(message["ts"]) == pytest.approx(started + 86_400.0, abs=1.0), "the wall clock, moved a day"
    client.auth_test()  # other methods answer at once
    assert time.time() - started < 1.0


def test_set_handler_overrides_the_answer(fake: FakeSlackApi, client: WebClient) -> None:
    fake.set_handler("conversations.info", lambda body: {"channel": {"id": body["channel"], "name": "x"}})

    response = client.conversations_info(channel="C999")

    assert response["ok"] is True
    assert response["channel"]["name"] == "x"


def test_users_list_pages_through_every_user(fake: FakeSlackApi, client: WebClient) -> None:
    for number in range(7):
        fake.add_user(f"U{number:03d}")

    seen: list[str] = []
    pages = 0
    cursor = ""
    while True:
        response = client.users_list(limit=3, cursor=cursor)
        pages += 1
        seen += [member["id"] for member in response["members"]]
        cursor = response["response_metadata"]["next_cursor"]
        if not cursor:
            break

    assert seen == [f"U{number:03d}" for number in range(7)]
    assert pages == 3


def test_users_info_reports_locale_only_when_asked_like_slack(fake: FakeSlackApi, client: WebClient) -> None:
    fake.add_user("U1", name="ann", tz="Europe/Amsterdam", locale="nl-NL", is_admin=True)

    plain = client.users_info(user="U1")["user"]
    with_locale = client.users_info(user="U1", include_locale=True)["user"]

    assert plain["tz"] == "Europe/Amsterdam"
    assert plain["is_admin"] is True
    assert "locale" not in plain
    assert with_locale["locale"] == "nl-NL"


def test_users_info_for_an_unknown_user_fails_with_user_not_found(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.users_info(user="UNOBODY")

    assert excinfo.value.response["error"] == "user_not_found"


def test_views_open_answers_with_a_view_id_hash_and_empty_state(client: WebClient) -> None:
    view = client.views_open(trigger_id="123.456", view=MODAL)["view"]

    assert view["id"].startswith("V")
    assert view["hash"]
    assert view["state"] == {"values": {}}
    assert view["callback_id"] == "supplier_edit"


def test_views_open_without_a_trigger_id_fails_with_invalid_arguments(fake: FakeSlackApi) -> None:
    client = WebClient(token=TOKEN, base_url=fake.base_url)

    with pytest.raises(SlackApiError) as excinfo:
        client.api_call("views.open", json={"view": MODAL})

    assert excinfo.value.response["error"] == "invalid_arguments"


def test_a_modal_title_longer_than_slack_allows_is_rejected(client: WebClient) -> None:
    long_title = {**MODAL, "title": {"type": "plain_text", "text": "An overly long modal title here"}}

    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id="123.456", view=long_title)

    assert excinfo.value.response["error"] == "invalid_arguments"


def test_views_update_with_a_stale_hash_fails_with_hash_conflict(client: WebClient) -> None:
    opened = client.views_open(trigger_id="123.456", view=MODAL)["view"]
    client.views_update(view_id=opened["id"], hash=opened["hash"], view=MODAL)

    with pytest.raises(SlackApiError) as excinfo:
        client.views_update(view_id=opened["id"], hash=opened["hash"], view=MODAL)

    assert excinfo.value.response["error"] == "hash_conflict"


def test_get_permalink_points_into_the_test_workspace(client: WebClient) -> None:
    response = client.chat_getPermalink(channel="C123", message_ts="1764000000.000100")

    assert response["permalink"] == "https://covalis-test.slack.com/archives/C123/p1764000000000100"


def test_conversations_open_answers_with_the_users_dm_channel(client: WebClient) -> None:
    assert client.conversations_open(users="U42")["channel"]["id"] == "D42"


def test_response_url_posts_are_recorded_and_answered_ok(fake: FakeSlackApi) -> None:
    response = WebhookClient(fake.response_url("x")).send(text="hi")

    assert (response.status_code, response.body) == (200, "ok")
    (call,) = fake.calls_to("response_url:x")
    assert call.body["text"] == "hi"


def test_wait_for_sees_calls_made_from_another_thread(fake: FakeSlackApi, client: WebClient) -> None:
    threading.Timer(0.05, lambda: client.chat_postMessage(channel="C1", text="later")).start()

    assert len(fake.wait_for("chat.postMessage", timeout=5)) == 1


def test_wait_for_names_the_methods_actually_called_when_it_times_out(fake: FakeSlackApi, client: WebClient) -> None:
    client.auth_test()

    with pytest.raises(AssertionError, match=r"auth\.test"):
        fake.wait_for("chat.postMessage", timeout=0.1)


def test_clear_forgets_recorded_calls(fake: FakeSlackApi, client: WebClient) -> None:
    client.auth_test()

    fake.clear()

    assert fake.calls == []


def test_a_message_of_more_than_50_blocks_is_rejected_with_invalid_blocks(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="C1", text="many", blocks=[SECTION] * 51)

    assert excinfo.value.response["error"] == "invalid_blocks"
    assert client.chat_postMessage(channel="C1", text="fifty", blocks=[SECTION] * 50)["ok"]


def test_a_section_text_over_3000_characters_is_rejected_in_messages_and_views(client: WebClient) -> None:
    too_long = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}

    with pytest.raises(SlackApiError) as message:
        client.chat_postMessage(channel="C1", text="long", blocks=[too_long])
    with pytest.raises(SlackApiError) as view:
        client.views_open(trigger_id="123.456", view={**MODAL, "blocks": [too_long]})

    assert message.value.response["error"] == "invalid_blocks"
    assert view.value.response["error"] == "invalid_arguments"
    assert "3000" in str(view.value.response["response_metadata"]["messages"])


def test_a_view_of_more_than_100_blocks_an_unknown_block_type_or_an_empty_section_is_rejected(
    client: WebClient,
) -> None:
    too_many = {**MODAL, "blocks": [SECTION] * 101}
    unknown = {**MODAL, "blocks": [{"type": "no_such_block"}]}
    empty_section = {**MODAL, "blocks": [{"type": "section"}]}
    for view in (too_many, unknown, empty_section):
        with pytest.raises(SlackApiError) as excinfo:
            client.views_open(trigger_id="123.456", view=view)
        assert excinfo.value.response["error"] == "invalid_arguments"
    assert client.views_publish(user_id="U1", view={"type": "home", "blocks": [SECTION] * 100})["ok"]


def test_a_file_sent_to_a_dm_is_uploaded_in_three_steps_into_the_dm_channel(
    fake: FakeSlackApi, client: WebClient
) -> None:
    from handlers.files import OutgoingFile, send_to_dm

    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    refused = send_to_dm(client, "U_ALICE", OutgoingFile("map.png", png, "Acme", "Who knows whom at Acme", "Here"))

    assert refused is None
    [upload] = fake.uploads
    assert (upload.filename, upload.title) == ("map.png", "Acme")
    assert upload.channel.startswith("D")
    assert upload.content == png
    assert (upload.alt_txt, upload.initial_comment) == ("Who knows whom at Acme", "Here")
    assert [c.method for c in fake.calls][:2] == ["conversations.open", "files.getUploadURLExternal"]
    assert fake.calls_to("files.completeUploadExternal")[0].body["channel_id"] == upload.channel


def test_the_upload_flow_refuses_what_slack_refuses(fake: FakeSlackApi, client: WebClient) -> None:
    from handlers.files import OutgoingFile, send_to_dm

    # A user id is not a channel: Slack shares files into C/G/D ids only.
    with pytest.raises(SlackApiError) as refused:
        client.files_upload_v2(channel="U_ALICE", content=b"x", filename="a.txt", title="a")
    assert refused.value.response["error"] == "channel_not_found"
    with pytest.raises(SlackApiError):
        client.files_completeUploadExternal(files=[{"id": "F_NEVER"}], channel_id="D1")
    assert fake.uploads == []

    fake.fail_next("files.completeUploadExternal", "not_in_channel")
    assert send_to_dm(client, "U_ALICE", OutgoingFile("t.png", b"png", "t", "alt")) == "not_in_channel"
    assert fake.uploads == []
