"""Tests for dealmodels.report: scenario files, their errors, and a report whose links resolve."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dealmodels.dispositions import Disposition
from dealmodels.report import (
    ScenarioError,
    available_models,
    build_report,
    find_model,
    load_scenario,
    model_key,
)

SMALL = """
title = "small"
seed = 3
[disposition]
myopia = 0.3
trust = 0.7
[environment]
budget = 0.4
[priors]
trust = { dist = "beta", a = 2, b = 2 }
p = { dist = "uniform", low = 0.05, high = 0.6 }
myopia = { dist = "triangular", low = 0, mode = 0.2, high = 1 }
[analysis]
resolution = 30
monte_carlo_n = 500
sensitivity_n = 64
[[models]]
model = "takeover-decision"
options = { utility = "crra" }
values = { prize = 2.0 }
outputs = ["threat_value"]
maps = [{ x = ["trust", 0, 1], y = ["p", 0, 1] }]
[[specs]]
name = "trusting"
target = { trust = 0.9 }
features.trust = { earliness = 0.9 }
"""


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.srcs: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "img" and a.get("src"):
            self.srcs.append(str(a["src"]))
        if tag == "a" and a.get("href"):
            self.hrefs.append(str(a["href"]))


@pytest.fixture(scope="module")
def small_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    d = tmp_path_factory.mktemp("report")
    path = d / "scenario.toml"
    path.write_text(SMALL, encoding="utf-8")
    return d, build_report(path, d / "out", progress=False)


def test_report_files_and_links_resolve(small_report: tuple[Path, object]) -> None:
    _, result = small_report
    out = result.out_dir  # type: ignore[attr-defined]
    index = out / "index.html"
    md = out / "report.md"
    assert index.exists()
    assert md.exists()
    parser = _Links()
    parser.feed(index.read_text(encoding="utf-8"))
    assert len(parser.srcs) == len(result.images) >= 4  # type: ignore[attr-defined]
    for src in parser.srcs:  # embedded: the page is self-contained
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    text = index.read_text(encoding="utf-8")
    for href in parser.hrefs:  # section anchors, and relative links to the PNGs beside it
        assert not href.startswith(("http:", "https:", "/"))
        if href.startswith("#"):
            assert f'id="{href[1:]}"' in text, href
        else:
            assert (out / href).is_file(), href
    assert any(h.startswith("#") for h in parser.hrefs)
    md_links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md.read_text(encoding="utf-8"))
    assert md_links
    for link in md_links:
        assert (out / link).is_file(), link
        assert (out / link).read_bytes()[:4] == b"\x89PNG"


def test_report_content(small_report: tuple[Path, object]) -> None:
    _, result = small_report
    md = result.markdown.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    html = result.index.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert "## Summary" in md
    assert "## Takeover decision (TakeoverDecision)" in md
    assert "\\geq" in md  # the condition in LaTeX
    assert "<math" in html  # and in MathML
    assert "**Regime:" in md
    assert "P(cooperation) under trusting" in md
    assert "All models at once" in md
    assert "trusting against no spec" in md
    assert "Which disposition matters most" in md
    assert "http" not in html.split("<body>")[0]  # no network resources in the head


def test_default_scenario_is_package_data_and_valid() -> None:
    s = load_scenario()
    assert s.title
    assert isinstance(s.disposition, Disposition)
    keys = [m.key for m in s.models]
    assert keys[0] == "takeover-decision"
    assert len(s.specs) >= 2
    for m in s.models:
        assert m.maps, m.key


def test_registry() -> None:
    models = available_models()
    assert "takeover-decision" in models
    cls = models["takeover-decision"]
    assert model_key(cls) == "takeover-decision"
    assert find_model("TakeoverDecision") is cls
    assert find_model("takeover") is cls
    assert find_model("takeover decision") is cls


BAD = [
    ("[disposition]\ntrust = 1.3\n", r"\[disposition\] trust must be in \[0, 1\]; got trust=1.3"),
    ("[disposition]\ntrsut = 0.3\n", r"\[disposition\] unknown key 'trsut'; allowed: myopia"),
    ("[disposition]\ntrust = 'high'\n", r"trust must be a number"),
    ("colour = 1\n", r"unknown key 'colour'"),
    ("seed = -1\n", r"seed must be an integer >= 0"),
    ("[environment]\nnope = 1\n", r"\[environment\] unknown parameter 'nope'"),
    ("[priors]\ntrust = 0.3\n", r"\[priors\] trust must be a table"),
    ("[priors]\ntrust = { dist = 'gamma' }\n", r"trust.dist must be one of uniform"),
    ("[priors]\ntrust = { dist = 'beta', a = 2 }\n", r"missing b"),
    ("[priors]\ntrust = { dist = 'uniform', low = 0, high = 3 }\n", r"support \[0, 3\]"),
    (
        "[priors]\nmyopia = { dist = 'uniform', low = -1, high = 1 }\n",
        r"must lie in the parameter's domain myopia ∈ \[0, 1\]",
    ),
    ("[analysis]\nresolution = 1\n", r"\[analysis\] resolution must be an integer in \[2, 1000\]"),
    ("[[models]]\nmodel = 'nope'\n", r"\[models\[0\]\] model must be one of takeover-decision"),
    (
        "[[models]]\nmodel = 'takeover'\noptions = { colour = 'red' }\n",
        r"unknown option 'colour'; allowed: utility",
    ),
    ("[[models]]\nmodel = 'takeover'\nvalues = { p = 2 }\n", r"p must be in \[0, 1\]; got p=2"),
    (
        "[[models]]\nmodel = 'takeover'\nmaps = [{ x = ['trust', 0, 2], y = ['p', 0, 1] }]\n",
        r"maps\[0\].x: trust must be in \[0, 1\]",
    ),
    (
        "[[models]]\nmodel = 'takeover'\nmaps = [{ x = ['p', 0, 1], y = ['p', 0, 1] }]\n",
        r"x and y must be different",
    ),
    ("[[specs]]\ntarget = { trust = 2 }\n", r"\[specs\[0\]\] trust must be in \[0, 1\]"),
    ("[[specs]]\nfeatures.trust = { early = 1 }\n", r"unknown key 'early'"),
    ("x = [", r"not valid TOML"),
]


@pytest.mark.parametrize(("text", "match"), BAD)
def test_bad_scenario_names_file_key_and_range(tmp_path: Path, text: str, match: str) -> None:
    path = tmp_path / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=match) as info:
        load_scenario(path)
    assert str(info.value).startswith(f"{path}: ")


def test_missing_scenario_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read the scenario file"):
        load_scenario(tmp_path / "nope.toml")


def test_a_failing_model_is_reported_not_fatal(tmp_path: Path) -> None:
    # normalised CRRA utility needs risk_aversion < 1, and the disposition sets it to 1.5
    path = tmp_path / "scenario.toml"
    path.write_text(
        "[disposition]\nrisk_aversion = 1.5\n[analysis]\nresolution = 5\n"
        "[[models]]\nmodel = 'takeover'\noptions = { utility = 'crra_normalised' }\n"
        "[[models]]\nmodel = 'takeover'\n",
        encoding="utf-8",
    )
    result = build_report(path, tmp_path / "out", progress=False)
    md = result.markdown.read_text(encoding="utf-8")
    assert "this section stopped early" in md
    assert "risk_aversion must be in [0, 1)" in md
    assert md.count("## Takeover decision") == 2


def test_environment_fields_of_the_scenario(tmp_path: Path) -> None:
    path = tmp_path / "scenario.toml"
    path.write_text("[environment]\ninstances = 1\ntakeover_damage = 3.0\n", encoding="utf-8")
    s = load_scenario(path)
    assert s.scenario_environment.instances == 1
    assert s.scenario_environment.takeover_damage == 3.0
    path.write_text("[environment]\ninstances = 1.5\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"\[environment\] instances must be an integer"):
        load_scenario(path)


def test_bargaining_models_get_a_frontier(tmp_path: Path) -> None:
    path = tmp_path / "scenario.toml"
    path.write_text(
        "[analysis]\nresolution = 5\n[[models]]\nmodel = 'negotiated-deal'\n"
        "values = { deal_gain = 1.0, p = 0.2, loss = 0.0, prize = 1.0 }\n",
        encoding="utf-8",
    )
    result = build_report(path, tmp_path / "out", progress=False)
    assert (result.out_dir / "negotiated-deal-frontier.png").is_file()
    assert "bargaining frontier" in result.markdown.read_text(encoding="utf-8")


def test_the_answer_comes_first_with_numbers(tmp_path: Path) -> None:
    path = tmp_path / "scenario.toml"
    path.write_text(
        "seed = 1\n[analysis]\nresolution = 5\nmonte_carlo_n = 400\n"
        "[[specs]]\nname = 'skeptic'\ntarget = { acausal_skepticism = 0.9 }\n",
        encoding="utf-8",
    )
    md = build_report(path, tmp_path / "out", progress=False).markdown.read_text(encoding="utf-8")
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings[0].startswith("## The answer")
    first = md.split("## ", 2)[1]
    assert "Against no spec, the skeptic" in first
    assert "acausal_skepticism" in first
