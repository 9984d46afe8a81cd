"""The supplier page's guards, pure: the sliding rate-limit window, the signed form's lifetime, whose address counts."""

import subprocess
import sys
from ipaddress import ip_network
from pathlib import Path

from bot.pulse_web import CSRF_SECONDS, CsrfSigner, RateLimit, client_address

PROXY = (ip_network("10.0.0.0/8"),)


def test_the_rate_limit_frees_up_as_the_window_slides() -> None:
    limit = RateLimit(requests=2, seconds=60)
    assert [limit.allow("a", now=t) for t in (0, 1, 2)] == [True, True, False]
    assert limit.allow("b", now=2)
    assert limit.allow("a", now=61)


def test_a_signed_form_lasts_a_day_for_its_own_link_only() -> None:
    signer = CsrfSigner("k" * 40)
    value = signer.sign("token-a", now=1_000_000)
    assert signer.valid("token-a", value, now=1_000_000 + CSRF_SECONDS)
    assert not signer.valid("token-a", value, now=1_000_001 + CSRF_SECONDS)
    assert not signer.valid("token-b", value, now=1_000_000)
    assert not CsrfSigner("j" * 40).valid("token-a", value, now=1_000_000)
    assert not signer.valid("token-a", "²³.abc", now=1_000_000)


def test_forwarded_for_is_believed_only_from_a_trusted_proxy() -> None:
    direct = {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert client_address(direct, PROXY) == "203.0.113.7"
    proxied = {"REMOTE_ADDR": "10.1.2.3", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.1, 10.0.0.9"}
    assert client_address(proxied, PROXY) == "198.51.100.1"
    assert client_address({"REMOTE_ADDR": "10.1.2.3", "HTTP_X_FORWARDED_FOR": "junk"}, PROXY) == "10.1.2.3"
    assert client_address({"REMOTE_ADDR": "10.1.2.3"}, PROXY) == "10.1.2.3"


def test_a_bot_that_never_serves_the_page_never_loads_jinja2() -> None:
    probe = "import sys, bot.runtime, bot.pulse_web; print('jinja2' in sys.modules)"
    root = Path(__file__).parents[2]
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=root)
    assert result.stdout.strip() == "False"
