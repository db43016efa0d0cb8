"""A throwaway PostgreSQL cluster for the DuckLake tests: Debian's ``postgresql``
binaries (initdb, pg_ctl), a data folder and a Unix socket in a temporary folder, no
TCP, stopped when the tests end. PostgreSQL refuses to run as root, so as root the
server runs as the ``postgres`` user the Debian package creates."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class NoPostgres(RuntimeError):
    """PostgreSQL cannot be started here; the message says why (the tests skip with it)."""


def _bin_dir() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not versions:
        raise NoPostgres("PostgreSQL is not installed (no initdb; Debian: apt-get install postgresql)")
    return Path(versions[-1]).parent


def _server_user() -> str | None:
    """None: run as this user; else the unprivileged user to run the server as."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres").pw_name
    except KeyError as exc:
        raise NoPostgres("running as root and there is no 'postgres' user to run the server as") from exc


def _free_port() -> int:
    # The server listens on no TCP address; the port only names its socket file.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Postgres:
    bin_dir: Path
    folder: Path
    port: int
    user: str | None
    role: str = "redline"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.bin_dir / args[0]), *args[1:]], user=self.user, capture_output=True,
                              text=True, check=check, timeout=120, cwd=self.folder)

    def start(self) -> None:
        data = self.folder / "data"
        try:
            self._run("initdb", "-D", str(data), "-A", "trust", "-U", self.role, "-E", "UTF8", "--no-sync")
            options = f"-k {self.folder} -p {self.port} -c listen_addresses='' -c fsync=off -c max_connections=200"
            self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.folder / "server.log"), "-w", "start")
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", "") or ""
            raise NoPostgres(f"PostgreSQL did not start: {exc} {detail[-500:]}") from exc

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop", check=False)

    def create_database(self, name: str) -> str:
        """A new database; returns its libpq connection string."""
        self._run("createdb", "-h", str(self.folder), "-p", str(self.port), "-U", self.role, name)
        return self.dsn(name)

    def dsn(self, name: str) -> str:
        return f"dbname={name} host={self.folder} port={self.port} user={self.role}"


def start_postgres() -> Postgres:
    """A running cluster in a new temporary folder; NoPostgres when it cannot start."""
    bin_dir, user = _bin_dir(), _server_user()
    folder = Path(tempfile.mkdtemp(prefix="redline-pg-"))  # short: a socket path has at most 107 bytes
    if user:
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    server = Postgres(bin_dir, folder, _free_port(), user)
    server.start()
    return server
