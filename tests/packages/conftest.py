"""The packages scripts/package.sh left in dist/, unpacked once each, and a way to run their
binaries on this machine (ARM ones under qemu-user, through the target's own loader)."""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
RUN_FOREIGN = ROOT / "scripts" / "run-foreign.sh"


@dataclass(frozen=True)
class Package:
    path: Path
    name: str
    version: str
    arch: str
    root: Path

    @property
    def binary(self) -> Path:
        return self.root / "usr" / "bin" / "retroboard"

    @property
    def rpi(self) -> bool:
        return self.name == "retroboard-rpi"

    @property
    def commit(self) -> str:
        """The commit the version names (0.1.0+git812.0b33505c1d2e)."""
        match = re.search(r"\.([0-9a-f]{7,40})$", self.version)
        assert match, f"version {self.version} names no commit"
        return match.group(1)

    def command(self, *args: str) -> list[str]:
        return [str(RUN_FOREIGN), self.arch, str(self.binary), *args]

    def field(self, name: str) -> str:
        return subprocess.run(["dpkg-deb", "-f", str(self.path), name], check=True, capture_output=True,
                              text=True).stdout.strip()


def built_debs() -> list[Path]:
    return sorted(DIST.glob("*.deb"))


def pytest_generate_tests(metafunc):
    if "deb" in metafunc.fixturenames:
        debs = built_debs()
        metafunc.parametrize("deb", debs, ids=[d.name.split("_")[0] + "-" + d.stem.split("_")[-1] for d in debs],
                             indirect=True, scope="session")


@pytest.fixture(scope="session")
def deb(request, tmp_path_factory) -> Package:
    path: Path = request.param
    fields = subprocess.run(["dpkg-deb", "-W", "--showformat=${Package} ${Version} ${Architecture}", str(path)],
                            check=True, capture_output=True, text=True).stdout.split()
    root = tmp_path_factory.mktemp(path.stem)
    subprocess.run(["dpkg-deb", "-x", str(path), str(root)], check=True)
    return Package(path, fields[0], fields[1], fields[2], root)

