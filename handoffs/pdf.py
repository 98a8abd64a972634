"""The packet as a printable brief. WeasyPrint may read our static files and nothing else."""

from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from handoffs.models import Packet


class OfflineOnly(Exception):
    """A stylesheet or image pointed outside our static files."""


def static_only_fetcher(url: str, *args, **kwargs) -> dict:
    """Serve `static:` and `/static/` URLs from disk; refuse every other URL, network included."""
    parsed = urlparse(url)
    name = parsed.path.removeprefix("/").removeprefix(settings.STATIC_URL.strip("/") + "/")
    if parsed.scheme not in ("", "file", "static") or parsed.netloc:
        raise OfflineOnly(f"Refused to fetch {url} while rendering a PDF.")
    found = finders.find(name)
    if not found:
        raise OfflineOnly(f"No static file named {name}.")
    return {"string": Path(found).read_bytes(), "mime_type": _mime(found)}


def _mime(path: str) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        Path(path).suffix, "application/octet-stream"
    )


def render_html_document(template: str, context: dict):
    """A template laid out by WeasyPrint (its pages can be counted before writing)."""
    # Imported here: WeasyPrint costs about a second at start-up, paid only when a PDF is asked.
    import weasyprint

    html = render_to_string(template, context)
    return weasyprint.HTML(
        string=html, base_url="static:/", url_fetcher=static_only_fetcher
    ).render()


def render_html_pdf(template: str, context: dict) -> bytes:
    return render_html_document(template, context).write_pdf()


def render_packet_document(packet: Packet, context: dict):
    """The laid-out brief."""
    return render_html_document("handoffs/packet_pdf.html", {**context, "packet": packet})


def render_packet_pdf(packet: Packet, context: dict) -> bytes:
    return render_packet_document(packet, context).write_pdf()
