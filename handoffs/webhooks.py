"""Standard Webhooks signatures (HMAC-SHA256 over id, timestamp and body), both directions."""

import base64
import hashlib
import hmac
import time

from handoffs.models.intake import SECRET_PREFIX

TOLERANCE_SECONDS = 5 * 60


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def sign(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header value for one secret."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_matches(
    *, secret: str, msg_id: str, timestamp: int, body: bytes, header: str
) -> bool:
    expected = sign(secret=secret, msg_id=msg_id, timestamp=timestamp, body=body)
    offered = [part for part in header.split() if part.startswith("v1,")]
    return any(hmac.compare_digest(expected, candidate) for candidate in offered)


def timestamp_is_fresh(timestamp: int, now: float | None = None) -> bool:
    """Within five minutes either side: stale ones are replays, future ones are forgeries."""
    now = time.time() if now is None else now
    return abs(now - timestamp) <= TOLERANCE_SECONDS


def signed_headers(*, secret: str, msg_id: str, body: bytes, timestamp: int | None = None) -> dict:
    """Headers for an outgoing (or test) delivery."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret=secret, msg_id=msg_id, timestamp=timestamp, body=body),
    }
