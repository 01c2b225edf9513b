"""Every page carries the body: its emblem in the header (``/emblem``, from the profile's
``logo_file``) and a footer with the body's name, address and contact and ujikon's
version."""

from __future__ import annotations

import base64

from web_support import WebBench

from ujikon import __version__

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def _with_profile(web: WebBench, **extra: object) -> None:
    from toolkit import install_profile

    install_profile(web.app.state.ujikon.app.decrees, "root", **extra)


def test_the_footer_names_the_body_its_contact_and_the_version(web: WebBench) -> None:
    _with_profile(web, address="Jalan Merdeka No. 1, Sukamaju", contact="ppid@sukamajukab.go.id")
    for user, path in (("siti", "/"), ("budi", "/cases"), ("root", "/admin/users")):
        page = web.as_user(user).get(path).text
        footer = page.split("<footer>", 1)[1]
        assert "Jalan Merdeka No. 1, Sukamaju" in footer and "ppid@sukamajukab.go.id" in footer
        assert f"ujikon {__version__}" in footer
    login = web.client().get("/login").text
    assert f"ujikon {__version__}" in login.split("<footer>", 1)[1]


def test_the_emblem_is_shown_and_served_when_the_profile_names_one(web: WebBench) -> None:
    assets = web.workspace.directory / "assets"
    assets.mkdir(exist_ok=True)
    (assets / "lambang.png").write_bytes(PNG)
    _with_profile(web, logo_file="lambang.png")
    assert 'src="/emblem"' in web.as_user("siti").get("/").text
    served = web.client().get("/emblem")
    assert served.status_code == 200 and served.content == PNG
    assert served.headers["content-type"] == "image/png"


def test_without_an_emblem_there_is_no_image_and_no_file(web: WebBench) -> None:
    _with_profile(web)
    assert 'src="/emblem"' not in web.as_user("siti").get("/").text
    assert web.client().get("/emblem").status_code == 404


def test_a_certificate_is_named_as_people_read_it() -> None:
    from ujikon.web.render import readable_name

    subject = r"CN=Drs. Budi Santoso\, M.Si.,O=Pemerintah Kabupaten Sukamaju,C=ID"
    assert readable_name(subject) == "Drs. Budi Santoso, M.Si. — Pemerintah Kabupaten Sukamaju"
    assert readable_name("CN=Ir. Hendra") == "Ir. Hendra"
    assert readable_name("bukan DN") == "bukan DN"
