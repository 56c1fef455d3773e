"""Hostile trees: every bad input ends read correctly, or skipped with its reason as a GL901 finding,
and the scan goes on to report the rest of the tree.

Each test generates its input in tmp_path (no binary blob is committed) next to a planted finding, a
sandbox key in ``.env.production`` (GL101), that must still be reported. Keys a hostile file holds
are live-looking and built at run time, one seed per file, so each can be traced to where it was read.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import hits, run
from keyfactory import key

from golive.report import ExitCode, Report
from golive.reporters import render
from golive.reporters.parts import visible
from golive.sources import files, scan

SANDBOX_KEY = key("sk", "test", seed="planted")


def planted(root: Path) -> Path:
    """The normal finding every hostile tree also holds."""
    root.mkdir(parents=True, exist_ok=True)
    (root / ".env.production").write_text(f"STRIPE_SECRET_KEY={SANDBOX_KEY}\n", encoding="utf-8")
    return root


def assert_scan_went_on(report: Report) -> None:
    assert (".env.production", 1) in hits(report, "GL101")


def found(report: Report, secret: str) -> list[tuple[str, int]]:
    """Where the scan read ``secret``, once per reading: a key read twice would show twice."""
    return sorted((value.path, value.line) for value in report.inventory.values if value.key.value == secret)


def unreadable(report: Report) -> dict[str, tuple[str, str]]:
    """GL901 findings as {path: (severity, reason)}."""
    return {f.path: (f.severity.value, f.message) for f in report.findings if f.check_id == "GL901"}


def write(root: Path, rel: str, data: bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# --- Encodings ---------------------------------------------------------------------------------------


def env_text(secret: str) -> str:
    return f"# stripe settings\n\nSTRIPE_SECRET_KEY={secret}\nDEBUG=0\n"


def code_text(secret: str) -> str:
    return f"# stripe settings\n\nSTRIPE_SECRET_KEY = '{secret}'\nDEBUG = 0\n"


#: (file, its bytes around a key) for each encoding; the key is on line 3 in every one.
ENCODED = {
    "utf-16-be with BOM": (".env.staging", lambda s: codecs.BOM_UTF16_BE + env_text(s).encode("utf-16-be")),
    "utf-16-le without BOM": (".env.staging", lambda s: env_text(s).encode("utf-16-le")),
    "utf-16-be without BOM": (".env.staging", lambda s: env_text(s).encode("utf-16-be")),
    "utf-8 BOM before JSON": (
        "config/stripe.json",
        lambda s: codecs.BOM_UTF8 + f'{{\n\n  "stripe_secret_key": "{s}"\n}}\n'.encode(),
    ),
    "invalid utf-8": (
        "src/pay.py",
        lambda s: b"# stripe caf\xe9 \xc3\x28 \xed\xa0\x80 \xff\n\n" + code_text(s).split("\n\n", 1)[1].encode(),
    ),
    "CRLF": ("src/pay.py", lambda s: code_text(s).replace("\n", "\r\n").encode()),
    "lone CR": (".env.staging", lambda s: env_text(s).replace("\n", "\r").encode()),
    "NUL byte in an env file": (".env.staging", lambda s: env_text(s).replace("stripe settings", "stripe\0settings").encode()),
}


@pytest.mark.parametrize("encoding", sorted(ENCODED))
def test_every_encoding_is_read_at_the_right_line(tmp_path, encoding):
    root = planted(tmp_path / "app")
    rel, encode = ENCODED[encoding]
    secret = key("sk", "live", seed=encoding.replace(" ", ""))
    write(root, rel, encode(secret))
    report = run(root)
    assert found(report, secret) == [(rel, 3)]
    assert unreadable(report) == {}
    assert_scan_went_on(report)


def test_a_nul_byte_makes_a_code_file_binary_but_an_env_file_stays_text(tmp_path):
    """A NUL in the first 8 KiB marks a compiled or data file, which holds no config; an env file is
    config whatever bytes it holds (see ENCODED), so only its NUL is read past."""
    root = planted(tmp_path / "app")
    write(root, "src/blob.py", b"\0\0\0" + code_text(key("sk", "live", seed="blob")).encode())
    report = run(root)
    assert report.files_scanned == 1
    assert unreadable(report) == {}
    assert_scan_went_on(report)


def test_a_sparse_2_gib_file_is_never_read_whole(tmp_path):
    """Peak memory measured in a child process, whose RSS is golive's alone."""
    root = planted(tmp_path / "app")
    with open(root / "core.dump", "wb") as sparse:
        sparse.truncate(2 * 1024**3)
    child = (
        "import json, resource, sys\nfrom pathlib import Path\nfrom golive.sources.scan import collect\n"
        "collected = collect(Path(sys.argv[1]), [])\n"
        "print(json.dumps({'peak_kib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
        "'values': [[v.path, v.line] for v in collected.values], 'skipped': [s.path for s in collected.skipped]}))\n"
    )
    result = json.loads(
        subprocess.run([sys.executable, "-c", child, str(root)], capture_output=True, check=True, text=True).stdout
    )
    assert result["peak_kib"] < 300 * 1024
    assert result["values"] == [[".env.production", 1]]
    assert result["skipped"] == []  # binary, as a core dump is


