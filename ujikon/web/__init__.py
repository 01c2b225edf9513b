"""The web application: ``create_app(workspace)``; ``ujikon serve`` runs it."""

from ujikon.web.app import create_app

__all__ = ["create_app"]
