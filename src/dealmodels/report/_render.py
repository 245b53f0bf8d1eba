r"""The report's document writer: HTML (one self-contained file) and Markdown side by side.

Formulas reach the HTML as presentation MathML only: sympy expressions through
:func:`sympy.printing.mathml.mathml` (``printer="presentation"``), strings that are already TeX
(a docstring's ``:math:`...``` role, a regime map's boundary) through ``latex2mathml``. Docstring
text is converted, not pasted: reST roles become plain words or ``<code>``, inline maths becomes
MathML, references like "(see the module docstring)" are dropped. Long conditions wrap: a
conjunction, disjunction or piecewise expression is shown one clause per line.

The Markdown keeps TeX between dollar signs (Markdown viewers render it themselves).
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from dealmodels.symbolic import Condition, Parameter

__all__ = ["Doc", "Rich", "condition_clauses", "fmt", "inline", "tex_mathml"]

_MATHML_NS = "http://www.w3.org/1998/Math/MathML"


@dataclass(frozen=True)
class Rich:
    """Text with its HTML and Markdown forms (for cells and paragraphs holding maths)."""

    html: str
    md: str

    @staticmethod
    def plain(text: str) -> Rich:
        """Plain text, escaped for HTML."""
        return Rich(html.escape(text), text)

    def __add__(self, other: Rich | str) -> Rich:
        o = Rich.plain(other) if isinstance(other, str) else other
        return Rich(self.html + o.html, self.md + o.md)

    def __radd__(self, other: str) -> Rich:
        return Rich.plain(other) + self


def tex_mathml(tex: str, *, display: bool = False) -> str:
    """A TeX string as a ``<math>`` element (``latex2mathml``; the report extra)."""
    from latex2mathml.converter import convert

    return str(convert(tex, display="block" if display else "inline"))


def _wrap_math(inner: str, *, display: bool = False) -> str:
    mode = "block" if display else "inline"
    return f'<math xmlns="{_MATHML_NS}" display="{mode}">{inner}</math>'


_ROLE = re.compile(r":(?:py:)?(?P<role>[a-z]+):`(?P<body>[^`]+)`")
_SEE = re.compile(r"\s*\((?:see|as in) (?:the )?module(?: docstring)?[^)]*\)", re.IGNORECASE)
_LITERAL = re.compile(r"``([^`]+)``")


def inline(text: str) -> Rich:
    """Docstring-style text as HTML and Markdown: ``:math:`` becomes MathML, other roles
    (``:class:`~a.B``` etc.) their short name in ``<code>``, double-backquoted literals
    ``<code>``; "(see the module docstring)" is removed.

    Examples
    --------
    >>> r = inline("collusion of :math:`n` instances (see the module docstring)")
    >>> ":math:" in r.html, "module" in r.html, r.md
    (False, False, 'collusion of $n$ instances')
    """
    text = _SEE.sub("", text)
    out_html: list[str] = []
    out_md: list[str] = []
    pos = 0
    for m in _ROLE.finditer(text):
        out_html.append(_literals_html(text[pos : m.start()]))
        out_md.append(_LITERAL.sub(r"`\1`", text[pos : m.start()]))
        role, body = m.group("role"), m.group("body")
        if role == "math":
            out_html.append(tex_mathml(body))
            out_md.append(f"${body}$")
        else:
            name = body.split("<")[-1].rstrip(">") if "<" in body else body
            short = name.lstrip("~").split(".")[-1] if body.startswith("~") else name
            short = short.strip()
            out_html.append(f"<code>{html.escape(short)}</code>")
            out_md.append(f"`{short}`")
        pos = m.end()
    out_html.append(_literals_html(text[pos:]))
    out_md.append(_LITERAL.sub(r"`\1`", text[pos:]))
    return Rich("".join(out_html), "".join(out_md))


def _literals_html(text: str) -> str:
    parts = _LITERAL.split(text)
    return "".join(
        f"<code>{html.escape(p)}</code>" if i % 2 else html.escape(p) for i, p in enumerate(parts)
    )


def fmt(x: Any, digits: int = 4) -> str:
    """A number for a table: ``g`` format, ∞ for infinity, yes/no for booleans."""
    if isinstance(x, bool | np.bool_):
        return "yes" if x else "no"
    if isinstance(x, int | float | np.integer | np.floating):
        v = float(x)
        if math.isinf(v):
            return "∞" if v > 0 else "-∞"
        return f"{v:.{digits}g}"
    return str(x)


# -- conditions as MathML ----------------------------------------------------------------------
def _display(cond: Condition) -> tuple[Any, dict[Any, Any], dict[Any, str]]:
    """The condition's expression with display symbols, and TeX names for its symbols."""
    import sympy

    from dealmodels.symbolic import display_name, latex_name

    params = cond.parameters
    shown: dict[Any, Any] = {}
    tex: dict[Any, str] = {}
    # a model's own functions of its parameters (the composed scenario's V_T, deal, ...) are
    # shown by name, not with every parameter as an argument; the model's page defines them
    named: dict[Any, Any] = {}
    for f in cond.expr.atoms(sympy.Function):
        if type(f).__module__.startswith("dealmodels.") and len(f.args) > 2:
            name = type(f).__name__
            named[f] = sympy.Symbol(name)
            tex[named[f]] = function_tex(name)
    for sym in cond.expr.free_symbols:
        p = params.get(sym.name)
        if p is None:
            continue
        shown[sym] = sympy.Symbol(display_name(sym.name, p.latex))
        tex[sym] = p.latex or latex_name(sym.name)
    return _side_against_side(cond.expr.xreplace(named)), shown, tex


