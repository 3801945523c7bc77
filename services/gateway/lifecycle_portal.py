"""The portal's "Download my data": a page explaining the archive, and the download itself
(the same zip as ``GET /api/v1/me/export``, built with the signed-in person's token)."""

from __future__ import annotations

from flask import Blueprint, render_template

from services.gateway.lifecycle_api import export_archive
from services.gateway.portal import call, identity, signed_in_page

lifecycle_portal = Blueprint("lifecycle", __name__, url_prefix="/my-data")


@lifecycle_portal.get("")
@signed_in_page
def my_data():
    call(identity().get_me)  # a live session, or off to the sign-in page
    return render_template("lifecycle/my_data.html")


@lifecycle_portal.get("/download")
@signed_in_page
def download():
    return call(export_archive)
