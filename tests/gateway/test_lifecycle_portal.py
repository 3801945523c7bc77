"""The portal's "Download my data": the page (linked from the menu, in both languages) and
the zip it downloads; strangers are sent to sign in."""

from __future__ import annotations

import io
import json
import zipfile

from tests.gateway.test_web_security import csrf_token, sign_in


def test_my_data_page_and_download(gateway):
    stranger = gateway.get("/my-data/download")
    assert stranger.status_code == 302 and stranger.headers["Location"].split("?")[0].endswith("/login")

    assert sign_in(gateway, "nora").status_code == 302
    home = gateway.get("/")
    assert 'href="/my-data"' in home.text and "Mine data" in home.text
    page = gateway.get("/my-data")
    assert page.status_code == 200 and "Last ned dataene mine" in page.text
    assert 'href="/my-data/download"' in page.text

    download = gateway.get("/my-data/download")
    assert download.status_code == 200 and download.headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    assert set(archive.namelist()) == {"README.txt", "identity.json", "forum.json", "messaging.json",
                                       "toolbox.json", "cafes.json"}
    assert json.loads(archive.read("identity.json"))["account"]["username"] == "nora"

    gateway.post("/language", data={"lang": "en", "next": "/my-data",
                                    "csrf_token": csrf_token(page.text)})
    assert "Download my data" in gateway.get("/my-data").text