def condition_clauses(cond: Condition) -> tuple[str, list[tuple[str, str]]]:
    """The condition split for display: the joining word and each clause as (MathML, TeX).

    A top-level ``And`` gives ``("and", clauses)``, ``Or`` gives ``("or", ...)``, a
    ``Piecewise`` ``("piecewise", [value if condition, ...])``; anything else one clause.
    """
    import sympy

    expr, shown, tex = _display(cond)

    def ml(e: Any) -> str:
        # a visible dot between factors: symbols may be words ("detection ⋅ wage")
        out = presentation_mathml(e.xreplace(shown))
        return out.replace("<mo>&InvisibleTimes;</mo>", "<mo>&#x22C5;</mo>")

    def one(e: Any) -> tuple[str, str]:
        return _wrap_math(_lines(e, ml), display=True), str(sympy.latex(e, symbol_names=tex))

    if isinstance(expr, sympy.And | sympy.Or):
        word = "and" if isinstance(expr, sympy.And) else "or"
        return word, [one(a) for a in expr.args]
    if isinstance(expr, sympy.Piecewise):
        out = []
        for value, where in expr.args:
            v_ml, v_tex = one(value)
            if where is sympy.true:
                out.append((v_ml + "<span>otherwise</span>", v_tex + r" \ \text{otherwise}"))
                continue
            w_ml, w_tex = one(where)
            out.append((v_ml + "<span>if</span>" + w_ml, rf"{v_tex} \text{{ if }} {w_tex}"))
        return "otherwise", out
    return "whole", [one(expr)]


def presentation_mathml(e: Any) -> str:
    """Presentation MathML of a sympy expression, as sympy's printer writes it except where
    that printer writes a function call: a ``Piecewise`` inside an expression is a brace
    over its cases (value, then "if" and the condition, or "otherwise"), and the
    regularized incomplete beta :math:`I_x(a, b)` (``betainc_regularized(a, b, 0, x)``,
    collusion's pivot probability) is written as such."""
    import sympy
    from sympy.printing.mathml import MathMLPresentationPrinter

    class Printer(MathMLPresentationPrinter):  # type: ignore[misc]
        def _text(self, tag: str, text: str) -> Any:
            node = self.dom.createElement(tag)
            node.appendChild(self.dom.createTextNode(text))
            return node

        def _print_Piecewise(self, e: Any) -> Any:
            table = self.dom.createElement("mtable")
            table.setAttribute("columnalign", "left left")
            for value, where in e.args:
                row = self.dom.createElement("mtr")
                for part in (value, None):
                    cell = self.dom.createElement("mtd")
                    if part is not None:
                        cell.appendChild(self._print(part))
                    elif where is sympy.true:
                        cell.appendChild(self._text("mtext", "\u2003otherwise"))
                    else:
                        cell.appendChild(self._text("mtext", "\u2003if\u2002"))
                        cell.appendChild(self._print(where))
                    row.appendChild(cell)
                table.appendChild(row)
            brace = self._text("mo", "{")
            brace.setAttribute("stretchy", "true")
            mrow = self.dom.createElement("mrow")
            mrow.appendChild(brace)
            mrow.appendChild(table)
            return mrow

        def _print_betainc_regularized(self, e: Any) -> Any:
            a, b, x1, x2 = e.args
            sub = self.dom.createElement("msub")
            sub.appendChild(self._text("mi", "I"))
            if x1 == 0:
                sub.appendChild(self._print(x2))
            else:
                sub.appendChild(self._paren_comma_separated(x1, x2))
            mrow = self.dom.createElement("mrow")
            mrow.appendChild(sub)
            mrow.appendChild(self._paren_comma_separated(a, b))
            return mrow

    return str(Printer().doprint(e))


WRAP = 70
"""Relations longer than this (characters of their plain form) are shown over several lines."""

COLLAPSE = 20_000
"""Conditions with more MathML than this are shown collapsed (a click opens them)."""

_OPS = {">=": "&#x2265;", "<=": "&#x2264;", ">": "&gt;", "<": "&lt;", "==": "=", "!=": "&#x2260;"}


def _lines(e: Any, ml: Any) -> str:
    """Presentation MathML of ``e``; a long relation as a left-aligned table: the left side,
    then the relation and the right side's first term, then one row per further term."""
    import sympy

    if isinstance(e, sympy.And | sympy.Or) and len(str(e)) > WRAP:
        word = "and" if isinstance(e, sympy.And) else "or"
        parts = [
            f"<mtr><mtd>{'' if i == 0 else f'<mtext>{word}&#xA0;</mtext>'}<mrow>"
            f"<mo>(</mo>{_lines(a, ml)}<mo>)</mo></mrow></mtd></mtr>"
            for i, a in enumerate(e.args)
        ]
        return f'<mtable columnalign="left">{"".join(parts)}</mtable>'
    if not isinstance(e, sympy.core.relational.Relational) or len(str(e)) <= WRAP:
        return str(ml(e))
    op = _OPS.get(e.rel_op, html.escape(e.rel_op))

    def term_rows(side: Any, first: str) -> list[str]:
        terms = list(sympy.Add.make_args(side)) if len(str(side)) > WRAP else [side]
        rows = []
        for i, t in enumerate(terms):
            if i == 0:
                lead = first
            elif t.could_extract_minus_sign():
                lead, t = "&#x2212;", -t
            else:
                lead = "+"
            mo = f"<mo>{lead}</mo>" if lead else ""
            rows.append(f"<mtr><mtd>{mo}{ml(t)}</mtd></mtr>")
        return rows

    if len(str(e.lhs)) > len(str(e.rhs)):
        # a long left side over a short right one (a difference >= 0): its terms one per
        # row, then the relation and the right side
        rows = [*term_rows(e.lhs, ""), f"<mtr><mtd><mo>{op}</mo>{ml(e.rhs)}</mtd></mtr>"]
    else:
        rows = [f"<mtr><mtd>{ml(e.lhs)}</mtd></mtr>", *term_rows(e.rhs, op)]
    return f'<mtable columnalign="left">{"".join(rows)}</mtable>'


