"""The reading check: is every keyword-capable parameter name the engine shows for a C builtin
one the callable accepts? Shared by ``bench_reading.py`` and ``tests/engine/test_reading.py``.

Three steps, each in its own process so that the engine under test and the probing never share
an interpreter:

1. :func:`builtin_paths` lists the public C callables of a few modules and of a class's methods
   (``torch.linalg.cond``, ``torch.Tensor.fmod``), in the order ``dir()`` gives them.
2. :func:`plan` reads each with ``sphinx_apidiff.introspect.read_api`` (whichever copy of the
   engine is first on ``sys.path``) and writes, per keyword-capable name, how to call it: which
   overload shows it and what must come before it (:class:`Probe`), or why it is unreadable.
3. :func:`run_probes` calls each callable, in a child process with a timeout, twice: with the
   name bound to a :class:`Sentinel`, then with a made-up name bound to it, and classifies the
   binding's own answer (:func:`classify`).

No real work is meant to run: every argument is a :class:`Sentinel`, an object no binding can
convert to a value (its ``__bool__``, ``__index__``, ``__len__`` ... raise); a binding that
parses all of them (PyTorch's argument parser, Python code that honours ``__torch_function__``)
hands the call to the sentinel's ``__torch_function__``, which raises :class:`Reached` instead
of computing anything. A binding that ignores all that and returns (``set_anomaly_enabled``
reads any object as a flag) did so in a child process that is thrown away. A method is called on a small instance built by
``INSTANCES`` (``torch.zeros(2)``), never on the class.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import tempfile
import types
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Modules and classes whose public C callables are checked.
TORCH_PLACES = (
    "torch",
    "torch.linalg",
    "torch.fft",
    "torch.special",
    "torch.nn.functional",
    "torch.Tensor",
)
#: How to get an instance of a class whose methods are probed (dotted class -> expression).
INSTANCES = {"torch.Tensor": "torch.zeros(2)"}
#: A parameter name no callable has.
MADE_UP = "apidiff_probe_no_such_parameter"

ACCEPTED, REJECTED, UNDECIDABLE = "accepted", "rejected", "undecidable"


# --------------------------------------------------------------------------------- 1. list


def _is_c_callable(obj: object) -> bool:
    return isinstance(
        obj,
        types.BuiltinFunctionType
        | types.MethodDescriptorType
        | types.WrapperDescriptorType
        | types.ClassMethodDescriptorType,
    )


def builtin_paths(places: Sequence[str] = TORCH_PLACES) -> list[str]:
    """Public C callables of ``places`` (modules or classes), each path once."""
    seen: dict[int, str] = {}
    paths: list[str] = []
    for place in places:
        module_name, _, cls_name = place.rpartition(".")
        try:
            holder = importlib.import_module(place)
        except ImportError:
            holder = getattr(importlib.import_module(module_name), cls_name)
        is_class = isinstance(holder, type)
        for name in dir(holder):
            if name.startswith("_"):
                continue
            try:
                obj = getattr(holder, name)
            except Exception:
                continue
            if not _is_c_callable(obj):
                continue
            if not is_class and id(obj) in seen:
                continue  # torch.nn.functional.conv2d is torch.conv2d: read once
            seen.setdefault(id(obj), f"{place}.{name}")
            paths.append(f"{place}.{name}")
    return paths


# --------------------------------------------------------------------------------- 2. plan


@dataclass
class Probe:
    """One keyword-capable name of one callable and the ways to reach it: per overload that
    shows it, how many positional sentinels go first and which keywords besides it."""

    path: str
    name: str
    fills: list[list] = field(default_factory=list)


def _fills(parameters: Sequence[dict], name: str) -> list[tuple[int, list[str]]]:
    """Ways to call one overload so that its binding gets as far as ``name``: the required
    positional parameters before it as positional sentinels, then the other required ones by
    their names (all of them; or, second, only the keyword-only ones)."""
    positional = 0
    after: list[str] = []
    keyword_only: list[str] = []
    seen = False
    for param in parameters:
        if param["name"] == name:
            seen = param["kind"] in ("positional-only", "positional-or-keyword")
            continue
        if param["default"] is not None or param["kind"] in ("var-positional", "var-keyword"):
            continue
        if param["kind"] == "keyword-only":
            keyword_only.append(param["name"])
        elif not seen:
            positional += 1
        elif param["kind"] == "positional-or-keyword":
            after.append(param["name"])
    fills = [(positional, after + keyword_only), (positional, keyword_only)]
    return list(dict.fromkeys((p, tuple(k)) for p, k in fills))  # type: ignore[arg-type]


def plan(paths: Iterable[str]) -> dict:
    """What the engine first on ``sys.path`` reads for ``paths``, as probes (JSON-ready)."""
    from sphinx_apidiff.api import ApiDiffError
    from sphinx_apidiff.introspect import read_api

    probes: list[dict] = []
    unreadable: dict[str, str] = {}
    sources: dict[str, str] = {}
    for path in paths:
        try:
            api = read_api(path)
        except ApiDiffError as exc:
            unreadable[path] = str(exc)
            continue
        sources[path] = api.source
        by_name: dict[str, Probe] = {}
        for sig in api.overloads:
            params = [p.to_dict() for p in sig.parameters]
            for param in params:
                if param["kind"] not in ("positional-or-keyword", "keyword-only"):
                    continue
                probe = by_name.setdefault(param["name"], Probe(path, param["name"]))
                for positional, keywords in _fills(params, param["name"]):
                    if [positional, list(keywords)] not in probe.fills:
                        probe.fills.append([positional, list(keywords)])
        probes.extend(asdict(p) for p in by_name.values())
    return {"probes": probes, "unreadable": unreadable, "sources": sources}


# -------------------------------------------------------------------------------- 3. probe


class Reached(Exception):
    """Raised by :class:`Sentinel` when a binding has parsed every argument."""


class Sentinel:
    """An argument no binding can compute with: bindings that dispatch on
    ``__torch_function__`` hand the whole call to it once they have parsed it, and one that
    tries to convert it (to a truth value, a number, a sequence) is stopped there."""

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        raise Reached

    def _refuse(self, *args, **kwargs):
        raise Reached

    __bool__ = __index__ = __int__ = __float__ = __len__ = __iter__ = __fspath__ = _refuse

    def __repr__(self) -> str:
        return "Sentinel"


_SENTINEL = Sentinel()
_LISTED = re.compile(r"^\s*(?:\*|\d+\.)\s*\((.*)\)", re.MULTILINE)
_EXPLICIT = (
    "unexpected keyword argument",
    "unrecognized keyword argument",
    "keywords were incorrect",
    "invalid keyword argument",
)


def _answer(func, positional: int, keywords: Sequence[str], name: str) -> tuple[str, str]:
    """``("reached" | "returned" | "raised", message)`` for one call."""
    kwargs = dict.fromkeys(keywords, _SENTINEL)
    kwargs[name] = _SENTINEL
    try:
        func(*([_SENTINEL] * positional), **kwargs)
    except Reached:
        return "reached", ""
    except Exception as exc:  # the binding's own answer
        return "raised", f"{type(exc).__name__}: {exc}"
    return "returned", ""


def _listed_names(message: str) -> set[str] | None:
    """Parameter names in a binding's "expected one of: * (Tensor input, Number p = None)"
    listing, or ``None`` when the message lists no signature."""
    items = _LISTED.findall(message)
    if not items:
        return None
    names: set[str] = set()
    for item in items:
        for part in item.split(","):
            head = part.split("=", 1)[0].split(":", 1)[0].strip().lstrip("*")
            words = re.findall(r"[A-Za-z_]\w*", head)
            if words:
                names.add(words[-1])
    return names


def classify(name: str, probed: tuple[str, str], made_up: tuple[str, str]) -> str:
    """The verdict on ``name`` from the call with it and the call with :data:`MADE_UP`."""
    outcome, message = probed
    if outcome == "reached":
        return ACCEPTED  # the binding parsed it (and every other argument)
    if outcome == "returned":  # nothing refused the sentinel (the child process is discarded)
        return ACCEPTED if made_up[0] == "raised" else UNDECIDABLE
    if made_up[0] == "raised" and made_up[1].replace(MADE_UP, name) != message:
        return ACCEPTED  # the binding told the name from a made-up one
    lowered = message.lower()
    if "takes no keyword arguments" in lowered:
        return REJECTED  # no name reaches it by keyword
    if any(phrase in lowered for phrase in _EXPLICIT) and re.search(
        rf"\b{re.escape(name)}\b", message
    ):
        return REJECTED
    listed = _listed_names(message)
    if listed is not None:
        return ACCEPTED if name in listed else REJECTED
    return UNDECIDABLE


def _callable(path: str, instances: dict[str, object]):
    owner, _, attr = path.rpartition(".")
    if owner in INSTANCES:
        if owner not in instances:
            namespace: dict[str, object] = {}
            exec(f"import {owner.split('.', 1)[0]}", namespace)
            instances[owner] = eval(INSTANCES[owner], namespace)
        return getattr(instances[owner], attr)
    module_name, _, rest = path.partition(".")
    obj: object = importlib.import_module(module_name)
    for part in rest.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            obj = importlib.import_module(f"{obj.__name__}.{part}")  # type: ignore[attr-defined]
    return obj


_MISSING = re.compile(r"missing \d* ?required (?:positional |keyword[- ]only )?arguments?:?(.*)")


def _missing(message: str) -> list[str]:
    """The names a binding says are missing (``missing 1 required positional arguments:
    "input"``)."""
    found = _MISSING.search(message)
    return re.findall(r"[\"'](\w+)[\"']", found.group(1)) if found else []


def _verdict(func, name: str, positional: int, keywords: list[str]) -> str:
    """One way of calling, and up to three more that add what the binding says is missing."""
    verdict = UNDECIDABLE
    for _round in range(4):
        probed = _answer(func, positional, keywords, name)
        made_up = _answer(func, positional, keywords, MADE_UP)
        verdict = classify(name, probed, made_up)
        more = [m for m in _missing(probed[1]) if m != name and m not in keywords]
        if verdict != UNDECIDABLE or not more:
            break
        keywords = [*keywords, *more]
    return verdict


def probe_batch(probes: Sequence[dict]) -> list[str]:
    """Verdicts for ``probes`` (in this process: call it in a child, see :func:`run_probes`).
    A name is accepted if one way of calling shows it is; else rejected if one shows that."""
    instances: dict[str, object] = {}
    verdicts: list[str] = []
    for item in probes:
        try:
            func = _callable(item["path"], instances)
        except Exception:
            verdicts.append(UNDECIDABLE)
            continue
        found = {
            _verdict(func, item["name"], positional, list(keywords))
            for positional, keywords in item["fills"] or [(0, [])]
        }
        verdicts.append(next(v for v in (ACCEPTED, REJECTED, UNDECIDABLE) if v in found))
    return verdicts


def _child(argv: list[str]) -> int:
    source, target = argv
    probes = json.loads(Path(source).read_text())
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - a binding may print
    Path(target).write_text(json.dumps(probe_batch(probes)))
    return 0


def run_probes(
    probes: Sequence[dict], *, batch: int = 150, timeout: float = 60.0, python: str | None = None
) -> list[str]:
    """Verdicts for ``probes``, each batch in a child process killed after ``timeout``
    seconds (its probes are then undecidable)."""
    verdicts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="apidiff-probe-") as tmp:
        for start in range(0, len(probes), batch):
            chunk = list(probes[start : start + batch])
            source, target = Path(tmp, "in.json"), Path(tmp, "out.json")
            source.write_text(json.dumps(chunk))
            target.unlink(missing_ok=True)
            command = [python or sys.executable, __file__, "--child", str(source), str(target)]
            try:
                subprocess.run(command, timeout=timeout, check=False, capture_output=True)
                answers = json.loads(target.read_text())
            except (subprocess.TimeoutExpired, OSError, ValueError):
                answers = [UNDECIDABLE] * len(chunk)
            verdicts.extend(answers)
    return verdicts


def plan_in_child(paths: Sequence[str], src: str | None, *, timeout: float = 600.0) -> dict:
    """:func:`plan` run by a child whose ``sys.path`` starts with ``src`` (an engine's
    ``src/`` directory), so that two copies of the engine can be checked in one run."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH", "")]))
    with tempfile.TemporaryDirectory(prefix="apidiff-plan-") as tmp:
        source, target = Path(tmp, "paths.json"), Path(tmp, "plan.json")
        source.write_text(json.dumps(list(paths)))
        subprocess.run(
            [sys.executable, __file__, "--plan", str(source), str(target)],
            env=env,
            timeout=timeout,
            check=True,
            cwd=tmp,
        )
        return json.loads(target.read_text())


