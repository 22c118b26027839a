"""Only registrations: the 403 page for logged-in people outside a restriction (access.py)."""

from wagtail import hooks

from . import access

hooks.register("before_serve_page", access.before_serve_page)
hooks.register("before_serve_document", access.before_serve_document)
