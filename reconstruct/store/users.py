"""The case's access list: users with a role (viewer, editor, admin) and a hashed password.

Passwords are hashed with hashlib.scrypt (random salt, n=2**14, r=8, p=1) and compared in
constant time; they are never stored or logged in clear. While the list is empty everyone with
access to the case folder acts as admin (a single inspector on a laptop); the first user added
must be an admin, and the last admin cannot be removed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets

import pandas as pd
import sqlalchemy as sa

from reconstruct.store import tables as t
from reconstruct.store.core import ROLES, NotFoundError, StoreError, now

log = logging.getLogger("reconstruct.store")
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    """'scrypt$n$r$p$salt$hash' (base64) for a password."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **SCRYPT)
    b64 = base64.b64encode
    return "scrypt${n}${r}${p}$".format(**SCRYPT) + f"{b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    """Whether `password` matches a hash made by hash_password."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        found = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            dklen=len(base64.b64decode(digest)),
            n=int(n),
            r=int(r),
            p=int(p),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, base64.b64decode(digest))


class UsersMixin:
    """Store methods for the access list."""

    def add_user(self, name: str, password: str, role: str, *, user: str) -> None:
        """Put `name` on this case's access list with `role` (admins only, once there is a
        list), or change the role and password of a user already on it."""
        name = (name or "").strip()
        if not name or any(c.isspace() for c in name):
            raise StoreError("een gebruikersnaam is één woord zonder spaties")
        if role not in ROLES:
            raise StoreError(f"onbekende rol '{role}' (kies {', '.join(ROLES)})")
        if len(password or "") < MIN_PASSWORD:
            raise StoreError(f"een wachtwoord heeft minstens {MIN_PASSWORD} tekens")
        hashed = hash_password(password)
        with self._write(user, "admin") as conn:
            count = conn.execute(sa.select(sa.func.count()).select_from(t.users)).scalar()
            if count == 0 and role != "admin":
                raise StoreError("de eerste gebruiker van een casus moet admin zijn")
            old = conn.execute(sa.select(t.users.c.role).where(t.users.c.name == name)).scalar()
            if old == "admin" and role != "admin":
                self._keep_an_admin(conn, name)
            conn.execute(sa.delete(t.users).where(t.users.c.name == name))
            conn.execute(
                t.users.insert().values(
                    name=name, password_hash=hashed, role=role, created_by=user, created_at=now()
                )
            )
            self._audit(
                conn,
                user,
                "user_add" if old is None else "user_change",
                field=name,
                old=old,
                new=role,
            )
        log.info("user %s: role %s", name, role)

    def _keep_an_admin(self, conn, name: str) -> None:
        admins = conn.execute(
            sa.select(sa.func.count()).where(t.users.c.role == "admin", t.users.c.name != name)
        ).scalar()
        if admins == 0:
            raise StoreError(f"'{name}' is de laatste admin van deze casus; maak eerst een ander")

    def remove_user(self, name: str, *, user: str) -> None:
        """Take `name` off the access list (admins only; never the last admin)."""
        with self._write(user, "admin") as conn:
            role = conn.execute(sa.select(t.users.c.role).where(t.users.c.name == name)).scalar()
            if role is None:
                raise NotFoundError(f"geen gebruiker '{name}' in deze casus")
            if role == "admin":
                self._keep_an_admin(conn, name)
            conn.execute(sa.delete(t.users).where(t.users.c.name == name))
            self._audit(conn, user, "user_remove", field=name, old=role)
        log.info("user %s removed", name)

    def users(self) -> pd.DataFrame:
        """The access list: name, role, created_by, created_at (no password hashes)."""
        cols = [t.users.c.name, t.users.c.role, t.users.c.created_by, t.users.c.created_at]
        with self._read() as conn:
            return pd.read_sql(sa.select(*cols).order_by(t.users.c.name), conn)

    def verify_password(self, name: str, password: str) -> str | None:
        """The user's role when `password` is right, else None (for a login form)."""
        with self._read() as conn:
            row = conn.execute(sa.select(t.users).where(t.users.c.name == name)).first()
        if row is None:
            check_password(password, hash_password("timing"))  # same cost either way
            return None
        return row.role if check_password(password, row.password_hash) else None

    def role_of(self, name: str) -> str | None:
        """`name`'s role in this case: admin for everyone while there is no access list."""
        with self._read() as conn:
            if not conn.execute(sa.select(sa.func.count()).select_from(t.users)).scalar():
                return "admin"
            return conn.execute(sa.select(t.users.c.role).where(t.users.c.name == name)).scalar()
