"""Obtaining a release that is not (necessarily) installed, as a folder of sources to read
statically: a wheel or sdist file, a folder, a version from the package index (downloaded once
with pip's own ``pip download``, so the index settings and proxies of ``pip.conf`` apply), or a
git ref of a repository (``git archive``). Everything fetched or unpacked goes to the user's
cache (:mod:`.cache`); a folder is read where it is.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import email.parser
import functools
import hashlib
import importlib.metadata
import io
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..api import ApiDiffError
from ..introspect.static import NoSource
from .cache import cache_root, complete_entry
from .spec import ReleaseSpec

__all__ = [
    "Release",
    "ReleaseUnavailable",
    "default_base_dir",
    "obtain_release",
    "set_default_base_dir",
    "set_index_fetch",
]

#: Bumped when the layout of the unpacked entries changes.
_LAYOUT = 1


class ReleaseUnavailable(NoSource):
    """The release cannot be had here (not on the index, the index cannot be reached): a
    recorded snapshot entry may stand in for it."""


@dataclass(frozen=True)
class Release:
    """A release of one package, ready to be read from ``root`` (a folder on no path)."""

    package: str
    #: ``installed``, ``index``, ``wheel``, ``sdist``, ``folder`` or ``git``
    how: str
    version: str | None
    #: the folder that holds the package (``root / package``); '' for the installed release
    root: str
    #: what the reader is told of where it came from (a file's name, a ref: no absolute path)
    origin: str
    #: the release part as written (``1.26.4``, ``git:v1.0``, a path; '' installed)
    spec: str = ""

    @property
    def name(self) -> str:
        """``numpy 1.26.4``; when no version is known, ``mylib git:v1.0`` or the name of the
        file or folder (``mylib old-checkout``)."""
        if self.version:
            return f"{self.package} {self.version}"
        if self.how in ("folder", "wheel", "sdist"):
            return f"{self.package} {Path(self.spec).name or self.spec}"
        return f"{self.package} {self.spec or 'installed'}"

    def describe(self) -> str:
        """How it was read, for a card or a terminal: ``numpy 1.26.4, read from
        numpy-1.26.4-....whl (package index), not imported``."""
        if self.how == "installed":
            return f"{self.name}, installed, read from its source"
        return f"{self.name}, read from {self.origin}, not imported"


def _one_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[0] if lines else ""


# ----------------------------------------------------------------------------- packages


@functools.cache
def distribution_name(package: str) -> str:
    """The distribution that provides import name ``package`` here (``PyYAML`` for ``yaml``),
    else ``package`` itself."""
    try:
        names = importlib.metadata.packages_distributions().get(package) or []
    except Exception:  # a broken metadata folder: assume the usual same name
        names = []
    return names[0] if names else package


def _holds(folder: Path, package: str) -> bool:
    return (
        (folder / package / "__init__.py").is_file()
        or (folder / package / "__init__.pyi").is_file()
        or (folder / f"{package}.py").is_file()
        or (folder / f"{package}.pyi").is_file()
        or (folder / f"{package}-stubs").is_dir()
    )


def _package_root(top: Path, package: str) -> Path:
    """The folder under ``top`` that holds ``package`` (itself, ``src/``, an sdist's one
    top folder, or that folder's ``src/``)."""
    candidates = [top, top / "src"]
    subdirs = sorted(p for p in top.iterdir() if p.is_dir()) if top.is_dir() else []
    for sub in subdirs:
        candidates += [sub, sub / "src"]
    for folder in candidates:
        if _holds(folder, package):
            return folder
    raise ApiDiffError(f"no package {package!r} in it (looked in its top folder and src/)")


def _source_version(root: Path, package: str) -> str | None:
    """``__version__ = "1.0"`` in the package's ``__init__.py``, read with :mod:`ast`."""
    import ast

    init = root / package / "__init__.py"
    try:
        tree = ast.parse(init.read_text(encoding="utf-8", errors="replace"))
    except (OSError, SyntaxError, ValueError):
        return None
    for stmt in tree.body:
        if (
            isinstance(stmt, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__version__" for t in stmt.targets)
            and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, str)
        ):
            return stmt.value.value
    return None


def _metadata_version(text: str) -> str | None:
    return email.parser.Parser().parsestr(text, headersonly=True).get("Version")


# ------------------------------------------------------------------------------- archives


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()[:20]


def _unpack(archive: Path, package: str) -> tuple[Path, str, str | None]:
    """``(package root, how, version)`` of a wheel or sdist, unpacked once into the cache."""
    name = archive.name
    if name.endswith(".whl"):
        how = "wheel"
    elif name.endswith((".tar.gz", ".tgz", ".zip")):
        how = "sdist"
    else:
        raise ApiDiffError(f"{name}: not a wheel (.whl) or an sdist (.tar.gz, .zip)")
    target = cache_root() / "releases" / f"unpacked-{_LAYOUT}" / f"{_digest(archive)}-{how}"
    if not target.is_dir():
        with complete_entry(target) as tmp:
            try:
                if how == "wheel" or name.endswith(".zip"):
                    with zipfile.ZipFile(archive) as zf:
                        zf.extractall(tmp)
                else:
                    with tarfile.open(archive) as tf:
                        tf.extractall(tmp, filter="data")
            except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as exc:
                what = "wheel" if how == "wheel" else "sdist"
                raise ApiDiffError(f"{name}: not a {what} ({_one_line(str(exc))})") from None
    version = None
    if how == "wheel":
        metas = sorted(target.glob("*.dist-info/METADATA"))
        if not metas:
            raise ApiDiffError(f"{name}: not a wheel (no *.dist-info/METADATA in it)")
        version = _metadata_version(metas[0].read_text(encoding="utf-8", errors="replace"))
    else:
        infos = sorted(target.glob("PKG-INFO")) + sorted(target.glob("*/PKG-INFO"))
        if infos:
            version = _metadata_version(infos[0].read_text(encoding="utf-8", errors="replace"))
    try:
        root = _package_root(target, package)
    except ApiDiffError as exc:
        raise ApiDiffError(f"{name}: {exc}") from None
    return root, how, version


# --------------------------------------------------------------------------------- index

_NOT_FOUND = re.compile(r"No matching distribution found|Could not find a version", re.I)
_UNREACHABLE = re.compile(
    r"Could not fetch URL|NewConnectionError|Max retries exceeded|Temporary failure in name "
    r"resolution|ConnectTimeout|ProxyError|Network is unreachable|Connection refused",
    re.I,
)


def _pip_download(requirement: str, folder: Path, binary: bool) -> tuple[int, str]:
    args = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check"]
    args += ["--only-binary=:all:"] if binary else ["--no-binary=:all:"]
    args += [requirement, "-d", str(folder)]
    env = dict(os.environ, PIP_NO_INPUT="1")
    try:
        done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 1, str(exc)
    return done.returncode, done.stdout + "\n" + done.stderr


#: Whether a release may be fetched from the package index (``apidiff_release_fetch``).
_FETCH: list[bool] = [True]


def set_index_fetch(allowed: bool) -> None:
    """Allow or forbid :func:`obtain_release` to run ``pip download`` (the cache still
    answers when it holds the release)."""
    _FETCH[:] = [bool(allowed)]


def _from_index(package: str, version: str) -> tuple[Path, str, str | None, str]:
    dist = distribution_name(package)
    requirement = f"{dist}=={version}"
    slot = re.sub(r"[^\w.+-]", "_", f"{dist}-{version}".lower())
    target = cache_root() / "releases" / f"index-{_LAYOUT}" / slot
    if not target.is_dir() and not _FETCH[0]:
        raise ReleaseUnavailable(
            f"{requirement} is not in the cache, and fetching releases is turned off"
        )
    if not target.is_dir():
        with complete_entry(target) as tmp:
            status, output = _pip_download(requirement, tmp, binary=True)
            if status != 0 and not _UNREACHABLE.search(output):
                status, output = _pip_download(requirement, tmp, binary=False)
            if status != 0:
                if _UNREACHABLE.search(output):
                    raise ReleaseUnavailable(
                        f"the package index cannot be reached to fetch {requirement} "
                        "(pip download failed; offline?)"
                    )
                if _NOT_FOUND.search(output):
                    raise ReleaseUnavailable(f"{requirement} is not on the package index")
                last = [ln for ln in output.splitlines() if ln.strip()]
                reason = last[-1].strip() if last else "no output"
                raise ReleaseUnavailable(f"pip download {requirement} failed: {reason}")
    files = sorted(p for p in target.iterdir() if p.is_file())
    if not files:
        raise ReleaseUnavailable(f"pip download {requirement} wrote no file")
    root, how, found = _unpack(files[0], package)
    return root, how, found or version, f"{files[0].name} (package index)"


# ----------------------------------------------------------------------------------- git


def _git(repo: Path, *args: str, binary: bool = False):
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, timeout=300, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ApiDiffError(f"git cannot run: {_one_line(str(exc))}") from None
    if done.returncode != 0:
        raise ApiDiffError(_one_line(done.stderr.decode("utf-8", "replace")) or "git failed")
    return done.stdout if binary else done.stdout.decode("utf-8", "replace").strip()


def _from_git(package: str, ref: str, repo: Path) -> tuple[Path, str]:
    try:
        top = Path(_git(repo, "rev-parse", "--show-toplevel"))
    except ApiDiffError:
        raise ApiDiffError(f"git:{ref}: {repo} is not in a git repository") from None
    try:
        sha = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ApiDiffError:
        raise ApiDiffError(f"git:{ref}: no such ref in the repository {top.name}") from None
    target = cache_root() / "releases" / f"git-{_LAYOUT}" / sha
    if not target.is_dir():
        with complete_entry(target) as tmp:
            data = _git(top, "archive", "--format=tar", sha, binary=True)
            with tarfile.open(fileobj=io.BytesIO(data)) as tf:
                tf.extractall(tmp, filter="data")
    try:
        root = _package_root(target, package)
    except ApiDiffError as exc:
        raise ApiDiffError(f"git:{ref}: {exc}") from None
    return root, f"git ref {ref} ({sha[:12]}) of {top.name}"


# ---------------------------------------------------------------------------------- obtain


def _installed_version(package: str) -> str | None:
    try:
        return importlib.metadata.version(distribution_name(package))
    except Exception:
        return None


#: Where relative paths and ``git:`` are looked up when the caller names no folder (the Sphinx
#: layer sets the folder of ``conf.py``; else the working directory).
_BASE_DIR: list[str] = []


def set_default_base_dir(folder: str | os.PathLike[str] | None) -> None:
    """Make ``folder`` the default of :func:`obtain_release`'s ``base_dir`` (None: the
    working directory)."""
    _BASE_DIR[:] = [] if folder is None else [str(folder)]


def default_base_dir() -> str:
    return _BASE_DIR[0] if _BASE_DIR else "."


def obtain_release(
    package: str, spec: ReleaseSpec, base_dir: str | os.PathLike[str] | None = None
) -> Release:
    """The release of ``package`` that ``spec`` names, on disk (fetched or unpacked into the
    cache the first time). ``base_dir``: where a relative path and ``git:`` are looked up.

    Raises :class:`ReleaseUnavailable` when the index does not have it or cannot be reached,
    :class:`ApiDiffError` (one line) for a file that is not a wheel or sdist, a folder without
    the package, a ref the repository lacks.
    """
    base = Path(default_base_dir() if base_dir is None else base_dir)
    if spec.kind == "installed" or (
        spec.kind == "version" and _installed_version(package) == spec.value
    ):
        return Release(
            package, "installed", _installed_version(package), "", "installed", spec.text
        )
    if spec.kind == "version":
        root, how, version, origin = _from_index(package, spec.value)
        return Release(package, "index", version, str(root), origin, spec.text)
    if spec.kind == "git":
        root, origin = _from_git(package, spec.value, base)
        version = _source_version(root, package)
        return Release(package, "git", version, str(root), origin, spec.text)
    path = (base / Path(spec.value).expanduser()).resolve()
    if path.is_dir():
        try:
            root = _package_root(path, package)
        except ApiDiffError as exc:
            raise ApiDiffError(f"{spec.value}: {exc}") from None
        version = _source_version(root, package)
        return Release(package, "folder", version, str(root), f"the folder {path.name}", spec.text)
    if not path.is_file():
        raise ApiDiffError(f"{spec.value}: no such file or folder")
    root, how, version = _unpack(path, package)
    return Release(package, how, version, str(root), f"the {how} {path.name}", spec.text)