def engine_location(src: str | None) -> str:
    """Where ``sphinx_apidiff`` is imported from with ``src`` first on the path."""
    code = "import sphinx_apidiff, os; print(os.path.dirname(sphinx_apidiff.__file__))"
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def counts(plan_result: dict, verdicts: Sequence[str]) -> dict[str, int]:
    tally = dict.fromkeys((ACCEPTED, REJECTED, UNDECIDABLE), 0)
    for verdict in verdicts:
        tally[verdict] += 1
    tally["unreadable"] = len(plan_result["unreadable"])
    tally["callables"] = len(plan_result["sources"]) + len(plan_result["unreadable"])
    return tally


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        raise SystemExit(_child(sys.argv[2:]))
    if sys.argv[1:2] == ["--plan"]:
        paths = json.loads(Path(sys.argv[2]).read_text())
        Path(sys.argv[3]).write_text(json.dumps(plan(paths)))
        raise SystemExit(0)
    raise SystemExit(f"usage: {sys.argv[0]} --child IN OUT | --plan IN OUT (see bench_reading.py)")


__all__ = [
    "ACCEPTED",
    "REJECTED",
    "UNDECIDABLE",
    "Probe",
    "builtin_paths",
    "classify",
    "counts",
    "engine_location",
    "plan",
    "plan_in_child",
    "run_probes",
]
