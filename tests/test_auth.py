"""Sign-in when the app serves beyond 127.0.0.1: every route needs a session, the password is
checked against the case's access list, sessions time out, and every sign-in and view is in the
case's audit log."""

from __future__ import annotations

import time

import pytest

from reconstruct import auth
from reconstruct.store import open_store

PASSWORD = "lang-genoeg-wachtwoord"


@pytest.fixture
def case_with_users(demo_copy, monkeypatch):
    from reconstruct.cli import main

    monkeypatch.setenv("RECONSTRUCT_USER", "inspecteur")
    assert main(["ingest", str(demo_copy)]) == 0
    with open_store(demo_copy) as store:
        store.add_user("inspecteur", PASSWORD, "admin", user="inspecteur")
        store.add_user("lezer", PASSWORD, "viewer", user="inspecteur")
    return demo_copy


@pytest.fixture
def client(case_with_users):
    from app import create_app

    app = create_app(case_with_users, login=True, timeout_minutes=1)
    app.server.config["TESTING"] = True
    with app.server.test_client() as c:
        yield c


def _login(client, name="inspecteur", password=PASSWORD):
    return client.post("/login?next=/gebeurtenissen", data={"name": name, "password": password})


def _audit(case_root):
    with open_store(case_root) as store:
        return store.audit()


@pytest.mark.parametrize(
    ("host", "needed"),
    [
        ("127.0.0.1", False),
        ("localhost", False),
        ("::1", False),
        ("0.0.0.0", True),
        ("10.1.2.3", True),
    ],
)
def test_login_is_needed_beyond_loopback(host, needed):
    assert auth.needs_login(host) is needed


def test_nothing_without_a_session(client):
    page = client.get("/")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login?next=/")
    # Dash's own routes hold the case's data: refused, not redirected to a page.
    for path in ("/_dash-layout", "/_dash-dependencies"):
        assert client.get(path).status_code == 401
    assert client.post("/_dash-update-component", json={}).status_code == 401
    form = client.get("/login")
    assert form.status_code == 200 and "Aanmelden" in form.text
    assert "Sanne" not in form.text  # no case data on the sign-in page


def test_wrong_password_is_refused_and_audited(client, case_with_users):
    answer = _login(client, password="fout-wachtwoord")
    assert answer.status_code == 401 and "verkeerd wachtwoord" in answer.text
    assert client.get("/_dash-layout").status_code == 401
    last = _audit(case_with_users).iloc[-1]
    assert (last["actor"], last["action"]) == ("inspecteur", "login_refused")
    assert PASSWORD not in _audit(case_with_users).to_string()


def test_unknown_user_is_refused(client):
    assert _login(client, name="niemand").status_code == 401


def test_sign_in_opens_the_app_and_is_audited(client, case_with_users):
    answer = _login(client)
    assert answer.status_code == 302 and answer.headers["Location"] == "/gebeurtenissen"
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/").status_code == 200
    log = _audit(case_with_users)
    assert ("inspecteur", "login") in set(zip(log["actor"], log["action"], strict=True))


def test_no_open_redirect(client):
    answer = client.post(
        "/login?next=//elders.example/x", data={"name": "inspecteur", "password": PASSWORD}
    )
    assert answer.headers["Location"] == "/"


def test_repeated_failures_lock_the_name(client):
    for _ in range(auth.MAX_FAILURES):
        _login(client, password="fout")
    answer = _login(client)  # the right password, but locked for a while
    assert answer.status_code == 401 and "over een minuut" in answer.text


def test_idle_session_times_out(client, monkeypatch):
    _login(client)
    assert client.get("/_dash-layout").status_code == 200
    later = time.time() + 61
    monkeypatch.setattr(auth.time, "time", lambda: later)
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/").status_code == 302


def test_taken_off_the_access_list_means_signed_out(client, case_with_users):
    _login(client, name="lezer")
    assert client.get("/_dash-layout").status_code == 200
    with open_store(case_with_users) as store:
        store.remove_user("lezer", user="inspecteur")
    assert client.get("/_dash-layout").status_code == 401


def test_logout(client, case_with_users):
    _login(client)
    assert client.get("/logout").status_code == 302
    assert client.get("/_dash-layout").status_code == 401
    assert _audit(case_with_users).iloc[-1]["action"] == "logout"


def test_viewer_cannot_edit(client, case_with_users):
    """Roles are enforced by the store: a viewer signed in cannot change an event."""
    from reconstruct import app_state
    from reconstruct.store import AccessError

    _login(client, name="lezer")
    store = app_state.store()
    eid = store.events()["event_id"].iloc[0]
    with pytest.raises(AccessError):
        store.edit(eid, {"severity": 3}, user="lezer", expect_version=store.version(eid))


def test_every_page_view_is_audited(client, case_with_users):
    from app import record_view

    _login(client)
    with client.application.test_request_context("/"):
        import flask_login

        flask_login.login_user(auth.User("inspecteur", "admin"))
        record_view("/bevindingen")
    last = _audit(case_with_users).iloc[-1]
    assert (last["actor"], last["action"], last["detail"]) == (
        "inspecteur",
        "page_view",
        "/bevindingen",
    )


def test_views_do_not_bump_the_revision(case_with_users):
    with open_store(case_with_users) as store:
        before = store.revision()
        store.record("inspecteur", "page_view", "/")
        assert store.revision() == before
        assert store.audit().iloc[-1]["detail"] == "/"
