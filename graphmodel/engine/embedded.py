"""The embedded engine: ArcadeDB from the `arcadedb-embedded` wheel, run as a managed child process.

The wheel bundles a JRE and the server jars, including the Neo4j Bolt plugin,
so a laptop with no database server and no Docker gets the same driver,
neomodel and Cypher as production. Everything lives in one data directory:

    <data_dir>/server/     ArcadeDB's root (databases/, config/, log/)
    <data_dir>/password    the generated root password, mode 0600
    <data_dir>/engine.json where the running engine listens, and who owns it
    <data_dir>/engine.log  the engine's output
    <data_dir>/engine.lock serialises start and stop between processes
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from graphmodel.engine.errors import EngineError

SERVER_CLASS = "com.arcadedb.server.ArcadeDBServer"
BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"
LOOPBACK = "127.0.0.1"
ROOT_USER = "root"
PASSWORD_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
STOP_GRACE_SECONDS = 30.0


@dataclass(frozen=True)
class EngineState:
    """What `engine.json` records about a running engine."""

    pid: int
    bolt_port: int
    http_port: int
    detached: bool
    owner_pid: int
    started_at: float

    @property
    def bolt_uri(self) -> str:
        return f"bolt://{LOOPBACK}:{self.bolt_port}"


def arcadedb_home() -> Path:
    """The installed `arcadedb_embedded` package folder, with `jre/` and `jars/`."""
    try:
        import arcadedb_embedded
    except ImportError as err:  # pragma: no cover - a broken install
        raise EngineError(f"the embedded engine is not installed: {err}") from err
    return Path(arcadedb_embedded.__file__).parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
        return True


def port_answers(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((LOOPBACK, port)) == 0


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return _not_a_zombie(pid)


def _not_a_zombie(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        return True
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the kernel sends SIGTERM to the engine if the govgraph process dies, even by kill -9.

    The signal follows the *thread* that started the child, so owned engines
    are started from the main thread (the CLI, and the API's lifespan).
    """
    os.setsid()
    if sys.platform.startswith("linux"):
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class EmbeddedEngine:
    """Starts, finds and stops the ArcadeDB server for one data directory."""

    def __init__(
        self,
        data_dir: Path,
        *,
        database: str,
        bolt_port: int = 0,
        http_port: int = 0,
        java_heap: str = "1g",
        start_timeout: float = 60.0,
    ) -> None:
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.database = database
        self.bolt_port = bolt_port
        self.http_port = http_port
        self.java_heap = java_heap
        self.start_timeout = start_timeout

    # -- paths ---------------------------------------------------------------
    @property
    def server_root(self) -> Path:
        return self.data_dir / "server"

    @property
    def password_file(self) -> Path:
        return self.data_dir / "password"

    @property
    def state_file(self) -> Path:
        return self.data_dir / "engine.json"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "engine.log"

    @property
    def users_file(self) -> Path:
        return self.server_root / "config" / "server-users.jsonl"

    # -- public operations -----------------------------------------------------
    def running(self) -> EngineState | None:
        """The engine serving this data directory, if one is up; forgets stale records."""
        state = self._read_state()
        if state is None:
            return None
        if process_alive(state.pid) and self._is_our_engine(state.pid):
            return state
        self.state_file.unlink(missing_ok=True)
        return None

    def start(self, *, detached: bool) -> tuple[EngineState, bool]:
        """Start the engine unless it runs; returns its state and whether this call started it."""
        self._prepare_data_dir()
        with self._lock():
            state = self.running()
            if state is not None:
                return state, False
            password = self._password_for_start()
            state = self._launch(password, detached=detached)
            self._write_state(state)
            return state, True

    def stop(self) -> bool:
        """Stop the engine of this data directory; returns False when none was running."""
        if not self.data_dir.exists():
            return False
        with self._lock():
            state = self.running()
            if state is None:
                return False
            _terminate(state.pid)
            self.state_file.unlink(missing_ok=True)
            return True

    def stop_if_owned_by(self, pid: int) -> None:
        """Stop the engine if the process `pid` started it for its own use (not `db start`)."""
        state = self._read_state()
        if state is not None and not state.detached and state.owner_pid == pid:
            self.stop()

    def password(self) -> str:
        return self._read_password()

    def reset_password(self) -> None:
        """Forget the root user and its password; the next start creates both anew. Data is kept."""
        self._prepare_data_dir()
        with self._lock():
            if self.running() is not None:
                raise EngineError("stop the engine first: govgraph db stop")
            self.users_file.unlink(missing_ok=True)
            self.password_file.unlink(missing_ok=True)

    # -- start-up pieces ---------------------------------------------------------
    def _prepare_data_dir(self) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            probe = self.data_dir / ".write-test"
            probe.write_text("ok")
            probe.unlink()
        except OSError as err:
            reason = err.strerror or str(err)
            raise EngineError(f"data directory {self.data_dir} is not writable: {reason}") from err

    def _password_for_start(self) -> str:
        if self.password_file.exists():
            return self._read_password()
        if self.users_file.exists():
            raise EngineError(
                f"password file {self.password_file} is missing but the engine in "
                f"{self.server_root} already has a root user; restore the file or run "
                "`govgraph db reset-password` (data is kept)"
            )
        return self._create_password()

    def _read_password(self) -> str:
        try:
            text = self.password_file.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            raise EngineError(f"password file {self.password_file} is missing") from None
        except (OSError, UnicodeDecodeError) as err:
            raise EngineError(f"password file {self.password_file} cannot be read: {err}") from err
        if not PASSWORD_PATTERN.match(text):
            raise EngineError(
                f"password file {self.password_file} is corrupt (expected one line of 16-128 "
                "letters, digits, - or _); restore it or run `govgraph db reset-password`"
            )
        return text

    def _create_password(self) -> str:
        password = secrets.token_urlsafe(24)
        fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(password + "\n")
        return password

    def _choose_port(self, configured: int, what: str, env_name: str) -> int:
        if configured == 0:
            return free_port()
        if not port_is_free(configured):
            raise EngineError(
                f"{what} port {configured} on {LOOPBACK} is already in use; "
                f"set {env_name} to a free port, or to 0 to pick one"
            )
        return configured

    def _command(self, password: str, bolt_port: int, http_port: int) -> list[str]:
        home = arcadedb_home()
        settings = {
            "arcadedb.server.rootPath": self.server_root,
            "arcadedb.server.databaseDirectory": self.server_root / "databases",
            "arcadedb.server.rootPassword": password,
            "arcadedb.server.defaultDatabases": f"{self.database}[{ROOT_USER}]",
            "arcadedb.server.httpIncomingHost": LOOPBACK,
            "arcadedb.server.httpIncomingPort": http_port,
            "arcadedb.server.plugins": BOLT_PLUGIN,
            "arcadedb.bolt.host": LOOPBACK,
            "arcadedb.bolt.port": bolt_port,
        }
        return [
            str(home / "jre" / "bin" / "java"),
            f"-Xmx{self.java_heap}",
            "-cp",
            str(home / "jars" / "*"),
            *(f"-D{key}={value}" for key, value in settings.items()),
            SERVER_CLASS,
        ]

    def _launch(self, password: str, *, detached: bool) -> EngineState:
        bolt_port = self._choose_port(self.bolt_port, "Bolt", "GOVGRAPH_BOLT_PORT")
        http_port = self._choose_port(self.http_port, "HTTP", "GOVGRAPH_HTTP_PORT")
        self.server_root.mkdir(exist_ok=True)
        log_offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        with open(self.log_file, "ab") as log:
            process = subprocess.Popen(
                self._command(password, bolt_port, http_port),
                cwd=self.server_root,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # A detached engine must outlive the terminal; an owned one dies with us.
                start_new_session=detached,
                preexec_fn=None if detached else _die_with_parent,
            )
        state = EngineState(process.pid, bolt_port, http_port, detached, os.getpid(), time.time())
        self._wait_until_ready(process, state, log_offset)
        return state

    def _wait_until_ready(self, process: subprocess.Popen, state: EngineState, log_offset: int) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise EngineError(f"the embedded engine exited at start: {self._log_reason(log_offset)}")
            if self._log_since(log_offset).find("ArcadeDB Server started") >= 0 and port_answers(
                state.bolt_port
            ):
                return
            time.sleep(0.1)
        _terminate(process.pid)
        raise EngineError(
            f"the embedded engine did not start within {self.start_timeout:.0f} s; see {self.log_file}"
        )

    def _log_since(self, offset: int) -> str:
        try:
            with open(self.log_file, "rb") as log:
                log.seek(offset)
                return log.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def _log_reason(self, offset: int) -> str:
        lines = [line for line in self._log_since(offset).splitlines() if line.strip()]
        severe = [line for line in lines if "SEVER" in line or "Exception" in line or "Error" in line]
        reason = (severe or lines or ["no output"])[-1].strip()
        return f"{reason[:300]} (log: {self.log_file})"

    # -- state and locking ---------------------------------------------------------
    def _read_state(self) -> EngineState | None:
        try:
            return EngineState(**json.loads(self.state_file.read_text()))
        except (OSError, ValueError, TypeError):
            return None

    def _write_state(self, state: EngineState) -> None:
        temporary = self.state_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(state)))
        temporary.replace(self.state_file)

    def _is_our_engine(self, pid: int) -> bool:
        """Guards against a recycled pid: the process must be ArcadeDB on this data directory."""
        cmdline = Path(f"/proc/{pid}/cmdline")
        if not cmdline.exists():
            return True
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            return False
        root = f"-Darcadedb.server.rootPath={self.server_root}".encode()
        return SERVER_CLASS.encode() in args and root in args

    @contextmanager
    def _lock(self):
        with open(self.data_dir / "engine.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _terminate(pid: int) -> None:
    """SIGTERM lets ArcadeDB close its files; SIGKILL only if it hangs. Data survives either."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    while time.monotonic() < deadline:
        if not process_alive(pid):
            _reap(pid)
            return
        _reap(pid)
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _reap(pid)


def _reap(pid: int) -> None:
    """Collect our own child's exit status so it does not linger as a zombie."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
