"""POST a signed JSON body to a receiver: the HTTP part every outbound webhook shares.

Signed like our intake (Standard Webhooks). Redirects are not followed and anything but a 2xx
is a failure, so a receiver that moved or refused is retried rather than taken as delivered.
"""

import urllib.error
import urllib.request

from handoffs.webhooks import signed_headers

TIMEOUT_SECONDS = 10


class DeliveryFailed(Exception):
    """The receiver could not be reached or did not answer 2xx; `status_code` when it answered."""

    def __init__(self, message: str, status_code: int | None = None):
        super().__init__(message)
        self.status_code = status_code


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post_signed(
    *, url: str, secret: str, msg_id: str, body: bytes, timeout: float = TIMEOUT_SECONDS
) -> int:
    """Send once and return the receiver's status; raise DeliveryFailed otherwise."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Handbrief-Webhooks/1",
        **signed_headers(secret=secret, msg_id=msg_id, body=body),
    }
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        raise DeliveryFailed(f"HTTP {error.code} from the receiver", error.code) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise DeliveryFailed(f"Could not reach the receiver: {reason}") from error
    if not 200 <= status < 300:
        raise DeliveryFailed(f"HTTP {status} from the receiver", status)
    return status
