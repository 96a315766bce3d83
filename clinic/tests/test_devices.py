"""The short device summary kept on a consent signed from the patient's phone."""

import pytest

from clinic.devices import device_summary

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)
SAMSUNG = (
    "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36"
)
EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0"
)


@pytest.mark.parametrize(
    ("user_agent", "summary"),
    [
        (IPHONE, "Safari on iPhone"),
        (ANDROID_CHROME, "Chrome on Android"),
        (SAMSUNG, "Samsung Internet on Android"),
        (EDGE, "Edge on Windows"),
        ("curl/8.5", "Unknown device"),
        ("", "Unknown device"),
    ],
)
def test_a_user_agent_reads_as_browser_on_system(user_agent, summary):
    assert device_summary(user_agent) == summary
