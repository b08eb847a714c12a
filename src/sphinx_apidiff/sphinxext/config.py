"""Configuration: one dataclass is the single source of every ``apidiff_*`` value.

Each field carries its help text and validator; the docs' configuration reference is generated
from :func:`fields`. An invalid value is reported (``apidiff.config``) and its default is used.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from ..api import ApiDiffError
from ..comparison.categories import DEFAULT_PRECEDENCE, validate_precedence
from ..comparison.options import parse_type_equivalents
from ..comparison.perspective import KEYWORD_CALLS, PERSPECTIVES
from ..files import is_plain_relative
from ..links import check_url_template
from .warnings import Warn, file_location, warn

__all__ = [
    "PREFIX",
    "ApiDiffConfig",
    "choices",
    "conf_location",
    "fields",
    "get_config",
    "read_config",
    "register",
]

PREFIX = "apidiff_"


def _str_dict(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise TypeError("expected a dict of str to str")
    return dict(value)


def _str_list(value: Any) -> list[str]:
    if (
        isinstance(value, str)
        or not isinstance(value, list | tuple)
        or not all(isinstance(v, str) for v in value)
    ):
        raise TypeError("expected a list of str")
    return list(value)


def _preload(value: Any) -> list[str] | str:
    """``"auto"``, or module names: a list, or one string separated by commas (``-D``)."""
    if value == "auto":
        return value
    if isinstance(value, str):
        return [name.strip() for name in value.split(",") if name.strip()]
    try:
        return _str_list(value)
    except TypeError:
        raise TypeError('expected "auto" or a list of module names') from None


def _choice(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(repr(c) for c in choices)}")
        return value

    check.choices = choices  # type: ignore[attr-defined]
    return check


def _positive_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError("expected a number greater than 0")
    return float(value)


def _non_negative_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("expected a whole number, 0 or more")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected True or False")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a str")
    return value


#: Files of the output folder the export must not replace (the examples' report).
_OUTPUT_FILES = ("apidiff-examples.json",)


def _export_name(value: Any) -> str:
    name = _str(value)
    if name and (
        not name.endswith(".json") or not is_plain_relative(name) or name in _OUTPUT_FILES
    ):
        raise ValueError(
            "expected a .json file name in the output folder (a relative path of plain names, "
            "e.g. 'apidiff.json' or 'data/apidiff.json'), or '' for none"
        )
    return name


def _renames(value: Any) -> dict[str, str]:
    renames = _str_dict(value)
    grouped = [f"{k!r}: {v!r}" for k, v in renames.items() if len(k.split()) + len(v.split()) > 2]
    if grouped:
        raise ValueError(f"one name to one name, not a group ({grouped[0]}): write it on its page")
    return renames


def _precedence(value: Any) -> list[str]:
    return list(validate_precedence(_str_list(value)))


def _type_equivalents(value: Any) -> list[list[str]]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise TypeError("expected a list of lists of type names")
    if not all(isinstance(g, list | tuple) and all(isinstance(n, str) for n in g) for g in value):
        raise TypeError("expected a list of lists of type names")
    try:
        groups = parse_type_equivalents(value).groups
    except ApiDiffError as exc:
        raise ValueError(str(exc)) from None
    return [list(group) for group in groups]


def _coverage_notes(value: Any) -> str | dict[str, Any]:
    if isinstance(value, str):
        return value
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise TypeError("expected a file name or a dict of API paths")
    return value


def _field(
    default: Any,
    help: str,
    validator: Callable[[Any], Any],
    rebuild: str = "env",
    types: tuple[type, ...] | None = None,
):
    kwargs: dict[str, Any] = {
        "metadata": {"help": help, "validator": validator, "rebuild": rebuild, "types": types}
    }
    if isinstance(default, dict | list):
        kwargs["default_factory"] = lambda: type(default)(default)
    else:
        kwargs["default"] = default
    return field(**kwargs)


@dataclass
class ApiDiffConfig:
    """All ``apidiff_*`` configuration values (the attribute name without the prefix)."""

    labels: dict[str, str] = _field(
        {},
        'Label shown for each top-level package, e.g. ``{"torch": "PyTorch"}``; a longer '
        'dotted prefix wins (``{"torch.Tensor": "Tensor"}``). Default: the package name. When '
        "both sides get the same label, each is called by the shortest end of its path that "
        "tells them apart (``ConvTranspose2d`` / ``Conv2d``). The directive's ``:left-label:`` "
        "/ ``:right-label:`` win.",
        _str_dict,
    )
    category_precedence: list[str] = _field(
        list(DEFAULT_PRECEDENCE),
        "The categories of a difference, lowest to highest: a pair's category is the highest "
        'one its differences reach. Every category once; add ``"mixed"`` to call a pair '
        "with several kinds of difference, none ranked above it, ``mixed``. See "
        ":ref:`categories`.",
        _precedence,
    )
    ignore: list[str] = _field(
        [],
        'Parameter names left out of every comparison, e.g. ``["device", "dtype", '
        '"name", "out"]``. Added to each directive\'s ``:ignore:``.',
        _str_list,
    )
    private_parameters: bool = _field(
        False,
        "If true, parameters whose name starts with an underscore (private by Python's "
        "convention, such as PyTorch's ``_stacklevel``) are compared like the others. By "
        "default they are left out of the table, as ``apidiff_ignore`` leaves names out: they "
        "stay in the signature cards, unhighlighted, and are never undocumented. A parameter "
        "a ``:rename:`` names is compared either way. One page: "
        ":rst:dir:`apidiff:private-parameters`.",
        _bool,
    )
    renames: dict[str, str] = _field(
        {},
        'Project-wide renames, left name to right name, e.g. ``{"dim": "axis"}``: applied to '
        "every pair where one side has the one name and the other side the other (either way "
        "round). A directive's ``:rename:`` wins for the names it mentions. One name to one "
        "name: a group (``dim0 dim1=perm``) is written on its page.",
        _renames,
    )
    type_equivalents: list[list[str]] = _field(
        [],
        "Groups of type names that are one type when annotations are compared, e.g. "
        '``[["torch.nn.Module", "paddle.nn.Layer"], ["torch.device", "paddle.CUDAPlace"]]``. '
        "Without it, a type named by its side's own package is compared by its name "
        "(``torch.Tensor`` of PyTorch is ``paddle.Tensor`` of Paddle) and a bare name is the "
        "qualified name ending with it (``Tensor`` is ``torch.Tensor``). Groups that share a "
        "name are one group. See :ref:`type-equivalents`.",
        _type_equivalents,
    )
    signatures: dict[str, str] = _field(
        {},
        "Explicit signature text per dotted path, for libraries that are not installed where "
        "the docs are built. A directive's ``:left-signature:``/``:right-signature:`` win.",
        _str_dict,
    )
    reference_urls: dict[str, str] = _field(
        {},
        'URL templates per package for the cards\' "See more:" links to APIs whose docs are '
        'in no intersphinx inventory, e.g. ``{"torch": '
        '"https://pytorch.org/docs/stable/generated/{path}.html"}``; ``{path}`` is the '
        "dotted path, and other placeholders place parts of it (``{path_slashes}``, "
        "``{name}``, ``{parent}``, ``{module}``...: :ref:`reference-urls`). The longest "
        "matching package prefix wins (``torch.nn`` before "
        "``torch``); the project's own objects and intersphinx come first. A path that "
        "resolves nowhere is shown as plain code, not as a link.",
        _str_dict,
    )
    undocumented: str = _field(
        "warn",
        'What to do with a difference that no ``apidiff-note`` covers: ``"warn"`` (a short '
        'generated subsection and warning ``apidiff.undocumented``), ``"auto"`` (the '
        'subsection without a warning) or ``"ignore"`` (neither).',
        _choice("warn", "auto", "ignore"),
    )
    layout: str = _field(
        "compact",
        'How a page is laid out: ``"compact"`` (the category first, above the signatures; an '
        "author's note sits in its row of the table, under the difference, as PaddlePaddle's "
        "and MindSpore's pages put it; no generated subsections for undocumented differences) "
        'or ``"full"`` (the category under the table; every note is a subsection of "Usage '
        "differences\" that links back to its row, as MegEngine's pages do). See "
        ":ref:`layout-default`. Or a team's house style, the same facts laid out as its "
        'pages are: ``"paddle"``, ``"mindspore"`` or ``"megengine"`` (:ref:`house-styles`).',
        _choice("compact", "full", "paddle", "mindspore", "megengine"),
    )
    perspective: str = _field(
        "both",
        'The direction pages are read in: ``"both"`` (every fact of the table is a '
        'difference), ``"left"`` (for someone porting calls written for the left API: a '
        "fact that changes no such call, such as a parameter keyword-only on the left and "
        "positional-or-keyword on the right, is shown but not counted in the category, the "
        'counts and the undocumented differences) or ``"right"``. See :ref:`perspective`. '
        "One page: :rst:dir:`apidiff:perspective`.",
        _choice(*PERSPECTIVES),
    )
    keyword_calls: str = _field(
        "keyword-only",
        "With a perspective, which parameters the reader's calls pass by keyword, so that "
        'their position is no difference: ``"keyword-only"`` (only those), '
        '``"optional"`` (also every parameter with a default) or ``"all"``. See '
        ":ref:`perspective`. One page: :rst:dir:`apidiff:keyword-calls`.",
        _choice(*KEYWORD_CALLS),
    )
    template: str = _field(
        "apidiff/comparison.rst.jinja",
        "The jinja2 template that lays out a comparison in the ``compact`` and ``full`` "
        "layouts (each house style has its own: :ref:`house-styles`). A file of that name in "
        "one of the project's ``templates_path`` folders replaces the built-in one.",
        _str,
    )
    execution_mode: str = _field(
        "cache",
        '``"cache"``: run examples whose code, options or package versions changed, reuse '
        'stored results otherwise; ``"force"``: run every example on every build; '
        '``"off"``: show examples without running them.',
        _choice("cache", "force", "off"),
    )
    execution_timeout: float = _field(
        30.0,
        "Seconds an example may run before it is stopped (``:timeout:`` wins).",
        _positive_number,
    )
    execution_preload: list[str] | str = _field(
        "auto",
        "Modules imported once into a warm process from which each page's examples start, "
        'e.g. ``["torch"]``, so that a hundred pages do not pay a hundred imports. ``"auto"``: '
        "the installed packages the examples import (not the standard library, not the "
        "project's own modules); ``[]``: none.",
        _preload,
        types=(str, list, tuple),
    )
    execution_raise_on_error: bool = _field(
        False,
        "If true, the build exits non-zero at its end when any example failed, even without "
        "``-W``, after a summary of every failure.",
        _bool,
        rebuild="",
    )
    execution_warn_skipped: bool = _field(
        False,
        "If true, an example skipped for a missing ``:requires:`` package is a warning "
        "(``apidiff.example``); otherwise it is only logged.",
        _bool,
        rebuild="",
    )
    execution_max_output: int = _field(
        20000,
        "Characters of an example's output shown on the page; the rest is cut with a note.",
        _non_negative_int,
    )
    execution_jobs: int = _field(
        0,
        "Pages whose examples run at the same time; 0 follows ``sphinx-build -j`` (at least 1).",
        _non_negative_int,
        rebuild="",
    )
    export: str = _field(
        "apidiff.json",
        "The file, in the output folder, that every build writes with each comparison as data "
        "(:doc:`/reference/export`); an empty string writes none. A ``.json`` name, relative "
        "to the output folder (``data/apidiff.json``): never a page's name, never outside it.",
        _export_name,
        rebuild="",
    )
    signature_snapshot: str = _field(
        "",
        "The signature snapshot file, relative to the folder of ``conf.py``, e.g. "
        '``"apidiff-signatures.json"``: the signatures the pages use, recorded where the '
        "libraries are installed (:ref:`snapshots`), so that the pages build where they are "
        "not. A side whose library can be neither imported nor read from its source comes "
        "from it; a side read live that differs from its entry is warning "
        "``apidiff.drift``. Empty: no snapshot.",
        _str,
    )
    snapshot_packages: list[str] = _field(
        [],
        'The packages whose signatures the snapshot records, e.g. ``["torch", "megengine"]`` '
        "(the frameworks not installed everywhere the docs are built); empty: every package "
        "the pages read. Only what is recorded can drift.",
        _str_list,
        rebuild="",
    )
    static: list[str] = _field(
        [],
        'Packages read from their source without importing them, e.g. ``["megengine"]`` '
        "(a GPU-only build, an import that is slow or has side effects), by the comparisons "
        "and by ``apidiff-coverage``. A package whose import fails is read this way without "
        "being listed here.",
        _str_list,
    )
    coverage_notes: Any = _field(
        "",
        "What the project says once about the APIs ``apidiff-coverage`` lists "
        "(:ref:`coverage-notes`): a ``.csv``, ``.json`` or ``.toml`` file, relative to the "
        'folder of ``conf.py``, e.g. ``"coverage-notes.toml"``, or a dict in ``conf.py``, '
        '``{"torch.cat": {"counterpart": "megengine.functional.concat"}, "torch.absolute": '
        '{"alias": "torch.abs"}, "torch.Tensor.int_repr": {"reason": "no quantized '
        'tensors"}}``. Empty: none.',
        _coverage_notes,
        types=(str, dict),
    )
    release_fetch: bool = _field(
        True,
        "Whether a build may fetch a release that is not installed from the package index "
        "(``numpy.linspace@1.26.4``, ``.. apidiff-overview:: numpy==1.26.4 numpy``), once, "
        "into the user's cache (:ref:`releases`). False: only what the cache, a wheel, sdist, "
        "folder or git ref given by path, and the snapshots hold; a build that must not "
        "touch the network.",
        _bool,
    )
    overview_snapshots: str = _field(
        "",
        'A folder, relative to the folder of ``conf.py``, e.g. ``"apidiff-overviews"``, '
        "with a recorded file per ``apidiff-overview`` (written by a build with "
        ":confval:`apidiff_update_snapshot`): an overview whose release cannot be had here "
        "is shown as recorded, and says so. Empty: none.",
        _str,
    )
    update_snapshot: bool = _field(
        False,
        "If true, the build writes :confval:`apidiff_signature_snapshot` at its end with "
        "every signature its pages read from a library, as ``sphinx-apidiff snapshot`` does "
        "(``-D apidiff_update_snapshot=1``); no ``apidiff.drift`` warnings then.",
        _bool,
        rebuild="",
    )


def fields() -> list[dataclasses.Field]:
    return list(dataclasses.fields(ApiDiffConfig))


def choices(name: str) -> tuple[str, ...]:
    """The values a choice field (``undocumented``, ``layout``...) takes, as its validator checks."""
    field_ = next(f for f in fields() if f.name == name)
    return field_.metadata["validator"].choices


def _default(f: dataclasses.Field) -> Any:
    return f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default


def _types(default: Any) -> tuple[type, ...]:
    if isinstance(default, bool):
        return (bool,)
    if isinstance(default, float):
        return (int, float)
    if isinstance(default, list):
        return (list, tuple)
    return (type(default),)


def register(app: Sphinx) -> None:
    for f in fields():
        default = _default(f)
        types = f.metadata["types"] or _types(default)
        app.add_config_value(PREFIX + f.name, default, f.metadata["rebuild"], types)
    app.connect("config-inited", _validate, priority=400)


def _validate(app: Sphinx, config: Config) -> None:
    values = {}
    for f in fields():
        name = PREFIX + f.name
        value = getattr(config, name)
        try:
            values[f.name] = f.metadata["validator"](value)
        except (TypeError, ValueError) as exc:
            default = _default(f)
            warn(
                Warn.CONFIG,
                f"invalid {name} = {value!r}: {exc}; using {default!r}",
                conf_location(app, name),
            )
            values[f.name] = default
            setattr(config, name, default)
        else:
            setattr(config, name, values[f.name])
    _check_reference_urls(app, config)


def conf_location(app: Sphinx, name: str, line_if_unset: int | None = None) -> str | None:
    """conf.py, at the line that sets ``name`` when it is there (not for -D overrides: then
    ``line_if_unset``)."""
    if not app.confdir:
        return None
    conf = Path(app.confdir) / "conf.py"
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    line = next((i for i, text in enumerate(lines, 1) if text.startswith(name)), None)
    return file_location(conf, line or line_if_unset)


def _check_reference_urls(app: Sphinx, config: Config) -> None:
    """Leave out each template that cannot make a URL, with a warning located in conf.py."""
    name = PREFIX + "reference_urls"
    good = {}
    for package, template in getattr(config, name).items():
        try:
            check_url_template(template)
        except ValueError as exc:
            warn(
                Warn.REFERENCE,
                f"{name}[{package!r}] = {template!r} {exc}; left out",
                conf_location(app, name),
            )
        else:
            good[package] = template
    setattr(config, name, good)


def read_config(config: Config) -> ApiDiffConfig:
    """The validated values of a Sphinx ``Config``, read now (once a build: :func:`get_config`)."""
    return ApiDiffConfig(**{f.name: getattr(config, PREFIX + f.name) for f in fields()})


def get_config(env: BuildEnvironment) -> ApiDiffConfig:
    """The validated ``apidiff_*`` values of the build ``env`` belongs to (``app.env``,
    ``self.env``), built once a build: read them here rather than from ``app.config``."""
    from .state.build import build_state  # the state holds the configuration it reads

    return build_state(env).config