def test_text_over_16_mib_is_streamed_with_exact_lines(tmp_path):
    """Keys cut by a 4 MiB read, a CRLF cut by the next one, and a key near the end of a 20 MB log."""
    root = planted(tmp_path / "app")
    straddling, near_the_end = key("sk", "live", seed="straddling"), key("rk", "live", seed="end")
    chunk, filler = scan.CHUNK_BYTES, b"# stripe debug " + b"x" * 83 + b"\r\n"
    log = bytearray()

    def fill_to(offset: int) -> None:
        log.extend(filler * ((offset - len(log)) // len(filler)))
        log.extend(b"#" * (offset - len(log)))

    fill_to(chunk - 30 - len(b"secret = "))
    log.extend(b"secret = " + straddling.encode() + b"\r\n")
    fill_to(2 * chunk - 1)
    log.extend(b"\r\n")  # CR ends the second read, LF starts the third
    fill_to(20_000_000)
    log.extend(b"restricted = " + near_the_end.encode() + b"\r\n" + filler * 3)
    assert len(log) > scan.STREAM_BYTES
    assert log[chunk - 30 : chunk - 22] == straddling.encode()[:8] and log[2 * chunk - 1 : 2 * chunk + 1] == b"\r\n"
    write(root, "logs/stripe-debug.log", bytes(log))

    report = run(root)

    def line_of(secret: str) -> int:
        return log.count(b"\n", 0, log.index(secret.encode())) + 1

    assert found(report, straddling) == [("logs/stripe-debug.log", line_of(straddling))]
    assert found(report, near_the_end) == [("logs/stripe-debug.log", line_of(near_the_end))]
    assert unreadable(report) == {}
    assert_scan_went_on(report)


def test_a_50_mb_single_line_bundle_is_read_at_line_1(tmp_path):
    root = planted(tmp_path / "app")
    secret = key("sk", "live", seed="bundle")
    half = b"var a=function(){return 1};" * (25_000_000 // 27)
    write(root, "dist/app.min.js", half + f'var stripeKey="{secret}";'.encode() + half)
    report = run(root)
    assert found(report, secret) == [("dist/app.min.js", 1)]
    assert unreadable(report) == {}
    assert_scan_went_on(report)


@pytest.mark.parametrize("unit", [" sc.", " client[", " stripe.x", " apiVersion: ", " ParseEvent", " k_test_", " new Stripe("])
def test_hand_written_size_code_dense_with_a_readers_literal_is_read_once_over(tmp_path, unit):
    """Under 512 kB, a code file is read for calls, pins and handlers, each only near its literals: a
    file that is nothing but one of them (100,000 times) must cost one pass, not one per occurrence."""
    root = planted(tmp_path / "app")
    secret = key("sk", "live", seed="dense")
    write(root, "src/dense.js", f'const stripe = require("stripe")("{secret}");\n'.encode() + (unit * 100_000)[:480_000].encode())
    report = run(root)
    assert found(report, secret) == [("src/dense.js", 1)]
    assert_scan_went_on(report)


# --- Parsers -----------------------------------------------------------------------------------------


def billion_laughs(head: str) -> str:
    """Nine aliases of nine aliases, nine deep: 387 million leaves from a 600-byte file."""
    levels = ["a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    levels += [
        f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    return head + "\n".join(levels) + "\n"


def merge_bomb(head: str) -> str:
    """The same explosion through merge keys, which the Kubernetes reader follows."""
    merges = ["m0: &m0 {stripe: x}"] + [f"m{i}: &m{i} {{<<: [" + ", ".join([f"*m{i - 1}"] * 9) + "]}" for i in range(1, 10)]
    return head + "---\n" + "\n".join(merges) + "\n"


DEEP = 100_000
MANIFEST = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stripe\ndata:\n  STRIPE_SECRET_KEY: {0}\n"

#: (file, text around the key(s), key lines, GL901 reason when the file is read as plain text instead).
CONFIGS = {
    "billion laughs": ("config/stripe.yaml", lambda s: billion_laughs(f"stripe_secret_key: {s}\n"), [1], "aliases expand"),
    "billion laughs in a workflow": (
        ".github/workflows/deploy.yml",
        lambda s: billion_laughs(f"env:\n  STRIPE_SECRET_KEY: {s}\n"),
        [2],
        "aliases expand",
    ),
    "merge-key bomb": ("k8s/stripe.yaml", lambda s: merge_bomb(MANIFEST.format(s)), [6], "aliases expand"),
    "alias cycle": ("config/stripe.yaml", lambda s: f"stripe_secret_key: {s}\nloop: &loop [*loop]\n", [1], "contains it"),
    "deep JSON": (
        "config/stripe.json",
        lambda s: f'{{"stripe_secret_key": "{s}",\n"deep": ' + "[" * DEEP + "]" * DEEP + "}\n",
        [1],
        "invalid JSON",
    ),
    "deep YAML": (
        "config/stripe.yaml",
        lambda s: f"stripe_secret_key: {s}\ndeep: " + "[" * DEEP + "]" * DEEP + "\n",
        [1],
        "invalid YAML",
    ),
    "invalid TOML": ("config/stripe.toml", lambda s: f'[stripe]\nsecret_key = "{s}"\n[[[broken\n', [2], "invalid TOML"),
    "duplicate JSON keys": (
        "config/stripe.json",
        lambda s: f'{{\n  "stripe_secret_key": "{s}",\n  "stripe_secret_key": "{s[:-1]}Z"\n}}\n',
        [2, 3],
        "duplicate key 'stripe_secret_key'",
    ),
    "duplicate YAML keys": (
        "config/stripe.yaml",
        lambda s: f"stripe_secret_key: {s}\nstripe_secret_key: {s[:-1]}Z\n",
        [1, 2],
        None,
    ),
}


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_hostile_config_is_bounded_and_its_keys_still_found(tmp_path, config):
    """Parsers run on every one (each says "stripe"); none may recurse, expand or hang. A file that
    is refused is read as plain text, so its keys are found all the same."""
    root = planted(tmp_path / "app")
    rel, build, lines, reason = CONFIGS[config]
    secret = key("sk", "live", seed=config.replace(" ", ""))
    write(root, rel, build(secret).encode())
    report = run(root)
    duplicate = secret[:-1] + "Z"
    assert sorted(found(report, secret) + found(report, duplicate)) == [(rel, line) for line in lines]
    if reason is None:
        assert unreadable(report) == {}
    else:
        severity, message = unreadable(report)[rel]
        assert severity == "warning" and reason in message and "read as plain text" in message
    assert_scan_went_on(report)


def test_yaml_tags_never_construct_objects(tmp_path):
    """Safe loading: a tag naming os.system or open stays text."""
    root = planted(tmp_path / "app")
    executed, opened = tmp_path / "executed", tmp_path / "opened"
    secret = key("sk", "live", seed="tags")
    write(
        root,
        "config/stripe.yaml",
        (
            f"stripe_secret_key: {secret}\n"
            f'run: !!python/object/apply:os.system ["touch {executed}"]\n'
            f'file: !!python/object/apply:builtins.open ["{opened}", "w"]\n'
            f"call: !!python/name:os.system\n"
        ).encode(),
    )
    report = run(root)
    assert not executed.exists() and not opened.exists()
    assert found(report, secret) == [("config/stripe.yaml", 1)]
    assert unreadable(report) == {}
    assert_scan_went_on(report)


# --- File system -------------------------------------------------------------------------------------


class GuardedOs:
    """The os module as scan.py and files.py see it, recording what they open and list, and failing
    for ``denied`` paths as the OS does without permission: root reads through chmod 000."""

    def __init__(self, denied: frozenset[str] = frozenset()) -> None:
        self.denied, self.touched = denied, []

    def __getattr__(self, name):
        return getattr(os, name)

    def _guard(self, path) -> None:
        self.touched.append(os.fspath(path))
        if os.fspath(path) in self.denied:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))

    def open(self, path, *args, **kwargs):
        self._guard(path)
        return os.open(path, *args, **kwargs)

    def scandir(self, path):
        self._guard(path)
        return os.scandir(path)


@pytest.fixture
def guarded_os(monkeypatch):
    def install(denied: frozenset[str] = frozenset()) -> GuardedOs:
        guard = GuardedOs(denied)
        monkeypatch.setattr(scan, "os", guard)
        monkeypatch.setattr(files, "os", guard)
        return guard

    return install


def test_permission_denied_is_an_error_even_for_root(tmp_path, guarded_os):
    root = planted(tmp_path / "app")
    write(root, "config/.env.staging", env_text(key("sk", "live", seed="denied")).encode())
    write(root, "private/.env.staging", b"")
    guarded_os(frozenset({str(root / "config" / ".env.staging"), str(root / "private")}))
    report = run(root)
    assert unreadable(report) == {
        "config/.env.staging": ("error", "cannot read: Permission denied"),
        "private": ("error", "cannot list folder: Permission denied"),
    }
    assert report.exit_code is ExitCode.NOT_READY
    assert_scan_went_on(report)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads through chmod 000")
def test_chmod_000_file_and_folder_are_errors(tmp_path):
    root = planted(tmp_path / "app")
    write(root, "config/.env.staging", env_text(key("sk", "live", seed="chmod")).encode())
    write(root, "private/.env.staging", b"")
    locked = [root / "config" / ".env.staging", root / "private"]
    for path in locked:
        path.chmod(0)
    try:
        report = run(root)
    finally:
        for path in locked:
            path.chmod(stat.S_IRWXU)
    assert {path: severity for path, (severity, _) in unreadable(report).items()} == {
        "config/.env.staging": "error",
        "private": "error",
    }
    assert report.exit_code is ExitCode.NOT_READY
    assert_scan_went_on(report)


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(socket, "AF_UNIX"), reason="needs FIFOs and UNIX sockets")
def test_fifo_socket_and_device_are_never_opened(tmp_path, guarded_os, monkeypatch):
    """Opening a FIFO with no writer blocks for ever; a device may never end."""
    root = planted(tmp_path / "app")
    os.mkfifo(root / "pipe.env")
    monkeypatch.chdir(root)  # a relative name: a socket path may not exceed 108 bytes
    listener = socket.socket(socket.AF_UNIX)
    listener.bind("stripe.sock")
    special = ["pipe.env", "stripe.sock"]
    try:
        os.mknod(root / "random.env", stat.S_IFCHR | 0o600, os.makedev(1, 8))
        special.append("random.env")
    except (PermissionError, AttributeError):
        pass  # creating a device needs privileges; the FIFO and socket still run
    guard = guarded_os()
    try:
        report = run(root)
    finally:
        listener.close()
    assert not {str(root / name) for name in special} & set(guard.touched)
    assert unreadable(report) == {
        name: ("error", "not a regular file (a pipe, socket or device): not opened") for name in special
    }
    assert report.exit_code is ExitCode.NOT_READY
    assert_scan_went_on(report)


def test_symlink_loops_and_links_out_of_the_root(tmp_path):
    """Loops end; a link out of the root is reported and not followed, so its key is not read."""
    root = planted(tmp_path / "app")
    outside = key("sk", "live", seed="outside")
    write(tmp_path, "elsewhere/.env.production", f"STRIPE_SECRET_KEY={outside}\n".encode())
    (root / "a.env").symlink_to("b.env")
    (root / "b.env").symlink_to("a.env")
    (root / "deploy").mkdir()
    (root / "deploy" / "up").symlink_to("..", target_is_directory=True)
    (root / "deploy" / "shared.env").symlink_to(tmp_path / "elsewhere" / ".env.production")
    (root / "deploy" / "gone.yaml").symlink_to("missing.yaml")
    report = run(root)
    findings = unreadable(report)
    assert findings["deploy/shared.env"] == ("warning", "symlink to a path outside the checked root: not followed")
    assert findings["deploy/gone.yaml"][0] == "error"
    assert {findings["a.env"][0], findings["b.env"][0]} == {"error"}
    assert findings["deploy/up"] == ("warning", "symlink to the checked root itself: not followed")
    assert set(findings) == {"a.env", "b.env", "deploy/shared.env", "deploy/gone.yaml", "deploy/up"}
    assert found(report, outside) == []
    assert_scan_went_on(report)


#: A file name as the OS holds it -> as golive reports it; each hides a key in src/.
NAMES = {
    b"new\nline.js": "new\nline.js",
    b"\x1b[31mred\x1b[0m.js": "\x1b[31mred\x1b[0m.js",
    b"<script>alert(1)</script>.js": "<script>alert(1)</script>.js",
    b"caf\xe9\xff.js": "caf\\xe9\\xff.js",
}


def test_hostile_file_names_are_read_and_shown_sanitised(tmp_path):
    root = planted(tmp_path / "app")
    folder = os.fsencode(root / "src")
    os.mkdir(folder)
    secrets = {}
    for index, (name, shown) in enumerate(NAMES.items()):
        secrets["src/" + shown] = secret = key("sk", "live", seed=f"name{index}")
        try:
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(f"// stripe\nconst key = '{secret}';\n".encode())
        except OSError:  # a file system that takes only UTF-8 names
            del secrets["src/" + shown]
    report = run(root)
    text_report, html_report = render(report, "text"), render(report, "html")
    for rel, secret in secrets.items():
        assert found(report, secret) == [(rel, 2)]
        assert visible(rel) in text_report and secret not in text_report
    assert "\x1b" not in text_report and "src/new\nline" not in text_report
    assert "<script>alert(1)</script>" not in html_report
    assert unreadable(report) == {}
    assert_scan_went_on(report)


def test_100000_empty_files_are_all_counted(tmp_path):
    """Far past SEQUENTIAL_FILES, so worker processes read them. The files are hard links, 1000 to an
    inode: each is its own directory entry, walked, opened and read like any file, without the tens of
    seconds that creating 100,000 inodes takes on a busy disk."""
    root = planted(tmp_path / "app")
    for folder_index in range(100):
        folder = root / f"part{folder_index:03}"
        folder.mkdir()
        first = folder / "empty0000.txt"
        first.touch()
        for index in range(1, 1000):
            os.link(first, folder / f"empty{index:04}.txt")
    report = run(root)
    assert report.files_scanned == 100_001
    assert unreadable(report) == {}
    assert_scan_went_on(report)
