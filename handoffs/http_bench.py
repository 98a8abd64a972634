"""`make bench` over real HTTP: Handbrief under gunicorn with production settings, beside a
one-file hello-world Django app under the same gunicorn settings, both on loopback and both
driven by wrk for a fixed, bounded time. Page figures read as a share of the framework's floor.

Figures are printed, never asserted. wrk is Debian's `wrk` package; without it this part says
so and the in-process figures still print.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from handoffs.benchmarks import Figure, generated_events
from handoffs.models import ApiToken, Integration, Packet

WORKERS = 2
CONNECTIONS = 4
SECONDS = 10
# wrk's Lua hook: one line of numbers we parse (latencies in wrk are microseconds).
REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("HB %d %d %d %.2f %.2f %.2f\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""
# Each wrk thread posts new events: its own id and a counter make every event_id unique.
INTAKE = """
local threads = {}
setup = function(thread) thread:set("tid", #threads + 1); table.insert(threads, thread) end
local n = 0
request = function()
  n = n + 1
  local body = string.gsub(template, "@@N@@", tid .. "-" .. n .. "-" .. os.time())
  return wrk.format("POST", "/api/v1/intake/events/", nil, body)
end
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _gunicorn(app: str, env: dict):
    """Serve `app` with the bench's gunicorn settings until the block ends."""
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _warm(url: str, headers: dict[str, str]) -> int:
    """One request first, so worker start-up is not timed; returns its status."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wrk(url: str, headers: dict[str, str], script: str, seconds: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script + REPORT)
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", lua.name]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    try:
        out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(lua.name)
    line = next(row for row in out.splitlines() if row.startswith("HB "))
    requests, micros, errors, p50, p95, p99 = line.split()[1:]
    return {
        "rps": int(requests) / (int(micros) / 1e6),
        "errors": int(errors),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
    }


def _session_cookie(user: User) -> str:
    """A signed-in session for `user`, as the login form would leave it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _queries(user: User, url: str) -> int:
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def _production_env() -> dict:
    env = {
        **os.environ,
        "HANDBRIEF_ENV": "production",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
    )
    return env


def pages_over_http(seconds: int = SECONDS) -> list[Figure]:
    """Requests per second and p50/p95/p99 per page, and each page's share of hello-world."""
    if shutil.which("wrk") is None:
        return [Figure("HTTP figures", "skipped: install Debian's wrk (apt-get install wrk)")]
    ae = User.objects.get(email="maya.chen@seller.example")
    csm = User.objects.get(email="nina.patel@seller.example")
    packet = Packet.objects.filter(handoff__ae=ae).order_by("pk").first()
    pages = [
        ("AE list", ae, "/ae/"),
        ("CSM queue", csm, "/csm/"),
        ("Packet page", ae, f"/packets/{packet.pk}/"),
    ]
    token = ApiToken.generate()
    ApiToken.objects.create(
        integration=Integration.objects.get_or_create(name="HTTP bench")[0],
        prefix=token[:8],
        token_hash=ApiToken.hash(token),
    )
    template = json.dumps(generated_events(1, "http")[0]).replace("-http0", "-@@N@@")
    secure = {"X-Forwarded-Proto": "https"}
    with _gunicorn("handoffs.hello_bench_app:application", dict(os.environ)) as hello_url:
        _warm(hello_url + "/", {})
        floor = _wrk(hello_url + "/", {}, "", seconds)
    figures = [
        Figure(
            f"Hello-world Django under gunicorn ({WORKERS} workers, {CONNECTIONS} connections)",
            f"{floor['rps']:,.0f} req/s, p50 / p95 / p99 {floor['p50']:.1f} / "
            f"{floor['p95']:.1f} / {floor['p99']:.1f} ms",
        )
    ]
    with _gunicorn("config.wsgi:application", _production_env()) as app_url:
        for label, user, path in pages:
            headers = {**secure, "Cookie": _session_cookie(user)}
            status = max(_warm(app_url + path, headers) for _ in range(WORKERS * 2))
            if status != 200:
                figures.append(Figure(f"{label} over HTTP", f"not measured: answered {status}"))
                continue
            measured = _wrk(app_url + path, headers, "", seconds)
            figures.append(_page_figure(label, measured, floor, _queries(user, path)))
        intake = _wrk(
            app_url + "/api/v1/intake/events/",
            {**secure, "Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            f"template = {json.dumps(template)}\n" + INTAKE,
            seconds,
        )
        figures.append(_page_figure("Intake (new events)", intake, floor, None))
    return figures


def _page_figure(label: str, measured: dict, floor: dict, queries: int | None) -> Figure:
    share = measured["rps"] / floor["rps"] * 100
    errors = f", {measured['errors']} errors" if measured["errors"] else ""
    counted = f", {queries} queries" if queries is not None else ""
    return Figure(
        f"{label} over HTTP",
        f"{measured['rps']:,.0f} req/s ({share:.1f} % of hello-world), p50 / p95 / p99 "
        f"{measured['p50']:.1f} / {measured['p95']:.1f} / {measured['p99']:.1f} ms"
        f"{counted}{errors}",
    )
