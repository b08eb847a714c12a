"""Generate a PaddlePaddle-shaped set of "PyTorch → Paddle" mapping pages from the live libraries.

The pages follow the team's format guide (``pytorch_api_mapping_format_cn.md``: a title with
the category, the two sides with their links and printed signatures, a one-line summary, the
参数映射 table, the 转写示例 examples) and the variants of the development set
(``/work/shared/corpora/README.md``), in this script's own words. Nothing is copied from the
team's pages: every pair, signature and table row comes from the installed ``torch`` and
``paddle``:

* pairs: same-named callables of matching modules (``torch.X``/``paddle.X``,
  ``torch.nn.X``/``paddle.nn.X`` ignoring case, ``torch.Tensor.X``/``paddle.Tensor.X``, ...), a
  Tensor method against a Paddle function (``self`` → ``x``), attributes of both Tensors, and
  PyTorch APIs Paddle lacks (功能缺失, 组合替代实现, 可删除);
* signatures: read by the engine (``sphinx_apidiff.compare``), printed as the team prints them
  (no annotations, ``*`` before keyword-only parameters, one line or one parameter a line);
* tables: one row per parameter pair the engine matched (renamed, only on one side: ``-``,
  default differs), Paddle's ``name`` left out (format guide, rule 4); the category follows the
  guide's precedence, with seeded pages of usage/type/return differences;
* examples: ``# PyTorch 写法`` / ``# Paddle 写法`` halves, one per parameter that needs one;
  an example is written runnable (inputs defined) only when both halves ran here at generation
  time, otherwise as a fragment the way most pages write them (``x`` never defined).

Seeded variants, a few percent each: multi-comparison pages (Tensor method against both the
Paddle method and the function), ``(*args, **kwargs)`` printed for a parameterless module, a
row naming a parameter the library lacks (misspelt), a curly quote in a printed default, an
example that does not parse, an example naming an API that does not exist, a parameter table
outside the mapping section, one PyTorch parameter mapped to two Paddle ones, the category and
the table disagreeing. Also the generated index ``pytorch_api_mapping_cn.md`` in the form the
team commits it (``REFERENCE-MAPPING-TABLE`` and ``ALIAS-REFERENCE-ITEM`` lines that their
``apply_references.py`` expands).

Deterministic for a seed and the installed versions (page choice and variants come from
``random.Random`` seeded per API path; the probes that decide "runnable" run the same code).

    /work/venv-paddle/bin/python bench/gen_paddle_set.py -o DIR [--pages 1600] [--seed 22]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import inspect
import io
import json
import os
import random
import re
import signal
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

#: torch module, paddle module, folder under api_difference/
MODULES = (
    ("torch", "paddle", "torch"),
    ("torch.nn", "paddle.nn", "nn"),
    ("torch.nn.functional", "paddle.nn.functional", "functional"),
    ("torch.linalg", "paddle.linalg", "linalg"),
    ("torch.fft", "paddle.fft", "fft"),
    ("torch.special", "paddle", "special"),
    ("torch.optim", "paddle.optimizer", "optimizer"),
    ("torch.distributions", "paddle.distribution", "distributions"),
    ("torch.nn.init", "paddle.nn.initializer", "init"),
    ("torch.distributed", "paddle.distributed", "distributed"),
    ("torch.utils.data", "paddle.io", "utils"),
    ("torch.nn.utils", "paddle.nn.utils", "utils"),
    ("torch.autograd", "paddle.autograd", "autograd"),
    ("torch.cuda", "paddle.device.cuda", "cuda"),
    ("torch.amp", "paddle.amp", "amp"),
)

#: Where an API's page is probed for a runnable example: only pure tensor computations.
PROBE_MODULES = {"torch", "torch.nn.functional", "torch.linalg", "torch.fft", "torch.special"}
#: Names never called by a probe (global state, files, processes, devices).
PROBE_DENY = re.compile(
    r"set|seed|save|load|default|thread|compile|cuda|device|distributed|hub|print|manual|"
    r"flag|determin|grad_enabled|enable|disable|init|register|backend|profil|use_|warn|"
    r"export|trace|script|sleep|wait|empty_cache|sync|fork|spawn|share|pin|memory|storage|"
    r"from_file|from_numpy|numpy|tolist|backward|retain|record|vmap|jvp|vjp|func"
)

#: What a parameter is, in a few words (the note's first clause; the team's vocabulary).
DESCRIPTIONS = {
    "input": "输入的 Tensor",
    "self": "调用该方法的 Tensor",
    "x": "输入的 Tensor",
    "other": "参与运算的另一个 Tensor",
    "y": "参与运算的另一个 Tensor",
    "dim": "进行运算的维度",
    "axis": "进行运算的维度",
    "keepdim": "输出是否保留被归约的维度",
    "dtype": "输出 Tensor 的数据类型",
    "out": "输出的 Tensor",
    "device": "Tensor 所在的设备",
    "requires_grad": "是否需要计算梯度",
    "layout": "Tensor 的内存布局",
    "pin_memory": "是否把 Tensor 放在锁页内存中",
    "memory_format": "Tensor 的内存格式",
    "generator": "采样所用的随机数生成器",
    "inplace": "是否原地修改输入",
    "bias": "是否使用偏置",
    "weight": "权重 Tensor",
    "reduction": "对损失的归约方式",
    "size_average": "已弃用的归约参数",
    "reduce": "已弃用的归约参数",
    "kernel_size": "卷积核或池化窗口的大小",
    "stride": "步长",
    "padding": "填充的大小",
    "dilation": "空洞的大小",
    "groups": "分组数",
    "in_channels": "输入的通道数",
    "out_channels": "输出的通道数",
    "eps": "为数值稳定加到分母上的值",
    "momentum": "滑动平均的动量",
    "p": "概率或范数的阶",
    "size": "输出的形状",
    "shape": "输出的形状",
    "lr": "学习率",
    "params": "需要优化的参数",
    "weight_decay": "权重衰减系数",
    "alpha": "乘在某个输入上的系数",
    "value": "填充或比较所用的值",
    "index": "索引 Tensor",
    "mask": "掩码 Tensor",
    "num_classes": "类别数",
    "ignore_index": "不参与计算的目标值",
    "label_smoothing": "标签平滑的系数",
    "align_corners": "是否对齐角点",
    "mode": "插值或填充的方式",
    "non_blocking": "是否异步拷贝",
    "copy": "是否拷贝",
    "sorted": "结果是否排序",
    "descending": "是否降序",
    "start": "区间的起点",
    "end": "区间的终点",
    "step": "区间的步长",
    "n": "变换的长度",
    "norm": "归一化的方式",
}
#: A torch-only parameter: how the note ends (the guide's three endings).
ENDINGS_TORCH_ONLY = (
    "Paddle 无此参数，需要转写。",
    "Paddle 无此参数，一般对网络训练结果影响不大，可直接删除。",
    "Paddle 无此参数，暂无转写方式。",
)
REMOVABLE = {"layout", "memory_format", "generator", "pin_memory", "non_blocking", "copy"}
TORCH_DOCS = "https://pytorch.org/docs/stable"
PADDLE_DOCS = "https://www.paddlepaddle.org.cn/documentation/docs/zh/develop/api"
SETUP_TORCH = "x = torch.tensor([[0.2, 0.5, 0.1], [0.7, 0.9, 0.4]])"
SETUP_PADDLE = "x = paddle.to_tensor([[0.2, 0.5, 0.1], [0.7, 0.9, 0.4]])"


@dataclass
class Candidate:
    """One page to write: the PyTorch API, its Paddle counterpart (None: none), the form."""

    torch: str
    paddle: str | None
    folder: str
    form: str  # "pair", "method-function", "attribute", "missing", "composite", "removable"
    extra: list[str] = field(default_factory=list)  # a second Paddle API (multi-comparison)


# ----------------------------------------------------------------------------- discovery


def _public(obj) -> list[str]:
    return sorted(n for n in dir(obj) if not n.startswith("_"))


def _callable_names(mod) -> dict[str, object]:
    out = {}
    for name in _public(mod):
        try:
            obj = getattr(mod, name)
        except Exception:  # a lazy attribute that fails to load
            continue
        if callable(obj) and not inspect.ismodule(obj):
            out[name] = obj
    return out


def _key(name: str) -> str:
    return name.lower().replace("_", "")


def discover() -> dict[str, list[Candidate]]:
    """Every candidate page, by form, in a stable order."""
    import paddle
    import torch

    pools: dict[str, list[Candidate]] = {
        k: [] for k in ("pair", "method-function", "attribute", "missing")
    }
    seen: set[str] = set()
    for tmod, pmod, folder in MODULES:
        try:
            t, p = importlib.import_module(tmod), importlib.import_module(pmod)
        except Exception:  # a module this release lacks
            continue
        tnames, pnames = _callable_names(t), _callable_names(p)
        by_key = {_key(n): n for n in pnames}
        for name in tnames:
            path = f"{tmod}.{name}"
            if path in seen:
                continue
            seen.add(path)
            right = name if name in pnames else by_key.get(_key(name))
            if right is not None:
                pools["pair"].append(Candidate(path, f"{pmod}.{right}", folder, "pair"))
            elif tmod in ("torch.nn", "torch.nn.functional", "torch.linalg") or (
                tmod == "torch" and name.islower()  # not the C types torch exports
            ):
                pools["missing"].append(Candidate(path, None, folder, "missing"))
    tensor_t, tensor_p = set(_public(torch.Tensor)), set(_public(paddle.Tensor))
    paddle_funcs = _callable_names(paddle)
    for name in sorted(tensor_t):
        path = f"torch.Tensor.{name}"
        tobj = getattr(torch.Tensor, name, None)
        if not callable(tobj):
            if name in tensor_p:
                pools["attribute"].append(
                    Candidate(path, f"paddle.Tensor.{name}", "Tensor", "attribute")
                )
            continue
        if name in tensor_p and callable(getattr(paddle.Tensor, name, None)):
            extra = [f"paddle.{name}"] if name in paddle_funcs else []
            pools["pair"].append(Candidate(path, f"paddle.Tensor.{name}", "Tensor", "pair", extra))
        elif name in paddle_funcs:
            pools["method-function"].append(
                Candidate(path, f"paddle.{name}", "Tensor", "method-function")
            )
        else:
            pools["missing"].append(Candidate(path, None, "Tensor", "missing"))
    return pools


def choose(pools: dict[str, list[Candidate]], pages: int, seed: int) -> list[Candidate]:
    """``pages`` candidates in the proportions of the real set, shuffled by the seed; the
    PyTorch APIs Paddle lacks are split into missing, composite and removable pages."""
    rng = random.Random(seed)
    share = {"pair": 0.80, "method-function": 0.05, "attribute": 0.02, "missing": 0.13}
    chosen: list[Candidate] = []
    reserve: list[Candidate] = []
    for form, pool in pools.items():
        items = list(pool)
        rng.shuffle(items)
        cut = max(1, round(share[form] * pages * 1.1))
        chosen.extend(items[:cut])
        reserve.extend(items[cut:])
    rng.shuffle(chosen)
    rng.shuffle(reserve)
    chosen += reserve  # when a pool runs short, the others fill the set up
    for cand in chosen:
        if cand.form == "missing":
            roll = random.Random(f"{seed}:{cand.torch}:form").random()
            cand.form = "missing" if roll < 0.4 else "composite" if roll < 0.85 else "removable"
    return chosen  # more than asked: pages the engine cannot read are dropped in main()


# ------------------------------------------------------------------------ signatures


def printed(path: str, params: list[dict], wrap: bool) -> str:
    """A signature as the team prints it: no annotations, ``*`` before keyword-only."""
    parts: list[str] = []
    star = False
    for p in params:
        kind, name = p["kind"], p["name"]
        if kind == "var-positional":
            parts.append(f"*{name}")
            star = True
            continue
        if kind == "var-keyword":
            parts.append(f"**{name}")
            continue
        if kind == "keyword-only" and not star:
            parts.append("*")
            star = True
        default = p.get("default")
        parts.append(f"{name}={default}" if default is not None else name)
    if not wrap or len(parts) < 3:
        return f"{path}({', '.join(parts)})"
    pad = " " * (len(path) + 1)
    return f"{path}(" + (",\n" + pad).join(parts) + ")"


def _visible(params: list[dict]) -> list[dict]:
    """The parameters to print (the engine already leaves out a method's ``self``)."""
    return list(params)


# ---------------------------------------------------------------------------- probes


class _Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Timeout


def runs(code: str) -> bool:
    """Whether ``code`` runs here (torch and paddle imported), in two seconds, quietly."""
    import paddle
    import torch

    namespace = {"torch": torch, "paddle": paddle}
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(2)
    try:
        with (
            contextlib.redirect_stdout(io.StringIO()),
            contextlib.redirect_stderr(io.StringIO()),
            warnings.catch_warnings(),
        ):
            warnings.simplefilter("ignore")
            exec(compile(code, "<probe>", "exec"), namespace)  # our own probe
        return True
    except BaseException:  # any failure means "not runnable"
        return False
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _probeable(cand: Candidate) -> bool:
    module, _, name = cand.torch.rpartition(".")
    tensor_method = module == "torch.Tensor"
    if not (tensor_method or module in PROBE_MODULES) or PROBE_DENY.search(name.lower()):
        return False
    return not name.endswith("_") or tensor_method


def _call(path: str, args: str) -> str:
    """``torch.abs(x)``, or ``x.abs()`` for a Tensor method."""
    module, _, name = path.rpartition(".")
    if module in ("torch.Tensor", "paddle.Tensor"):
        return f"x.{name}({args.partition(', ')[2] if args.startswith('x') else args})"
    return f"{path}({args})"


# ------------------------------------------------------------------------------ pages


@dataclass
class Row:
    left: str
    right: str
    note: str


def _describe(name: str) -> str:
    return DESCRIPTIONS.get(name, f"表示参数 {name}")


def _rows(cand: Candidate, comp: dict, rng: random.Random) -> tuple[list[Row], str, list[str]]:
    """The table, the category from it (the guide's precedence), and the PyTorch parameters
    that need an example."""
    rows: list[Row] = []
    flags: set[str] = set()
    needs: list[str] = []
    only_left: list[str] = []
    only_right: list[str] = []
    for r in comp["rows"]:
        left, right, changes = r["left"], r["right"], set(r["changes"])
        if right == "name" and left is None:
            continue  # the guide: Paddle's name is never compared
        if left == "self" and right is not None:  # a Tensor method against a function
            rows.append(Row("self", right, "调用类方法的 Tensor，Paddle 作为第一个参数传入。"))
            continue
        if left is None:
            only_right.append(right)
            flags.add("only-right")
            rows.append(
                Row("-", right, f"{_describe(right)}，PyTorch 无此参数，Paddle 保持默认即可。")
            )
        elif right is None:
            only_left.append(left)
            flags.add("only-left")
            ending = (
                ENDINGS_TORCH_ONLY[1]
                if left in REMOVABLE
                else rng.choice((ENDINGS_TORCH_ONLY[0],) * 4 + (ENDINGS_TORCH_ONLY[2],))
            )
            if ending == ENDINGS_TORCH_ONLY[0]:
                needs.append(left)
            rows.append(Row(left, "-", f"{_describe(left)}，{ending}"))
        elif "default" in changes:
            flags.add("default")
            rows.append(
                Row(
                    left,
                    right,
                    f"{_describe(left)}，参数默认值不一致。Paddle 需设置为与 PyTorch 一致。",
                )
            )
        elif "renamed" in changes:
            flags.add("renamed")
            rows.append(Row(left, right, f"{_describe(left)}，仅参数名不一致。"))
        else:
            rows.append(Row(left, right, f"{_describe(left)}。"))
    # one PyTorch parameter against two Paddle ones (a usage difference written on one row)
    if len(only_left) == 1 and len(only_right) >= 2 and rng.random() < 0.5:
        a, b = only_right[:2]
        rows = [r for r in rows if r.right not in (a, b) and r.left != only_left[0]]
        rows.append(
            Row(
                only_left[0],
                f"{a}, {b}",
                f"{_describe(only_left[0])}，Paddle 用两个参数表示，需要转写。",
            )
        )
        flags.add("usage")
        needs = [n for n in needs if n != only_left[0]] + [only_left[0]]
    if not [r for r in rows if r.left != "self"]:
        category = "无参数"
    elif "usage" in flags:
        category = "输入参数用法不一致"
    elif "only-left" in flags:
        category = "torch 参数更多"
    elif "default" in flags:
        category = "参数默认值不一致"
    elif "only-right" in flags:
        category = "paddle 参数更多"
    elif "renamed" in flags:
        category = "仅参数名不一致"
    else:
        category = "参数完全一致"
    return rows, category, needs


SUMMARY = {
    "无参数": ("两者功能一致，均无参数。", "功能一致，无参数。"),
    "参数完全一致": ("两者功能一致，参数完全一致，具体如下：", "功能与参数均一致，具体如下："),
    "仅参数名不一致": (
        "两者功能一致，仅参数名不一致，具体如下：",
        "功能一致，参数名不同，具体如下：",
    ),
    "paddle 参数更多": ("其中 Paddle 相比 PyTorch 支持更多参数，具体如下：",),
    "参数默认值不一致": ("两者功能一致，但参数默认值不一致，具体如下：",),
    "torch 参数更多": ("其中 PyTorch 相比 Paddle 支持更多参数，具体如下：",),
    "输入参数用法不一致": ("其中 PyTorch 与 Paddle 的部分参数用法不一致，具体如下：",),
    "输入参数类型不一致": ("两者功能一致，但输入参数类型不一致，具体如下：",),
    "返回参数类型不一致": ("两者功能一致，但返回参数类型不一致，具体如下：",),
}


class Writer:
    """Writes one page's Markdown: the team's layout, with per-page seeded variants."""

    def __init__(self, cand: Candidate, seed: int) -> None:
        self.cand = cand
        self.rng = random.Random(f"{seed}:{cand.torch}")
        self.variants: list[str] = []
        self.examples = {"runnable": 0, "fragment": 0}

    # ---- pieces

    def title(self, category: str) -> str:
        level = "##"  # the team's checker accepts no other level
        style = self.rng.random()
        if style < 0.5:
            return f"{level} [ {category} ]{self.cand.torch}"
        if style < 0.8:
            return f"{level} [ {category} ] {self.cand.torch}"
        return f"{level} [{category}]{self.cand.torch}"

    def torch_url(self, path: str) -> str:
        if self.cand.form == "attribute":
            return f"{TORCH_DOCS}/tensors.html#{path}"
        url = f"{TORCH_DOCS}/generated/{path}.html"
        roll = self.rng.random()
        if roll < 0.4:
            return f"{url}?highlight={path.rsplit('.', 1)[1].lower()}#{path}"
        return f"{url}#{path}" if roll < 0.8 else url

    def paddle_url(self, path: str, sig: str) -> str:
        parts = path.split(".")
        if parts[1] == "Tensor":
            anchor = re.sub(r"[^a-z0-9]+", "-", sig.split(".", 2)[2].lower()).strip("-")
            return f"{PADDLE_DOCS}/paddle/Tensor_cn.html#{anchor}"
        folder = "/".join(parts[:-1])
        return f"{PADDLE_DOCS}/{folder}/{parts[-1]}_cn.html"

    def side(self, path: str, signature: str, url: str) -> str:
        # the checker reads a signature only after a bare ```python (examples vary)
        return f"### [{path}]({url})\n\n```python\n{signature}\n```\n"

    def table(self, rows: list[Row], heading: str = "参数映射") -> str:
        header = self.rng.choice(("PaddlePaddle", "Paddle"))
        lines = [
            f"### {heading}",
            "",
            f"| PyTorch | {header} | 备注 |",
            "| ------- | ------------ | ---- |",
        ]
        lines += [f"| {r.left} | {r.right} | {r.note} |" for r in rows]
        return "\n".join(lines) + "\n"

    def example(self, heading: str, torch_code: str, paddle_code: str) -> str:
        colon = self.rng.choice(("：", "：", ": "))
        mark = self.rng.choice(("", "", ":"))
        fence = "```python" if self.rng.random() < 0.9 else "``` python"
        return (
            f"#### {heading.replace('：', colon, 1)}\n\n{fence}\n# PyTorch 写法{mark}\n{torch_code}\n\n"
            f"# Paddle 写法{mark}\n{paddle_code}\n```\n"
        )

    def param_example(self, left: str, param: str, default: str | None, right: str) -> str:
        """The example of a PyTorch-only parameter: runnable when both halves run here."""
        # a required parameter: a name the fragment leaves undefined
        value = "y" if param == "out" else default if default is not None else param
        t_call = _call(left, f"x, {param}={value}")
        p_call = _call(right, "x")
        if param == "out":
            t_code, p_code = f"{t_call}", f"paddle.assign({p_call}, y)"
            # runnable: the output Tensor made first, by the call itself
            setup = (f"y = {_call(left, 'x')}\n", f"y = {p_call}\n")
        else:
            t_code, p_code = f"y = {t_call}", f"y = {p_call}"
            setup = ("", "")
        heading = f"{param}：{_describe(param)}"
        if default is None and param != "out":
            self.examples["fragment"] += 1
            return self.example(heading, t_code, p_code)
        return self.maybe_runnable(heading, t_code, p_code, setup)

    def maybe_runnable(
        self, heading: str, t_code: str, p_code: str, setup: tuple[str, str] = ("", "")
    ) -> str:
        """An example with its inputs defined when both halves run here (most of the time),
        otherwise the fragment most pages write (``x`` never defined)."""
        if _probeable(self.cand) and self.rng.random() < 0.85:
            t_full = f"{SETUP_TORCH}\n{setup[0]}{t_code}"
            p_full = f"{SETUP_PADDLE}\n{setup[1]}{p_code}"
            if runs(t_full) and runs(p_full):
                self.examples["runnable"] += 1
                return self.example(heading, t_full, p_full)
        self.examples["fragment"] += 1
        return self.example(heading, t_code, p_code)

    # ---- whole pages

    def comparison(
        self, comp: dict, right_path: str, category_hint: str | None = None
    ) -> tuple[str, str]:
        """One comparison (sides, summary, table, examples) and its category."""
        rng = self.rng
        left = comp["left"]
        lparams = _visible(left["parameters"])
        rparams = _visible(comp["right"]["parameters"])
        rows, category, needs = _rows(self.cand, comp, rng)
        wrap = rng.random() < 0.4
        lsig = printed(self.cand.torch, lparams, wrap)
        if (
            self.cand.form == "pair"
            and left["kind"] == "class"
            and not lparams
            and rng.random() < 0.5
        ):
            lsig = f"{self.cand.torch}(*args, **kwargs)"
            self.variants.append("args-kwargs")
        rsig = printed(right_path, rparams, wrap)
        if "'" in rsig and rng.random() < 0.08:
            rsig = rsig.replace("'", "’", 1)
            self.variants.append("curly-quote")
        # seeded: the differences a signature cannot show (usage, types, return)
        extra_examples: list[str] = []
        roll = rng.random()
        matched = [r for r in rows if r.left not in ("-", "self") and r.right != "-"]
        if (
            category in ("参数完全一致", "仅参数名不一致", "paddle 参数更多")
            and matched
            and roll < 0.2
        ):
            row = rng.choice(matched)
            kind = rng.choice(("输入参数用法不一致", "输入参数类型不一致", "返回参数类型不一致"))
            if kind == "返回参数类型不一致":
                rows.append(Row("返回值", "返回值", "PyTorch 返回的类型与 Paddle 不同，需要转写。"))
                extra_examples.append(
                    self.maybe_runnable(
                        "返回值：返回的类型",
                        f"out = {_call(self.cand.torch, 'x')}",
                        f"out = {_call(right_path, 'x')}\nout = out.numpy()",
                    )
                )
            else:
                word = "用法" if kind == "输入参数用法不一致" else "类型"
                row.note = f"{_describe(row.left)}，两者{word}不一致，需要转写。"
                self.examples["fragment"] += 1
                extra_examples.append(
                    self.example(
                        f"{row.left}：{_describe(row.left)}",
                        f"y = {_call(self.cand.torch, f'x, {row.left}=v')}",
                        f"y = {_call(right_path, f'x, {row.right}=list(v)')}",
                    )
                )
            category = kind
            self.variants.append(kind)
        if category_hint == "disagree" and category == "paddle 参数更多":
            category = "仅参数名不一致"  # the human picked the lower category
            self.variants.append("category-disagrees")
        if rows and rng.random() < 0.01:
            good = [r for r in rows if len(r.left) > 3 and r.left not in ("-", "self", "返回值")]
            if good:
                r = rng.choice(good)
                i = len(r.left) // 2
                rows.append(
                    Row(r.left[:i] + r.left[i + 1] + r.left[i] + r.left[i + 2 :], "-", r.note)
                )
                self.variants.append("misspelt-row")
        out = [
            self.side(self.cand.torch, lsig, self.torch_url(self.cand.torch)),
            self.side(right_path, rsig, self.paddle_url(right_path, rsig)),
            rng.choice(SUMMARY[category]),
            "",
        ]
        if category != "无参数" and rows:
            out.append(self.table(rows))
        examples = [
            self.param_example(
                self.cand.torch,
                name,
                next((p.get("default") for p in lparams if p["name"] == name), None),
                right_path,
            )
            for name in needs
        ] + extra_examples
        if examples:
            if rng.random() < 0.02:  # an example that does not parse (a full-width comma)
                examples[0] = examples[0].replace(", ", "，", 1)
                self.variants.append("example-syntax-error")
            elif rng.random() < 0.02:  # an example naming an API that does not exist
                examples[0] = examples[0].replace("paddle.", "paddle.legacy_", 1)
                self.variants.append("example-missing-api")
            out.append("### 转写示例\n")
            out.extend(examples)
        return "\n".join(out), category

    def pair_page(self, comps: list[tuple[dict, str]]) -> str:
        hint = "disagree" if self.rng.random() < 0.03 else None
        bodies, categories = [], []
        for comp, right in comps:
            body, category = self.comparison(comp, right, hint)
            bodies.append(body)
            categories.append(category)
        order = list(SUMMARY)
        category = max(categories, key=order.index)
        if len(bodies) == 1:
            return f"{self.title(category)}\n\n{bodies[0]}"
        self.variants.append("multi-comparison")
        intro = "PyTorch 的该方法在 Paddle 中既有 Tensor 方法也有同名函数，分别对比如下：\n"
        rule = "\n" + "-" * self.rng.choice((3, 40, 80)) + "\n\n"
        return f"{self.title(category)}\n{intro}{rule}" + rule.join(bodies)

    def attribute_page(self) -> str:
        c = self.cand
        return (
            f"{self.title('无参数')}\n\n"
            f"{self.side(c.torch, c.torch, self.torch_url(c.torch))}\n"
            f"{self.side(c.paddle, c.paddle, f'{PADDLE_DOCS}/paddle/Tensor_cn.html')}\n"
            f"{self.rng.choice(SUMMARY['无参数'])}\n"
        )

    def lone_page(self, lparams: list[dict], composite_with: str | None) -> str:
        """A PyTorch API with no single Paddle counterpart: missing, removable, composite."""
        c, rng = self.cand, self.rng
        label = {"missing": "功能缺失", "removable": "可删除", "composite": "组合替代实现"}[c.form]
        head = [
            self.title(label),
            "",
            self.side(
                c.torch, printed(c.torch, lparams, rng.random() < 0.3), self.torch_url(c.torch)
            ),
        ]
        if c.form == "missing":
            head += ["### []()", "", "Paddle 当前没有对应的功能，功能缺失。", ""]
            return "\n".join(head)
        if c.form == "removable":
            head += ["该 API 在 Paddle 中无需对应，转写时可直接删除。", ""]
            return "\n".join(head)
        head += ["Paddle 无此 API，需要组合实现。", ""]
        if lparams and rng.random() < 0.3:  # a table outside the mapping section
            rows = [Row(p["name"], "-", f"{_describe(p['name'])}。") for p in lparams[:6]]
            head.append(self.table(rows, heading="参数介绍"))
            self.variants.append("table-outside-mapping")
        other = composite_with or "paddle.assign"
        head += [
            "### 转写示例\n",
            f"```python\n# PyTorch 写法\ny = {_call(c.torch, 'x')}\n\n"
            f"# Paddle 写法\ny = {other}({_call('paddle.to_tensor', 'x') if other == 'paddle.assign' else 'x'})\n```\n",
        ]
        self.examples["fragment"] += 1
        return "\n".join(head)


def _closest_paddle(name: str, paddle_funcs: list[str]) -> str | None:
    """The longest Paddle function whose name is part of ``name`` (the composite's piece)."""
    hits = [f for f in paddle_funcs if len(f) > 3 and f != "tensor" and f in name]
    return f"paddle.{max(hits, key=len)}" if hits else None


# ------------------------------------------------------------------------------ index


INDEX_SECTIONS = (
    ("torch.XX", "torch.", ", max_depth=1"),
    ("torch.nn.XX", "torch.nn.", ""),
    ("torch.nn.functional.XX", "torch.nn.functional", ""),
    ("torch.Tensor.XX", "torch.Tensor.", ""),
    ("torch.nn.init.XX", "torch.nn.init.", ""),
    ("torch.nn.utils.XX", "torch.nn.utils.", ""),
    ("torch.autograd.XX", "torch.autograd.", ""),
    ("torch.cuda.XX", "torch.cuda.", ""),
    ("torch.distributed.XX", "torch.distributed.", ""),
    ("torch.distributions.XX", "torch.distributions.", ""),
    ("torch.fft.XX", "torch.fft.", ""),
    ("torch.linalg.XX", "torch.linalg.", ""),
    ("torch.optim.XX", "torch.optim.", ""),
    ("torch.special.XX", "torch.special.", ""),
    ("torch.utils.data.XX", "torch.utils.data.", ""),
)
HEADER = "| 序号 | Pytorch 最新 release | Paddle develop | 映射关系分类 | 备注 |"
RULE = "| ----- | ----------- | ----------------- | ----------- | ------- |"


def index_page(aliases: list[tuple[str, str]], missing: list[str]) -> str:
    """The mapping index as the team commits it: sections of macros their tool expands."""
    lines = [
        "# PyTorch 与 Paddle API 映射表",
        "",
        "下表按模块列出 PyTorch API 在 Paddle 中的对应 API 与差异分类，每一行链接到其映射文档。",
        "",
        "## API 映射表目录",
        "",
        "| 类别 | 简介 |",
        "| ---- | --- |",
    ]
    for i, (label, _prefix, _opts) in enumerate(INDEX_SECTIONS, 1):
        lines.append(f"| [{label}](#id{i}) | `{label}` 类 API |")
    lines.append("")
    for i, (label, prefix, opts) in enumerate(INDEX_SECTIONS, 1):
        lines += [
            f'## <span id="id{i}">{label} API 映射列表</span>',
            "",
            f"`{label}` 类 API 的映射列表。",
            "",
            HEADER,
            RULE,
            f"| REFERENCE-MAPPING-TABLE(`{prefix}`{opts}) |",
            "",
            "***持续更新...***",
            "",
        ]
    lines += ["## API 别名映射列表", "", HEADER, RULE]
    lines += [f"| ALIAS-REFERENCE-ITEM(`{a}`, `{b}`) |" for a, b in aliases]
    lines += ["", "## 功能缺失的 API 列表", "", HEADER, RULE]
    lines += [
        f"| NOT-IMPLEMENTED-ITEM(`{m}`, {TORCH_DOCS}/generated/{m}.html, 暂无计划) |"
        for m in missing
    ]
    return "\n".join(lines) + "\n"


def aliases(limit: int = 40) -> list[tuple[str, str]]:
    """PyTorch names bound to the same object as another name of ``torch`` (real aliases)."""
    import torch

    by_id: dict[int, list[str]] = {}
    for name, obj in _callable_names(torch).items():
        by_id.setdefault(id(obj), []).append(name)
    pairs = [
        (f"torch.{n}", f"torch.{names[0]}")
        for names in by_id.values()
        if len(names) > 1
        for n in names[1:]
    ]
    return sorted(pairs)[:limit]


# ------------------------------------------------------------------------------- main


def generate(out: Path, pages: int, seed: int) -> dict:
    import paddle

    import sphinx_apidiff

    pools = discover()
    paddle_funcs = sorted(_callable_names(paddle))
    written: list[dict] = []
    names_lower: dict[str, str] = {}
    for cand in choose(pools, pages, seed):
        if len(written) >= pages:
            break
        writer = Writer(cand, seed)
        try:
            with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
                warnings.simplefilter("ignore")
                if cand.form == "attribute":
                    text = writer.attribute_page()
                elif cand.paddle is None:
                    api = sphinx_apidiff.compare(cand.torch, cand.torch).to_dict()["left"]
                    name = cand.torch.rsplit(".", 1)[1]
                    text = writer.lone_page(
                        _visible(api["parameters"]), _closest_paddle(name, paddle_funcs)
                    )
                else:
                    comps = [
                        (sphinx_apidiff.compare(cand.torch, cand.paddle).to_dict(), cand.paddle)
                    ]
                    for right in cand.extra:
                        if writer.rng.random() < 0.1:
                            comps.append(
                                (sphinx_apidiff.compare(cand.torch, right).to_dict(), right)
                            )
                    text = writer.pair_page(comps)
        except Exception as exc:  # a pair the engine cannot read: not a page
            print(f"  skipped {cand.torch}: {type(exc).__name__}: {str(exc)[:80]}", file=sys.stderr)
            continue
        stem = cand.torch
        if stem.lower() in names_lower and names_lower[stem.lower()] != stem:
            stem += "__upper"  # the team's file-name convention for a case clash (T vs t)
        names_lower.setdefault(cand.torch.lower(), cand.torch)
        relative = f"api_difference/{cand.folder}/{stem}.md"
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(
            {
                "page": relative,
                "form": cand.form,
                "variants": writer.variants,
                "examples": writer.examples,
            }
        )
    missing = sorted(e["page"].rsplit("/", 1)[1][:-3] for e in written if e["form"] == "missing")
    (out / "pytorch_api_mapping_cn.md").write_text(
        index_page(aliases(), missing[:20]), encoding="utf-8"
    )
    return {
        "pages": len(written),
        "seed": seed,
        "forms": _count(e["form"] for e in written),
        "variants": _count(v for e in written for v in e["variants"]),
        "examples": {k: sum(e["examples"][k] for e in written) for k in ("runnable", "fragment")},
        "index": "pytorch_api_mapping_cn.md",
    }


def _count(items) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return dict(sorted(counts.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--out", required=True, type=Path, help="folder to write (emptied)")
    parser.add_argument("--pages", type=int, default=1600)
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args(argv)
    if args.out.exists():
        import shutil

        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    summary = generate(args.out, args.pages, args.seed)
    (args.out / "generated.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
    )
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
