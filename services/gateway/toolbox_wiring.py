"""Plugs the toolbox and the cafés into the gateway app: their clients, API and portal
blueprints, and the public calendar feeds (kept here so app.py needs one line)."""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from services.gateway.cafes_api import cafes_api
from services.gateway.cafes_client import CafesClient
from services.gateway.cafes_portal import cafes_portal
from services.gateway.toolbox_api import calendar_feeds, toolbox_api
from services.gateway.toolbox_client import ToolboxClient
from services.gateway.toolbox_portal import toolbox_portal


def install_toolbox_and_cafes(app: Flask, settings, csrf: CSRFProtect) -> None:
    app.extensions["reconnect_toolbox"] = ToolboxClient(settings.toolbox_address)
    app.extensions["reconnect_cafes"] = CafesClient(settings.events_address)
    # Bearer tokens (API) and secret feed addresses (GET only): nothing for a forged form to ride on.
    for blueprint in (toolbox_api, cafes_api, calendar_feeds):
        csrf.exempt(blueprint)
        app.register_blueprint(blueprint)
    app.register_blueprint(toolbox_portal)
    app.register_blueprint(cafes_portal)
