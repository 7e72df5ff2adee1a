"""Sign-in for the app when it serves beyond the inspector's own machine.

On 127.0.0.1 (the default) the app is a single inspector's desk: whoever runs it acts as
`reconstruct.store.resolve_user()`. Served on any other address, every request needs a signed-in
user from the open case's access list (`python -m reconstruct users add CASE NAME --role R`):
a login page checks the password against the case store (scrypt hashes), Flask-Login keeps the
session in a signed cookie, and a session idle for longer than the timeout is signed out on the
server side. Roles are enforced where data changes: the store refuses an edit by a viewer.
Dash's own routes (/_dash-layout, /_dash-update-component, ...) answer 401 without a session,
so no case data leaves the server before sign-in.

Sign-ins, refused sign-ins of known users and sign-outs are written in the case's audit log;
passwords never reach any log.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import flask
import flask_login

from reconstruct.store import AccessError, resolve_user

log = logging.getLogger("reconstruct.auth")

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
TIMEOUT_MINUTES = 30
SECRET_ENV = "RECONSTRUCT_SECRET"
"""A stable secret keeps sessions valid across restarts; without it each start makes a new
one (everyone signs in again)."""
MAX_FAILURES = 5
LOCKOUT_SECONDS = 60
OPEN_PATHS = ("/login", "/assets/", "/_favicon.ico", "/favicon.ico")


def needs_login(host: str) -> bool:
    """Whether serving on `host` requires sign-in: anything but the loopback address."""
    return host.strip("[]") not in LOOPBACK


class User(flask_login.UserMixin):
    def __init__(self, name: str, role: str):
        self.id = name
        self.role = role


@dataclass
class _Failures:
    """Refused sign-ins per user name: after MAX_FAILURES, the name is locked a while."""

    counts: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def locked(self, name: str) -> bool:
        with self.lock:
            recent = [t for t in self.counts.get(name, []) if time.time() - t < LOCKOUT_SECONDS]
            self.counts[name] = recent
            return len(recent) >= MAX_FAILURES

    def add(self, name: str) -> None:
        with self.lock:
            self.counts.setdefault(name, []).append(time.time())

    def clear(self, name: str) -> None:
        with self.lock:
            self.counts.pop(name, None)


def _store():
    from reconstruct import app_state

    return app_state.store()


def enabled() -> bool:
    """Whether this process requires sign-in."""
    try:
        return bool(flask.current_app.config.get("RECONSTRUCT_LOGIN"))
    except RuntimeError:  # outside a request: the command line, tests calling callbacks
        return False


def current_user() -> str:
    """Who acts now: the signed-in user, or on a loopback app the local user
    (resolve_user: $RECONSTRUCT_USER or the login name)."""
    if enabled() and flask_login.current_user.is_authenticated:
        return flask_login.current_user.id
    return resolve_user()


def current_role() -> str | None:
    """The acting user's role in the open case (None: not on its access list)."""
    return _store().role_of(current_user())


def record(action: str, detail: str | None = None) -> None:
    """Write an entry (a view, an export) in the open case's audit log for the acting user.
    A local user who is not on the case's access list is noted in the app log by action only:
    the view itself is not refused on the inspector's own machine."""
    try:
        _store().record(current_user(), action, detail)
    except AccessError:
        log.warning("audit: %s by a user not on the access list was not recorded", action)


def setup(server: flask.Flask, *, timeout_minutes: int = TIMEOUT_MINUTES) -> None:
    """Require sign-in on every route of `server` (the Dash app's Flask server)."""
    server.config.update(
        RECONSTRUCT_LOGIN=True,
        SECRET_KEY=os.environ.get(SECRET_ENV) or secrets.token_hex(32),
        PERMANENT_SESSION_LIFETIME=dt.timedelta(minutes=timeout_minutes),
        SESSION_REFRESH_EACH_REQUEST=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
    )
    timeout = timeout_minutes * 60
    failures = _Failures()
    manager = flask_login.LoginManager()
    manager.init_app(server)

    @manager.user_loader
    def load_user(name: str) -> User | None:
        role = _store().role_of(name)
        return User(name, role) if role else None

    @server.before_request
    def guard():
        path = flask.request.path
        if path.startswith(OPEN_PATHS):
            return None
        user = flask_login.current_user
        idle = time.time() - flask.session.get("seen", 0)
        if user.is_authenticated and idle > timeout:
            _sign_out("timeout")
            user = flask_login.current_user
        if not user.is_authenticated:
            if path.startswith("/_dash") or path.startswith("/_reload"):
                return flask.Response("Niet aangemeld of sessie verlopen.", status=401)
            return flask.redirect(f"/login?next={_safe_next(flask.request.full_path)}")
        flask.session["seen"] = time.time()
        return None

    @server.route("/login", methods=["GET", "POST"])
    def login():
        from reconstruct import app_state

        case = app_state.current_case()
        message = ""
        if flask.request.method == "POST":
            name = (flask.request.form.get("name") or "").strip()
            password = flask.request.form.get("password") or ""
            if failures.locked(name):
                message = "Te vaak een verkeerd wachtwoord: probeer het over een minuut opnieuw."
            else:
                role = _store().verify_password(name, password) if name else None
                if role:
                    failures.clear(name)
                    flask.session.clear()
                    flask.session.permanent = True
                    flask_login.login_user(User(name, role))
                    flask.session["seen"] = time.time()
                    _store().record(name, "login")
                    return flask.redirect(_safe_next(flask.request.args.get("next")))
                failures.add(name)
                if name and _store().role_of(name):
                    _store().record(name, "login_refused")
                message = "Onbekende gebruiker of verkeerd wachtwoord."
        return _login_page(case.name, message), (401 if message else 200)

    @server.route("/logout")
    def logout():
        _sign_out("logout")
        return flask.redirect("/login")


def _sign_out(action: str) -> None:
    name = getattr(flask_login.current_user, "id", None)
    flask_login.logout_user()
    flask.session.clear()
    if name:
        with contextlib.suppress(AccessError):  # taken off the access list meanwhile
            _store().record(name, action)


def _safe_next(target: str | None) -> str:
    """Only a path on this server (no open redirect to another host)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or target.startswith("//"):
        return "/"
    return target.rstrip("?") or "/"


def _login_page(case_name: str, message: str) -> str:
    error = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Aanmelden — Reconstruct</title>
<link rel="stylesheet" href="/assets/style.css"></head>
<body class="login-body"><main class="login-box">
<h1>Reconstruct</h1>
<p class="lead">Aanmelden voor de casus <strong>{html.escape(case_name)}</strong></p>
{error}
<form method="post">
<label for="name">Gebruikersnaam</label>
<input id="name" name="name" autocomplete="username" required autofocus>
<label for="password">Wachtwoord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" class="button">Aanmelden</button>
</form>
<p class="hint">Geen account? Een beheerder van de casus voegt u toe met
<code>python -m reconstruct users add</code>.</p>
</main></body></html>"""
