"""The embedded engine: ArcadeDB from the `arcadedb-embedded` wheel, run as a managed child process.

The wheel bundles a JRE and the server jars, including the Neo4j Bolt plugin,
so a laptop with no database server and no Docker gets the same driver,
neomodel and Cypher as production. Everything lives in one data directory:

    <data_dir>/server/     ArcadeDB's root (databases/, config/, log/)
    <data_dir>/password    the generated root password, mode 0600
    <data_dir>/reader-password  the password of the engine's read-only user, mode 0600
    <data_dir>/engine.json where the running engine listens, and who owns it
    <data_dir>/engine.log  the engine's output
    <data_dir>/engine.lock serialises start and stop between processes

The data directory is kept at mode 0700 and the password files at 0600 (each
start takes back access others were given), and the engine listens on
127.0.0.1 only. No password is ever on the engine's command line: the users
are written into its configuration before it starts (`engine_users.py`).

The engine is started so that a query cannot take it over: `LOAD CSV` may not
read files or URLs, a command stops after `command_timeout` seconds
(`arcadedb.command.timeout`; 0 for none), and the JVM exits on running out of
memory instead of living on with requests that never end, so the supervisor
of `govgraph serve` starts it again.
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

from graphmodel.engine.engine_users import READER_USER, ROOT_USER, write_groups, write_users
from graphmodel.engine.errors import EngineError

SERVER_CLASS = "com.arcadedb.server.ArcadeDBServer"
BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"
LOOPBACK = "127.0.0.1"
__all__ = ["READER_USER", "ROOT_USER", "EmbeddedEngine", "EngineState"]
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
        # As the JVM binds: connections of a killed engine still in TIME_WAIT do not keep its port taken.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
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


# The engines this process launched, so their exit status is read from their `Popen` and no one else's.
_children: dict[int, subprocess.Popen] = {}


def exit_status(pid: int, wait: float = 0.0) -> int | None:
    """How a child engine of this process ended (negative: killed by that signal), waiting up to `wait` s.

    None while it runs, and for an engine this process did not launch, whose status only its parent
    can know. A killed JVM looks dead (its main thread a zombie) a moment before its other threads
    are gone and its status can be read, hence the wait.
    """
    child = _children.get(pid)
    if child is None:
        return None
    try:
        return child.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        return None


def describe_exit(status: int | None) -> str:
    if status is None:
        return "exit status unknown"
    if status < 0:
        try:
            return f"killed by {signal.Signals(-status).name}"
        except ValueError:
            return f"killed by signal {-status}"
    return f"exit status {status}"


PR_SET_PDEATHSIG = 1
# Loaded here, in the parent: loading a library between fork and exec can deadlock a threaded process.
_LIBC = ctypes.CDLL("libc.so.6", use_errno=True) if sys.platform.startswith("linux") else None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the kernel sends SIGTERM to the engine if the govgraph process dies, even by kill -9.

    The signal follows the *thread* that started the child, so owned engines
    are started from a thread that lives as long as the process: the main
    thread (the CLI, and the API's lifespan), or the engine supervisor's.
    """
    if _LIBC is not None:
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


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
        command_timeout: float = 0.0,
    ) -> None:
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.database = database
        self.bolt_port = bolt_port
        self.http_port = http_port
        self.java_heap = java_heap
        self.start_timeout = start_timeout
        self.command_timeout = command_timeout

    # -- paths ---------------------------------------------------------------
    @property
    def server_root(self) -> Path:
        return self.data_dir / "server"

    @property
    def password_file(self) -> Path:
        return self.data_dir / "password"

    @property
    def reader_password_file(self) -> Path:
        return self.data_dir / "reader-password"

    @property
    def state_file(self) -> Path:
        return self.data_dir / "engine.json"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "engine.log"

    @property
    def users_file(self) -> Path:
        return self.server_root / "config" / "server-users.jsonl"

    @property
    def groups_file(self) -> Path:
        return self.server_root / "config" / "server-groups.json"

    # -- public operations -----------------------------------------------------
    def running(self) -> EngineState | None:
        """The engine serving this data directory, if one is up; forgets stale records."""
        state = self.recorded()
        if state is None:
            self.state_file.unlink(missing_ok=True)
        return state

    def recorded(self) -> EngineState | None:
        """The engine `engine.json` names, if that process still runs; safe to ask without the lock.

        Unlike `running` it never removes a stale record, which could be a new one written meanwhile.
        """
        state = self._read_state()
        if state is not None and self.is_alive(state):
            return state
        return None

    def last_record(self) -> EngineState | None:
        """What `engine.json` says, whether or not that engine still runs; None after a clean stop."""
        return self._read_state()

    def is_alive(self, state: EngineState) -> bool:
        return process_alive(state.pid) and self._is_our_engine(state.pid)

    def start(self, *, detached: bool, previous: EngineState | None = None) -> tuple[EngineState, bool]:
        """Start the engine unless it runs; returns its state and whether this call started it.

        `previous`, an earlier run on this data directory, has its ports used again while they are free
        (and no port is configured), so clients holding the old address find the new engine there.
        """
        self._prepare_data_dir()
        with self._lock():
            state = self.running()
            if state is not None:
                return state, False
            password = self._password_for_start()
            write_users(self.users_file, root_password=password, reader_password=self._reader_password_for_start(),
                        database=self.database)
            write_groups(self.groups_file)
            state = self._launch(detached=detached, previous=previous)
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
        return self._read_password(self.password_file)

    def reader_password(self) -> str:
        """The password of the engine's read-only user (`READER_USER`)."""
        return self._read_password(self.reader_password_file)

    def reset_password(self) -> None:
        """Forget the root user and its password; the next start creates both anew. Data is kept."""
        self._prepare_data_dir()
        with self._lock():
            if self.running() is not None:
                raise EngineError("stop the engine first: govgraph db stop")
            self.users_file.unlink(missing_ok=True)
            self.password_file.unlink(missing_ok=True)
            self.reader_password_file.unlink(missing_ok=True)

    # -- start-up pieces ---------------------------------------------------------
    def _prepare_data_dir(self) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            _keep_private(self.data_dir, 0o700)
            probe = self.data_dir / ".write-test"
            probe.write_text("ok")
            probe.unlink()
        except OSError as err:
            reason = err.strerror or str(err)
            raise EngineError(f"data directory {self.data_dir} is not writable: {reason}") from err

    def _password_for_start(self) -> str:
        if self.password_file.exists():
            _keep_private(self.password_file, 0o600)
            return self._read_password(self.password_file)
        if self.users_file.exists():
            raise EngineError(
                f"password file {self.password_file} is missing but the engine in "
                f"{self.server_root} already has a root user; restore the file or run "
                "`govgraph db reset-password` (data is kept)"
            )
        return _create_password(self.password_file)

    def _reader_password_for_start(self) -> str:
        """The reader's password; a lost one is simply made anew, since its user is written at every start."""
        if not self.reader_password_file.exists():
            return _create_password(self.reader_password_file)
        _keep_private(self.reader_password_file, 0o600)
        try:
            return self._read_password(self.reader_password_file)
        except EngineError:
            self.reader_password_file.unlink()
            return _create_password(self.reader_password_file)

    @staticmethod
    def _read_password(path: Path) -> str:
        try:
            text = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            raise EngineError(f"password file {path} is missing") from None
        except (OSError, UnicodeDecodeError) as err:
            raise EngineError(f"password file {path} cannot be read: {err}") from err
        if not PASSWORD_PATTERN.match(text):
            raise EngineError(
                f"password file {path} is corrupt (expected one line of 16-128 "
                "letters, digits, - or _); restore it or run `govgraph db reset-password`"
            )
        return text

    def _choose_port(self, configured: int, what: str, env_name: str, previous: int | None) -> int:
        if configured == 0:
            return previous if previous and port_is_free(previous) else free_port()
        if not port_is_free(configured):
            raise EngineError(
                f"{what} port {configured} on {LOOPBACK} is already in use; "
                f"set {env_name} to a free port, or to 0 to pick one"
            )
        return configured

    def _command(self, bolt_port: int, http_port: int) -> list[str]:
        home = arcadedb_home()
        settings = {
            "arcadedb.server.rootPath": self.server_root,
            "arcadedb.server.databaseDirectory": self.server_root / "databases",
            "arcadedb.server.defaultDatabases": f"{self.database}[{ROOT_USER}]",
            "arcadedb.opencypher.loadCsv.allowFileUrls": "false",
            "arcadedb.opencypher.loadCsv.allowRemoteUrls": "false",
            "arcadedb.command.timeout": round(self.command_timeout * 1000),
            "arcadedb.server.httpIncomingHost": LOOPBACK,
            "arcadedb.server.httpIncomingPort": http_port,
            "arcadedb.server.plugins": BOLT_PLUGIN,
            "arcadedb.bolt.host": LOOPBACK,
            "arcadedb.bolt.port": bolt_port,
        }
        return [
            str(home / "jre" / "bin" / "java"),
            f"-Xmx{self.java_heap}",
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            str(home / "jars" / "*"),
            *(f"-D{key}={value}" for key, value in settings.items()),
            SERVER_CLASS,
        ]

    def _launch(self, *, detached: bool, previous: EngineState | None) -> EngineState:
        bolt_port = self._choose_port(self.bolt_port, "Bolt", "GOVGRAPH_BOLT_PORT", previous and previous.bolt_port)
        http_port = self._choose_port(self.http_port, "HTTP", "GOVGRAPH_HTTP_PORT", previous and previous.http_port)
        self.server_root.mkdir(exist_ok=True)
        log_offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        with open(self.log_file, "ab") as log:
            process = subprocess.Popen(
                self._command(bolt_port, http_port),
                cwd=self.server_root,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own session keeps a terminal's Ctrl-C away; a detached engine outlives us, an owned
                # one dies with us.
                start_new_session=True,
                preexec_fn=None if detached else _die_with_parent,  # noqa: PLW1509 - only a prctl call, see above
            )
        _children[process.pid] = process
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
    if pid in _children:
        _children[pid].poll()
        return
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def _create_password(path: Path) -> str:
    password = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(password + "\n")
    return password


def _keep_private(path: Path, mode: int) -> None:
    """Take group and world access away from a file or folder of ours (data and password are private)."""
    status = path.stat()
    if status.st_mode & 0o077 and status.st_uid == os.geteuid():
        path.chmod(mode)
