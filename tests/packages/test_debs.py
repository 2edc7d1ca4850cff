"""What each .deb holds, as dpkg-deb and lintian see it."""

import gzip
import subprocess

EVERY_PACKAGE_SHIPS = [
    "./usr/bin/retroboard",
    "./lib/systemd/system/retroboard.service",
    "./etc/default/retroboard",
    "./usr/share/man/man1/retroboard.1.gz",
]
HUB75_DROP_IN = "./lib/systemd/system/retroboard.service.d/hub75.conf"


def contents(deb) -> list[str]:
    listing = subprocess.run(["dpkg-deb", "--contents", str(deb.path)], check=True, capture_output=True,
                             text=True).stdout
    return [line.split()[5] for line in listing.splitlines()]


def test_the_package_holds_the_binary_unit_options_manual_and_licences(deb):
    files = contents(deb)
    doc = f"./usr/share/doc/{deb.name}/"
    for path in [*EVERY_PACKAGE_SHIPS, doc + "copyright", doc + "third-party-licenses.gz",
                 f"./usr/lib/sysusers.d/{deb.name}.conf"]:
        assert path in files
    assert (HUB75_DROP_IN in files) == deb.rpi, "only the rpi flavour runs the service with GPIO access"


def test_the_options_file_is_a_conffile_so_upgrades_keep_it(deb):
    control = subprocess.run(["dpkg-deb", "--ctrl-tarfile", str(deb.path)], check=True, capture_output=True).stdout
    listing = subprocess.run(["tar", "-xO", "./conffiles"], input=control, check=True, capture_output=True).stdout
    assert listing.decode().split() == ["/etc/default/retroboard"]


def test_the_licence_follows_the_flavour(deb):
    copyright_text = (deb.root / "usr/share/doc" / deb.name / "copyright").read_text()
    assert "License: MIT" in copyright_text
    assert ("License: GPL-3" in copyright_text) == deb.rpi
    crates = gzip.decompress((deb.root / "usr/share/doc" / deb.name / "third-party-licenses.gz").read_bytes()).decode()
    assert "tokio " in crates and "Apache License" in crates
    assert ("rpi-led-panel 0.9.1: GPL-3.0" in crates) == deb.rpi


def test_the_package_depends_on_what_the_binary_links(deb):
    depends = deb.field("Depends")
    assert "libc6 (>= " in depends and "libgcc-s1" in depends
    assert (deb.field("Conflicts") == ("retroboard" if deb.rpi else "retroboard-rpi"))


def test_lintian_finds_no_errors(deb):
    run = subprocess.run(["lintian", "--fail-on", "error", "--no-tag-display-limit", str(deb.path)],
                         capture_output=True, text=True, timeout=300)
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr
