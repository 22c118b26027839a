"""Automatic login inside the municipal network (seed 001: "Sitter du på en dator som är
ansluten i nätverket ska du inte behöva logga in").

The municipality's proxy authenticates the person (e.g. Kerberos/NTLM against the domain) and
passes their user name in a request header. STAFF_TRUSTED_HEADER names that header as a
request.META key ("HTTP_X_REMOTE_USER" for "X-Remote-User"); unset, the middleware switches
itself off.

Only enable it behind a proxy that removes the header from every request it receives from
clients and sets it itself: anyone who can send the header straight to the application can log
in as anyone.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import RemoteUserBackend
from django.contrib.auth.middleware import PersistentRemoteUserMiddleware
from django.core.exceptions import MiddlewareNotUsed

from . import conf


class TrustedHeaderMiddleware(PersistentRemoteUserMiddleware):
    """Logs in the user the trusted proxy names; a session started with the login form stays
    when the header is absent (e.g. from home, through another entrance). Place it right after
    AuthenticationMiddleware."""

    def __init__(self, get_response):
        header = conf.get("TRUSTED_HEADER")
        if not header:
            raise MiddlewareNotUsed("STAFF_TRUSTED_HEADER is not set")
        self.header = header
        super().__init__(get_response)

    def get_username(self, request) -> str:
        username = request.META[self.header].strip()
        if not username:
            raise KeyError(self.header)  # an empty header is no header
        return username


class TrustedHeaderBackend(RemoteUserBackend):
    """Authenticates the user named by the trusted header. Unknown names are refused unless
    STAFF_TRUSTED_HEADER_CREATE_USERS is true; inactive users are always refused."""

    @property
    def create_unknown_user(self) -> bool:  # type: ignore[override]
        return bool(conf.get("TRUSTED_HEADER_CREATE_USERS"))

    def authenticate(self, request, remote_user=None):
        if not remote_user or not conf.get("TRUSTED_HEADER"):
            return None
        return super().authenticate(request, remote_user)

    async def aauthenticate(self, request, remote_user=None):
        if not remote_user or not conf.get("TRUSTED_HEADER"):
            return None
        return await super().aauthenticate(request, remote_user)

    def configure_user(self, request, user, created=True):
        """A user created from the header logs in through the proxy only: no password."""
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

    def clean_username(self, username: str) -> str:
        if conf.get("TRUSTED_HEADER_STRIP_DOMAIN"):
            username = username.rsplit("\\", 1)[-1].split("@", 1)[0]
        return username.strip()


def is_trusted_header_login(request, credentials: dict[str, Any] | None) -> bool:
    """True for an authentication attempt made by TrustedHeaderMiddleware (the proxy has
    authenticated the person already). A site that throttles logins (e.g. django-axes'
    AXES_WHITELIST_CALLABLE) uses this to neither block nor count these attempts, so that
    someone else's password guessing behind the same address never stops the automatic login."""
    return bool(conf.get("TRUSTED_HEADER")) and "remote_user" in (credentials or {})
