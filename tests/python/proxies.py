"""Reverse proxies run from the repository's own configs: nginx.conf and deploy/apache/.

Each proxy gets a test copy of the shipped config in which only what must differ on a
test machine is replaced: the listen port, the upstream servers, and the pid, log and
temp paths. Every replacement must match exactly, so a change to the shipped config
that the tests no longer cover fails loudly instead of testing something else.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from services import find_binary, free_port

ROOT = Path(__file__).resolve().parents[2]
NGINX_CONF = ROOT / "nginx.conf"
APACHE_SITE = ROOT / "deploy" / "apache" / "retroboard.conf"
APACHE_MODULES = Path("/usr/lib/apache2/modules")
INSTALL_HINT = "run scripts/install-proxies.sh (as root) to install Debian's nginx and apache2"



def substitute(text: str, pattern: str, replacement: str, count: int = 1) -> str:
    new_text, found = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if found != count:
        raise AssertionError(f"pattern {pattern!r} matched {found} times in the shipped config, "
                             f"expected {count}: update the test template in {Path(__file__).name}")
    return new_text


def proxy_workdir() -> Path:
    """A private directory the proxy's unprivileged workers can still enter."""
    workdir = Path(tempfile.mkdtemp(prefix="retroboard-proxy-"))
    workdir.chmod(0o755)
    return workdir


def render_nginx(port: int, upstreams: list[int], workdir: Path) -> str:
    """nginx.conf for a test: one upstream uses the default block, three the ip_hash one."""
    text = NGINX_CONF.read_text()
    if len(upstreams) == 1:
        text = substitute(text, r"^(\s*)server 127\.0\.0\.1:5000;$", rf"\1server 127.0.0.1:{upstreams[0]};")
    else:
        text = substitute(text, r"^\s*server 127\.0\.0\.1:5000;\n", "")
        text = substitute(text, r"^(\s*)# ip_hash;$", r"\1ip_hash;")
        for index, upstream in enumerate(upstreams):
            text = substitute(text, rf"^(\s*)# server 127\.0\.0\.1:500{index};$",
                              rf"\1server 127.0.0.1:{upstream};")
    text = substitute(text, r"^(\s*)listen 80;$", rf"\1listen 127.0.0.1:{port};")
    text = substitute(text, r"^\s*listen \[::\]:80;.*\n", "")
    text = substitute(text, r"^pid /run/nginx\.pid;$", f"pid {workdir}/nginx.pid;")
    text = substitute(text, r"/var/log/nginx/", f"{workdir}/", count=2)
    temp_paths = "".join(f"    {kind}_temp_path {workdir}/{kind};\n"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return substitute(text, r"^http \{\n", "http {\n" + temp_paths)


def render_apache_site(port: int, upstreams: list[int]) -> str:
    """The Apache site for a test: the default member, or all three the comments show."""
    text = APACHE_SITE.read_text()
    for index, upstream in enumerate(upstreams):
        comment = "" if index == 0 else "# "
        text = substitute(text, rf"^(\s*){comment}(BalancerMember http://127\.0\.0\.1:)500{index} ",
                          rf"\g<1>\g<2>{upstream} ")
    return substitute(text, r"^<VirtualHost \*:80>$", f"<VirtualHost *:{port}>")


def render_apache_main(port: int, workdir: Path, site: Path) -> str:
    """A self-contained httpd.conf around the site, in place of Debian's /etc/apache2 tree."""
    modules = ["mpm_event", "authz_core", "headers", "proxy", "proxy_http",
               "slotmem_shm", "proxy_balancer", "lbmethod_byrequests"]
    lines = [
        "ServerName 127.0.0.1",
        f"Listen 127.0.0.1:{port}",
        f"PidFile {workdir}/httpd.pid",
        f"DefaultRuntimeDir {workdir}",
        f"Mutex file:{workdir} default",
        f"ErrorLog {workdir}/error.log",
        "LogLevel warn",
        f"Define APACHE_LOG_DIR {workdir}",
        r'LogFormat "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" combined',
        *(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so" for name in modules),
    ]
    if os.geteuid() == 0:
        lines += ["User www-data", "Group www-data"]
    lines.append(f"Include {site}")
    return "\n".join(lines) + "\n"


class Proxy:
    """One proxy process in the foreground, listening on a free 127.0.0.1 port."""

    def __init__(self, name: str, port: int, workdir: Path, command: list[str], env: dict[str, str]):
        self.name = name
        self.port = port
        self.workdir = workdir
        self.command = command
        self.env = env
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def error_log(self) -> str:
        return "".join(path.read_text(errors="replace") for path in sorted(self.workdir.glob("*error.log")))

    def start(self, timeout: float = 10.0) -> "Proxy":
        # Own session: if the master ever ignores SIGTERM, its workers go down with it.
        self.process = subprocess.Popen(self.command, env=self.env, start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                stderr = self.process.stderr.read()
                self.process.stderr.close()
                self.process = None
                raise RuntimeError(f"{self.name} exited at startup:\n{stderr}\n{self.error_log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} did not listen on {self.port}:\n{self.error_log()}")

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            self.process.stderr.close()
            self.process = None
        shutil.rmtree(self.workdir, ignore_errors=True)


def nginx(upstreams: list[int]) -> Proxy:
    binary = find_binary("nginx", INSTALL_HINT)
    port, workdir = free_port(), proxy_workdir()
    config = workdir / "nginx.conf"
    config.write_text(render_nginx(port, upstreams, workdir))
    command = [binary, "-e", str(workdir / "error.log"), "-c", str(config), "-g", "daemon off;"]
    return Proxy("nginx", port, workdir, command, dict(os.environ))


def apache(upstreams: list[int]) -> Proxy:
    binary = find_binary("apache2", INSTALL_HINT)
    if not (APACHE_MODULES / "mod_proxy_http.so").exists():
        pytest.fail(f"Apache's proxy modules are missing from {APACHE_MODULES}: {INSTALL_HINT}", pytrace=False)
    port, workdir = free_port(), proxy_workdir()
    site = workdir / "retroboard.conf"
    site.write_text(render_apache_site(port, upstreams))
    config = workdir / "httpd.conf"
    config.write_text(render_apache_main(port, workdir, site))
    # Debian's APACHE_* variables would shadow the Defines of the generated config.
    env = {key: value for key, value in os.environ.items() if not key.startswith("APACHE_")}
    return Proxy("apache", port, workdir, [binary, "-f", str(config), "-DFOREGROUND"], env)


PROXIES = {"nginx": nginx, "apache": apache}


def serve(name: str, upstream: int) -> None:
    """Runs one proxy in front of 127.0.0.1:`upstream` until SIGTERM, printing its URL first.

    The browser tests use this to reach the UI through the shipped proxy configs.
    """
    proxy = PROXIES[name]([upstream]).start()
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(SystemExit(0)))
    try:
        print(proxy.url, flush=True)
        while True:
            signal.pause()
    finally:
        proxy.stop()


if __name__ == "__main__":
    import sys

    serve(sys.argv[1], int(sys.argv[2]))
