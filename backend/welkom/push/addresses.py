"""Where Welkom may send web push: https endpoints on public addresses only.

A push endpoint is a URL the browser gives us, so to the server it is a URL chosen by whoever is
logged in. Without a check, ``https://169.254.169.254/...`` or ``https://127.0.0.1:6379/...`` would
make the server send requests into its own network once VAPID keys are set (server-side request
forgery). Two checks:

* when a device subscribes: https only, no user name or password in the URL, and the host must not
  be, or resolve to, a private, loopback, link-local, multicast or otherwise non-public address;
* when sending: the connection itself checks the address it actually connected to (after DNS), so a
  name that resolves to a public address at subscription and to an internal one later (DNS
  rebinding) is refused too. Sending never goes through an HTTP proxy from the environment.

``WEBPUSH_ALLOWED_NETWORKS`` (``WELKOM_PUSH_ALLOWED_NETWORKS``) lists networks that are allowed even
though they are not public, for a push service inside your own network; it is empty by default.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

Resolver = Callable[[str, int], Iterable[str]]


class ForbiddenAddress(Exception):
    """A push endpoint on an address Welkom does not send to."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)})


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(value, strict=False) for value in settings.WEBPUSH_ALLOWED_NETWORKS]


def address_allowed(value: str) -> bool:
    """True for a public unicast address, or one in WEBPUSH_ALLOWED_NETWORKS."""
    try:
        address = ipaddress.ip_address(value.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in network for network in _allowed_networks()):
        return True
    return address.is_global and not address.is_multicast


def endpoint_problem(endpoint: str, *, resolve: Resolver | None = None) -> str | None:
    """Why Welkom will not send to ``endpoint``, or None when it may.

    A host name that cannot be resolved now is not refused here (the check when sending decides);
    one that resolves to any address that is not public is."""
    try:
        parts = urlsplit(endpoint)
        port = parts.port or 443
    except ValueError:
        return _("This is not a valid address.")
    if parts.scheme != "https":
        return _("A push endpoint must use https://.")
    if parts.username is not None or parts.password is not None:
        return _("A push endpoint must not contain a user name or password.")
    host = parts.hostname or ""
    if not host:
        return _("A push endpoint needs a host name.")
    try:
        ipaddress.ip_address(host)
        addresses: Iterable[str] = [host]
    except ValueError:
        try:
            addresses = list((resolve or system_resolver)(host, port))
        except OSError:
            return None
    if not all(address_allowed(address) for address in addresses):
        return _("Push endpoints must be on the internet; this one points into a private network.")
    return None


# --- Sending: a requests session that checks the address it connected to -----------------------


def _checked_socket(sock: socket.socket, host: str) -> socket.socket:
    peer = str(sock.getpeername()[0])
    if not address_allowed(peer):
        sock.close()
        raise ForbiddenAddress(f"{host} is at {peer}, which is not a public address")
    return sock


class _CheckedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        return _checked_socket(super()._new_conn(), self.host)


class _CheckedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        return _checked_socket(super()._new_conn(), self.host)


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class _CheckedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _CheckedHTTPPool, "https": _CheckedHTTPSPool}


def push_session() -> requests.Session:
    """The requests session every web push is sent with (pywebpush's ``requests_session``)."""
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: the address check must see the peer
    adapter = _CheckedAdapter()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
