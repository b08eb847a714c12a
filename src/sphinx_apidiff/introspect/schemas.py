"""The schema source: the operator schemas a framework registers with its dispatcher, which its
generated Python bindings parse arguments by (``aten::linalg_cond(Tensor self, Scalar? p=None)
-> Tensor`` and its ``.out`` overload).

A C callable is looked up by its own ``__name__`` (``torch.linalg.cond`` is ``linalg_cond``), in
the namespace with the most operators among those that register that name (the framework's own,
before a backend's). A package has a registry when its compiled core, ``<package>._C``, exposes
the dispatcher's operator names and schemas; any other package has none and gets ``()``.

How a binding turns a schema into a call: a *function* takes the receiver ``self`` as ``input``
and gains ``out=`` from the ``.out`` overload of the same arguments; a *method* binds the
overloads without an out argument, ``self`` being the instance.
"""

from __future__ import annotations

import functools
import inspect
import sys
import types
from collections import Counter
from collections.abc import Sequence

from ..signature import Kind, Parameter, Signature, SignatureSyntaxError, default_is_known

#: What a generated function binding calls the receiver that a schema calls ``self``.
_FUNCTION_RECEIVER = "input"
_RECEIVER = "self"
_OUT = "out"


class _Registry:
    """One package's dispatcher registry: op name -> namespace, and the schemas of an op."""

    def __init__(self, core: types.ModuleType) -> None:
        self._schemas_of = core._jit_get_schemas_for_operator
        registered = [str(n) for n in core._dispatch_get_all_op_names()]
        self.registered = frozenset(registered)  # "aten::add.Tensor", "aten::add"
        sizes = Counter(n.partition("::")[0] for n in registered)
        spaces: dict[str, list[str]] = {}
        for full in registered:
            space, _, rest = full.partition("::")
            spaces.setdefault(rest.partition(".")[0], []).append(space)
        #: bare op name -> the namespace with the most operators that registers it
        self.namespace = {
            name: max(dict.fromkeys(found), key=lambda s: sizes[s])
            for name, found in spaces.items()
        }

    @functools.lru_cache(maxsize=4096)  # noqa: B019 -- one registry per package, kept for good
    def schemas(self, name: str) -> tuple:
        space = self.namespace.get(name)
        if space is None:
            return ()
        op = f"{space}::{name}"
        try:
            found = self._schemas_of(op)
        except Exception:  # a registry that refuses the name: nothing to read
            return ()
        registered = [
            s
            for s in found
            if (f"{op}.{s.overload_name}" if s.overload_name else op) in self.registered
        ]
        return tuple(registered)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 -- one registry per package, kept for good
    def overloads(self, name: str, method: bool) -> tuple[Signature, ...]:
        """The overloads op ``name`` binds as a method or as a function."""
        schemas = self.schemas(name)
        if not method:
            return tuple(dict.fromkeys(_function_overloads(schemas)))
        found = (
            _signature(s, True)
            for s in schemas
            if not _is_out(s) and any(a.name == _RECEIVER for a in s.arguments)
        )
        return tuple(dict.fromkeys(s for s in found if s is not None))


#: package -> its registry (a package without one is asked again: its core may load later).
_REGISTRIES: dict[str, _Registry] = {}


def _registry(top: str) -> _Registry | None:
    if top in _REGISTRIES:
        return _REGISTRIES[top]
    core = sys.modules.get(f"{top}._C")
    needed = ("_jit_get_schemas_for_operator", "_dispatch_get_all_op_names")
    if core is None or not all(callable(getattr(core, n, None)) for n in needed):
        return None
    try:
        registry = _Registry(core)
    except Exception:  # a registry that does not answer as expected: no schema source
        return None
    _REGISTRIES[top] = registry
    return registry


def _parameter(arg: object, name: str, kind: Kind) -> Parameter:
    if not arg.has_default_value():  # type: ignore[attr-defined]
        return Parameter(name, kind)
    text = repr(arg.default_value)  # type: ignore[attr-defined]
    return Parameter(name, kind, text, default_is_known(text))


def _is_out(schema: object) -> bool:
    return any(a.is_out for a in schema.arguments)  # type: ignore[attr-defined]


def _signature(schema: object, method: bool) -> Signature | None:
    params: list[Parameter] = []
    out_seen = False
    for arg in schema.arguments:  # type: ignore[attr-defined]
        if arg.is_out:
            if not out_seen:  # several out tensors are passed as one tuple, ``out=``
                params.append(Parameter(_OUT, Kind.KEYWORD_ONLY, "None"))
            out_seen = True
            continue
        kind = Kind.KEYWORD_ONLY if arg.kwarg_only else Kind.POSITIONAL_OR_KEYWORD
        name = arg.name
        if name == _RECEIVER:
            if method:
                continue
            name = _FUNCTION_RECEIVER
        params.append(_parameter(arg, name, kind))
    try:
        return Signature(tuple(params))
    except SignatureSyntaxError:  # a receiver named like another argument: not bindable so
        return None


def _function_overloads(schemas: Sequence[object]) -> list[Signature]:
    """Each functional overload with ``out=`` when an out overload has the same arguments; an
    out overload without such a sibling stands alone."""
    plain = [s for s in (_signature(x, False) for x in schemas if not _is_out(x)) if s]
    outs = [s for s in (_signature(x, False) for x in schemas if _is_out(x)) if s]
    result = list(plain)
    for out in outs:
        rest = tuple(p for p in out.parameters if p.name != _OUT)
        twin = next((i for i, s in enumerate(result) if s.parameters == rest), None)
        if twin is None:
            result.append(out)
        elif _OUT not in result[twin].names():
            result[twin] = out
    return result


def read_schema(obj: object, path: str, method: bool) -> tuple[Signature, ...]:
    """The overloads the registered schemas of C callable ``obj`` give, or ``()`` (not a C
    callable, no registry in its package, no op of its name)."""
    c_callable = inspect.isbuiltin(obj) or isinstance(
        obj, types.MethodDescriptorType | types.WrapperDescriptorType
    )
    name = getattr(obj, "__name__", None)
    if not c_callable or not isinstance(name, str):
        return ()
    registry = _registry(path.split(".", 1)[0])
    if registry is None:
        return ()
    return registry.overloads(name, method)


def unbound_names(method: bool) -> set[str]:
    """Keyword names a schema's binding never takes: a method binds no out overload."""
    return {_OUT} if method else set()