def _side_against_side(expr: Any) -> Any:
    """``expr`` with each comparison of a difference with zero shown as one side against the
    other: ``0 >= e`` as ``e <= 0``, and ``a - b >= 0`` as ``a >= b`` (the negative terms
    moved right). The derived conditions compare differences with zero on whichever side
    sympy put them; a reader compares the deal with the threat."""
    import sympy
    from sympy.core.relational import Relational

    def shown(r: Any) -> Any:
        if r.lhs.is_number and r.lhs == 0 and not (r.rhs.is_number and r.rhs == 0):
            r = r.reversed
        if not (r.rhs.is_number and r.rhs == 0 and r.lhs.is_Add):
            return r
        terms = sympy.Add.make_args(r.lhs)
        neg = [t for t in terms if t.could_extract_minus_sign()]
        pos = [t for t in terms if not t.could_extract_minus_sign()]
        if not neg or not pos:
            return r
        return r.func(sympy.Add(*pos), -sympy.Add(*neg), evaluate=False)

    flips = {r: shown(r) for r in expr.atoms(Relational)}
    return expr.xreplace({k: v for k, v in flips.items() if v is not k})


def symbol_mathml(name: str, param: Parameter) -> str:
    """A parameter's symbol as inline MathML (the same display name the conditions use)."""
    import sympy
    from sympy.printing.mathml import mathml

    from dealmodels.symbolic import display_name

    sym = sympy.Symbol(display_name(name, param.latex))
    return _wrap_math(str(mathml(sym, printer="presentation")))


def symbol_tex(name: str, param: Parameter) -> str:
    """A parameter's symbol in TeX."""
    from dealmodels.symbolic import latex_name

    return param.latex or latex_name(name)


# -- the document --------------------------------------------------------------------------------
Cell = str | Rich


def _cell_html(c: Cell) -> str:
    return c.html if isinstance(c, Rich) else html.escape(c)


def _cell_md(c: Cell) -> str:
    return (c.md if isinstance(c, Rich) else c).replace("|", "\\|").replace("\n", " ")


class Doc:
    """A document rendered to Markdown and to HTML side by side; figures saved as PNG."""

    def __init__(self, out_dir: Path, *, dpi: int = 100) -> None:
        self.out_dir = out_dir
        self.dpi = dpi
        self.md: list[str] = []
        self.html: list[str] = []
        self.images: list[Path] = []

    def heading(self, level: int, text: str, anchor: str | None = None) -> None:
        """A section heading (``anchor``: its HTML id)."""
        self.md.append(f"{'#' * level} {text}\n")
        ident = f' id="{html.escape(anchor)}"' if anchor else ""
        self.html.append(f"<h{level}{ident}>{html.escape(text)}</h{level}>")

    def para(self, text: Cell, *, css: str | None = None) -> None:
        """A paragraph of plain text or :class:`Rich` text."""
        cls = f' class="{css}"' if css else ""
        self.md.append(_cell_md(text).replace("\\|", "|") + "\n")
        self.html.append(f"<p{cls}>{_cell_html(text)}</p>")

    def bullets(self, items: Sequence[Cell]) -> None:
        """A bulleted list."""
        self.md.append("\n".join(f"- {_cell_md(i)}" for i in items) + "\n")
        self.html.append("<ul>" + "".join(f"<li>{_cell_html(i)}</li>" for i in items) + "</ul>")

    def condition(self, cond: Condition) -> None:
        """A condition, one clause per line for conjunctions and disjunctions (collapsed when
        it is longer than :data:`COLLAPSE` characters of MathML)."""
        word, clauses = condition_clauses(cond)
        size = sum(len(m) for m, _ in clauses)
        if size > COLLAPSE:
            self.html.append(
                f"<details><summary>The exact condition: {len(clauses)} "
                f"{'clause' if len(clauses) == 1 else 'clauses'} joined by “{word}”, "
                f"{size // 1000} kB of MathML (click to show)</summary>"
            )
            self._condition(word, clauses)
            self.html.append("</details>")
            return
        self._condition(word, clauses)

    def _condition(self, word: str, clauses: list[tuple[str, str]]) -> None:
        if word == "whole":
            mathml, tex = clauses[0]
            self.md.append(f"$$\n{tex}\n$$\n")
            self.html.append(f'<div class="math">{mathml}</div>')
            return
        joiner = r" \\ " if word == "otherwise" else rf" \quad \text{{{word}}} \quad "
        self.md.append("$$\n" + joiner.join(t for _, t in clauses) + "\n$$\n")
        rows = []
        for i, (mathml, _) in enumerate(clauses):
            lead = "" if i == 0 or word == "otherwise" else html.escape(word)
            rows.append(f'<div class="clause"><span class="join">{lead}</span>{mathml}</div>')
        self.html.append(f'<div class="math clauses">{"".join(rows)}</div>')

    def math(self, tex: str) -> None:
        """A displayed formula given in TeX."""
        self.md.append(f"$$\n{tex}\n$$\n")
        self.html.append(f'<div class="math">{tex_mathml(tex, display=True)}</div>')

    def figure(self, ax: Any, name: str, caption: str) -> None:
        """Save the axes' figure as ``name`` (PNG beside the report) and embed it."""
        path = self.out_dir / name
        fig = ax.figure
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=self.dpi, pil_kwargs={"compress_level": 3})
        data = buf.getvalue()
        path.write_bytes(data)
        self.images.append(path)
        encoded = base64.b64encode(data).decode("ascii")
        self.md.append(f"![{caption}]({name})\n")
        self.html.append(
            f'<figure><img src="data:image/png;base64,{encoded}" alt="{html.escape(caption)}">'
            f"<figcaption>{html.escape(caption)} "
            f'(<a href="{html.escape(name)}">{html.escape(name)}</a>)</figcaption></figure>'
        )
        fig.clear()

    def contents(self, items: Sequence[tuple[str, str]]) -> None:
        """Links to the sections (HTML anchors; Markdown lists the titles)."""
        self.md.append("\n".join(f"- {text}" for _, text in items) + "\n")
        links = "".join(
            f'<li><a href="#{html.escape(anchor)}">{html.escape(text)}</a></li>'
            for anchor, text in items
        )
        self.html.append(f"<nav><ul>{links}</ul></nav>")

    def table(self, header: Sequence[Cell], rows: Sequence[Sequence[Cell]]) -> None:
        """A table; cells are plain strings or :class:`Rich`."""
        lines = ["| " + " | ".join(_cell_md(h) for h in header) + " |"]
        lines.append("|" + "|".join("---" for _ in header) + "|")
        lines += ["| " + " | ".join(_cell_md(c) for c in r) + " |" for r in rows]
        self.md.append("\n".join(lines) + "\n")
        head = "".join(f"<th>{_cell_html(h)}</th>" for h in header)
        body = "".join(
            "<tr>" + "".join(f"<td>{_cell_html(c)}</td>" for c in r) + "</tr>" for r in rows
        )
        self.html.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def note(self, text: Cell) -> None:
        """A highlighted remark (a warning about the numbers above it)."""
        self.md.append(f"> {_cell_md(text)}\n")
        self.html.append(f'<p class="note">{_cell_html(text)}</p>')

    def open_section(self, css: str) -> None:
        """Start an HTML ``<section>`` (no Markdown counterpart)."""
        self.html.append(f'<section class="{css}">')

    def close_section(self) -> None:
        """End the last :meth:`open_section`."""
        self.html.append("</section>")

    def write(self, title: str, css: str) -> tuple[Path, Path]:
        """Write ``index.html`` and ``report.md``; returns their paths."""
        md_path = self.out_dir / "report.md"
        md_path.write_text("\n".join(self.md), encoding="utf-8")
        index = self.out_dir / "index.html"
        body = "\n".join(self.html)
        index.write_text(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{css}</style></head>"
            f"<body>\n{body}\n</body></html>\n",
            encoding="utf-8",
        )
        return index, md_path


def legend_rows(
    params: Mapping[str, Parameter], values: Mapping[str, Any], used: Sequence[str]
) -> list[list[Cell]]:
    """Rows (symbol, parameter, meaning, value at the scenario) for a model's parameters;
    the ones the condition uses first."""
    order = [n for n in used if n in params] + [n for n in params if n not in used]
    rows: list[list[Cell]] = []
    for name in order:
        p = params[name]
        sym = Rich(symbol_mathml(name, p), f"${symbol_tex(name, p)}$")
        value = values.get(name)
        shown = fmt(value) if value is not None and np.ndim(value) == 0 else ""
        rows.append(
            [sym, Rich(f"<code>{html.escape(name)}</code>", f"`{name}`"), p.description, shown]
        )
    return rows


def function_tex(name: str) -> str:
    r"""TeX for the name of a model's own function: one letter with a subscript is a symbol
    (``V_T`` is :math:`V_{T}`), a word is an operator name (``deal`` is
    :math:`\operatorname{deal}`; ``x_max`` keeps its underscore as text).

    Examples
    --------
    >>> function_tex("V_T"), function_tex("deal"), function_tex("x_max")
    ('V_{T}', '\\operatorname{deal}', '\\operatorname{x\\_max}')
    """
    m = re.fullmatch(r"([A-Za-z])_([A-Za-z0-9])", name)
    if m:
        return f"{m.group(1)}_{{{m.group(2)}}}"
    return r"\operatorname{" + name.replace("_", r"\_") + "}"


def function_rows(cond: Condition, values: Mapping[str, Any]) -> list[list[Cell]]:
    """Legend rows for the model's own functions in its condition (the composed scenario's
    V_T, deal, ...): name, "function of every parameter", meaning, value at the scenario."""
    import sympy

    rows: list[list[Cell]] = []
    fns = {type(f): f for f in cond.expr.atoms(sympy.Function)}
    for cls, f in sorted(fns.items(), key=lambda kv: kv[0].__name__.lower()):
        if not cls.__module__.startswith("dealmodels.") or len(f.args) <= 2:
            continue
        name = cls.__name__
        try:
            at = cls._imp_(*(values[s.name] for s in f.args))
            shown = fmt(float(at))
        except (AttributeError, KeyError, TypeError, ValueError):
            shown = ""
        rows.append(
            [
                Rich(tex_mathml(function_tex(name)), name),
                "every parameter",
                inline(" ".join((cls.__doc__ or "").split())),
                shown,
            ]
        )
    return rows


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:62rem;
margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
h1,h2,h3{line-height:1.2} h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.92rem;max-width:100%}
th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
figure{margin:1rem 0} img{max-width:100%;height:auto} figcaption{font-size:.85rem;color:#555}
p.note{border-left:4px solid #E69F00;padding-left:.6rem;color:#444}
section.answer{background:#f6fbf8;border:1px solid #cfe8da;padding:.2rem 1.2rem 1rem;
border-radius:6px}
p.lead{font-size:1.08rem}
div.math{overflow-x:auto;max-width:100%;margin:.6rem 0;padding:.2rem 0}
div.clause{display:flex;align-items:baseline;gap:.8rem;margin:.15rem 0;flex-wrap:wrap}
span.join{min-width:2rem;color:#555;font-style:italic}
math{font-size:1.08rem} math[display=block]{display:block;max-width:100%}
mtd{text-align:left}
code{background:#f3f3f3;padding:0 .2rem;border-radius:3px;font-size:.9em}
"""
