"""Tests for dealmodels.report: scenario files and their errors (before any work), and the
structure of a report built on a small scenario: the answer first and in numbers, no raw TeX
or reST, every image present, a section for every registered model, per-model regimes equal to
the models solved alone, and bit-for-bit reproducibility from the seed."""

from __future__ import annotations

import base64
import html as html_module
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from dealmodels.dispositions import Disposition
from dealmodels.models import registry
from dealmodels.report import (
    ReportOutputError,
    ReportResult,
    ScenarioError,
    available_models,
    build_report,
    check_output_dir,
    find_model,
    load_scenario,
    model_key,
)

pytest.importorskip("matplotlib")
pytest.importorskip("latex2mathml")

_MAPS = {
    "takeover-decision": '[{ x = ["trust", 0, 1], y = ["p", 0, 1] }]',
    "collusion": '[{ x = ["others_defect", 0, 1], y = ["evidential_weight", 0, 1] }]',
    "off-switch": '[{ x = ["mean", -2, 2], y = ["noise", 0, 3] }]',
}


def _small() -> str:
    """Every registered model, tiny samples and grids; maps for three of them."""
    models = []
    for key in registry():
        extra = ""
        if key == "takeover-decision":
            extra = 'options = { utility = "crra" }\noutputs = ["threat_value"]\n'
        if key in _MAPS:
            extra += f"maps = {_MAPS[key]}\n"
        models.append(f'[[models]]\nmodel = "{key}"\n{extra}')
    return (
        'title = "small"\nseed = 3\n'
        "[disposition]\nmyopia = 0.3\ntrust = 0.7\nrisk_aversion = 0.5\n"
        "[environment]\nbudget = 0.4\n"
        "[priors]\n"
        'trust = { dist = "beta", a = 2, b = 2 }\n'
        'p = { dist = "uniform", low = 0.05, high = 0.6 }\n'
        'myopia = { dist = "triangular", low = 0, mode = 0.2, high = 1 }\n'
        "[analysis]\nresolution = 12\nmonte_carlo_n = 300\nsensitivity_n = 32\nrobustness = 10\n"
        + "\n".join(models)
        + '\n[[specs]]\nname = "trusting spec"\ntarget = { trust = 0.9 }\n'
        "features.trust = { earliness = 0.9 }\n"
    )


# -- a stand-in for SpecValue (the answer section is tested on it, against the contract) --------
@dataclass(frozen=True)
class _Est:
    estimate: float
    low: float
    high: float


@dataclass(frozen=True)
class _Share:
    name: str
    kind: str
    developer_value: float
    no_takeover: float


REGIMES = (
    "corrigible compliance",
    "deal",
    "controlled extraction",
    "takeover attempt",
    "collusion",
)


@dataclass(frozen=True)
class _SpecValue:
    spec_name: str = "trusting spec"
    baseline_name: str = "no spec"
    regimes: tuple[str, ...] = REGIMES
    n: int = 300
    confidence: float = 0.95
    seed: int = 3

    @property
    def probability(self) -> dict[str, _Est]:
        return dict(
            zip(
                REGIMES,
                [
                    _Est(0.1, 0.08, 0.12),
                    _Est(0.3, 0.27, 0.33),
                    _Est(0.2, 0.17, 0.23),
                    _Est(0.25, 0.22, 0.28),
                    _Est(0.15, 0.12, 0.18),
                ],
                strict=True,
            )
        )

    @property
    def baseline_probability(self) -> dict[str, _Est]:
        return dict(
            zip(
                REGIMES,
                [
                    _Est(0.05, 0.03, 0.07),
                    _Est(0.1, 0.08, 0.12),
                    _Est(0.2, 0.17, 0.23),
                    _Est(0.4, 0.36, 0.44),
                    _Est(0.25, 0.22, 0.28),
                ],
                strict=True,
            )
        )

    @property
    def probability_difference(self) -> dict[str, _Est]:
        return {
            r: _Est(
                self.probability[r].estimate - self.baseline_probability[r].estimate, -0.5, 0.5
            )
            if r != "deal"
            else _Est(0.2, 0.16, 0.24)
            for r in REGIMES
        }

    no_takeover: _Est = _Est(0.6, 0.56, 0.64)
    baseline_no_takeover: _Est = _Est(0.35, 0.31, 0.39)
    no_takeover_difference: _Est = _Est(0.25, 0.2, 0.3)
    developer_value: _Est = _Est(-1.0, -1.2, -0.8)
    baseline_developer_value: _Est = _Est(-2.5, -2.8, -2.2)
    developer_value_difference: _Est = _Est(1.5, 1.2, 1.8)
    robustness: _Est = _Est(0.9, 0.86, 0.93)

    @property
    def attribution(self) -> tuple[_Share, ...]:
        return (_Share("trust", "target", 1.7, 0.27), _Share("salience", "secondary", -0.2, -0.02))


class _Parser(HTMLParser):
    """Images, links, ids, the order of h2 ids, and the text outside <math> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.srcs: list[str] = []
        self.hrefs: list[str] = []
        self.h2: list[str] = []
        self.ids: set[str] = set()
        self.repeated_ids: list[str] = []
        self.text: list[str] = []
        self._in_math = 0
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            if str(a["id"]) in self.ids:
                self.repeated_ids.append(str(a["id"]))
            self.ids.add(str(a["id"]))
        if tag == "h2":
            self.h2.append(str(a.get("id")))
        if tag == "img" and a.get("src"):
            self.srcs.append(str(a["src"]))
        if tag == "a" and a.get("href"):
            self.hrefs.append(str(a["href"]))
        if tag == "math":
            self._in_math += 1
        if tag == "style":
            self._in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "math":
            self._in_math -= 1
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_math and not self._in_style:
            self.text.append(data)


def _build(tmp: Path, name: str, jobs: int = 1) -> ReportResult:
    path = tmp / "scenario.toml"
    path.write_text(_small(), encoding="utf-8")
    return build_report(path, tmp / name, progress=False, jobs=jobs)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportResult, _Parser]:
    result = _build(tmp_path_factory.mktemp("report"), "out")
    parser = _Parser()
    parser.feed(result.index.read_text(encoding="utf-8"))
    return result, parser


def test_the_answer_comes_first_and_is_in_numbers(small: tuple[ReportResult, _Parser]) -> None:
    result, parser = small
    assert parser.h2[0] == "answer"
    page = result.index.read_text(encoding="utf-8")
    answer = page[page.index('id="answer"') : page.index('id="world"')]
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", answer))
    assert "Against no spec, the trusting spec " in text
    assert re.search(r"P\(no takeover attempt\).*?\[[+-]\d\.\d{3}, [+-]\d\.\d{3}\]", text)
    assert "developer's expected value" in text
    assert "answer-specs.png" in answer
    assert "answer-attribution.png" in answer


def test_the_answer_sentences_and_figures() -> None:
    from dealmodels.report._answer import answer_section
    from dealmodels.report._render import Doc

    out = Path(".")
    doc = Doc(out)
    doc.figure = lambda ax, name, caption: doc.html.append(name)  # type: ignore[method-assign]
    answer_section(doc, [_SpecValue()])
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", "".join(doc.html)))
    assert "raises P(no takeover attempt) from 0.350 to 0.600 (+0.250 [+0.200, +0.300])" in text
    assert "raises the developer's expected value from -2.500 to -1.000" in text
    assert "raises P(deal) from 0.100 to 0.300 (+0.200 [+0.160, +0.240])" in text
    assert "trust (+1.700)" in text
    assert "secondary effects (salience) cost 0.200" in text
    assert "90% [86%, 93%]" in text
    assert "answer-specs.png" in text
    assert "answer-attribution.png" in text


def test_the_change_in_no_takeover_is_told_by_regime() -> None:
    from dealmodels.report._answer import answer_sentences

    text = " ".join(answer_sentences([_SpecValue()]))
    # the regimes without a takeover attempt, largest change first; the fixture's deal
    # rises by 0.2, compliance by 0.05, controlled extraction by 0 (interval includes 0)
    assert (
        "By regime, the trusting spec's change in P(no takeover attempt) (+0.250 [+0.200, "
        "+0.300]) is deal +0.200 [+0.160, +0.240], corrigible compliance +0.050 [-0.500, "
        "+0.500] (indistinguishable from no change) and controlled extraction +0.000 "
        "[-0.500, +0.500] (indistinguishable from no change)." in text
    )

    @dataclass(frozen=True)
    class Flat(_SpecValue):
        no_takeover_difference: _Est = _Est(0.01, -0.02, 0.04)

    assert "By regime" not in " ".join(answer_sentences([Flat()]))


def test_a_change_whose_interval_includes_0_has_no_direction() -> None:
    from dealmodels.report._answer import answer_sentences

    @dataclass(frozen=True)
    class Flat(_SpecValue):
        no_takeover_difference: _Est = _Est(0.01, -0.02, 0.04)

    first = answer_sentences([Flat()])[0]
    assert "leaves P(no takeover attempt) indistinguishable from no change (+0.010" in first


def test_answer_figures_draw() -> None:
    from dealmodels.plotting import plot_attribution, plot_spec_comparison

    ax = plot_spec_comparison([_SpecValue(), _SpecValue(spec_name="other")])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["no spec", "trusting spec", "other"]
    ax = plot_attribution([_SpecValue()])
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == [-0.2, 1.7]  # the secondary effect as a negative bar


def test_failure_modes_follow_in_the_articles_order(small: tuple[ReportResult, _Parser]) -> None:
    _, parser = small
    modes = [h for h in parser.h2 if h.startswith("mode-")]
    assert modes == ["mode-takeover", "mode-deal", "mode-extraction", "mode-after"]
    assert parser.h2.index("mode-takeover") > parser.h2.index("answer")
    assert parser.h2[-1] == "appendix"


def test_no_raw_tex_or_rest_in_the_page(small: tuple[ReportResult, _Parser]) -> None:
    _, parser = small
    text = "".join(parser.text)
    for bad in (
        "\\frac",
        "\\leq",
        "\\geq",
        "\\mathit",
        "\\(",
        "\\[",
        ":math:",
        ":class:",
        ":func:",
        "``",
        "$",
        "see the module docstring",
        "piecewise(",
        "betainc",
    ):
        assert bad not in text, bad
    assert "<math" in small[0].index.read_text(encoding="utf-8")


def test_every_image_exists_and_is_embedded(small: tuple[ReportResult, _Parser]) -> None:
    result, parser = small
    out = result.out_dir
    assert len(parser.srcs) == len(result.images) >= 4
    for src in parser.srcs:  # embedded: the page is self-contained
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    # one id per element: the world section and the Scenario model's appendix section were
    # both "scenario", so the contents' link went to whichever came first
    assert not parser.repeated_ids, parser.repeated_ids
    for href in parser.hrefs:  # section anchors, and relative links to the PNGs beside it
        assert not href.startswith(("http:", "https:", "/"))
        if href.startswith("#"):
            assert href[1:] in parser.ids, href
        else:
            assert (out / href).is_file(), href
    md = result.markdown.read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
    assert links
    for link in links:
        assert (out / link).read_bytes()[:4] == b"\x89PNG"
    head = result.index.read_text(encoding="utf-8").split("<body>")[0]
    assert "http" not in head  # no network resources


def test_every_registered_model_has_a_section(small: tuple[ReportResult, _Parser]) -> None:
    result, parser = small
    for key in registry():
        assert key in parser.ids, key
        assert key in result.regimes
    assert "oversight-commitment" in parser.ids


def test_each_model_has_a_legend_of_its_symbols(small: tuple[ReportResult, _Parser]) -> None:
    result, _ = small
    md = result.markdown.read_text(encoding="utf-8")
    assert md.count("| symbol | parameter | meaning | at the scenario |") == len(registry())
    assert "| $K_c$ | `corrigibility_cost` |" in md


def test_per_model_regimes_equal_the_models_solved_alone(
    small: tuple[ReportResult, _Parser],
) -> None:
    result, _ = small
    scen = load_scenario(result.out_dir.parent / "scenario.toml")
    for entry in scen.models:
        alone = entry.cls(scen.disposition, **entry.options).solve(None, **entry.values)
        assert result.regimes[entry.key] == str(alone.regime), entry.key


def test_the_scenarios_point_is_marked_on_its_maps(small: tuple[ReportResult, _Parser]) -> None:
    result, _ = small
    md = result.markdown.read_text(encoding="utf-8")
    assert "star: the scenario (trust = 0.7, p = " in md


def test_reproducible_bit_for_bit(small: tuple[ReportResult, _Parser], tmp_path: Path) -> None:
    first, _ = small
    second = _build(first.out_dir.parent, "again", jobs=2)  # and independent of --jobs
    assert second.index.read_bytes() == first.index.read_bytes()
    assert second.markdown.read_bytes() == first.markdown.read_bytes()
    assert [p.name for p in second.images] == [p.name for p in first.images]
    for a, b in zip(first.images, second.images, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_unwritable_output_directory_is_refused_before_work(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ReportOutputError, match=r"out must be a directory; got out=.*\(a file\)"):
        check_output_dir(blocker)
    with pytest.raises(ReportOutputError, match=r"out must be a writable directory"):
        check_output_dir(blocker / "sub")


def test_default_scenario_is_package_data_and_valid() -> None:
    s = load_scenario()
    assert s.title
    assert isinstance(s.disposition, Disposition)
    keys = [m.key for m in s.models]
    assert keys[0] == "scenario"  # the composed scenario first, then its components
    assert set(keys) == set(registry())  # every registered model, OversightCommitment included
    assert len(s.specs) >= 2
    for m in s.models:
        assert m.maps, m.key


def test_registry() -> None:
    models = available_models()
    assert models == registry()
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
    (
        "[[models]]\nmodel = 'takeover'\noutputs = ['treat_value']\n",
        r"outputs: unknown output 'treat_value'; allowed: .*threat_value",
    ),
    (
        "[[models]]\nmodel = 'takeover'\nmaps = [{ x = ['trsut', 0, 1], y = ['p', 0, 1] }]\n",
        r"maps\[0\].x: unknown parameter 'trsut'; allowed: ",
    ),
    (
        "[disposition]\nrisk_aversion = 1.5\n"
        "[[models]]\nmodel = 'takeover'\noptions = { utility = 'crra_normalised' }\n",
        r"\[models\[0\] \(takeover-decision\)\] risk_aversion must be in \[0, 1\)",
    ),
    (
        "[world]\np = 0.2\n[environment]\np = 0.3\n",
        r"in \[world\] or in \[environment\], not both",
    ),
    (
        "[[models]]\nmodel = 'takeover'\nanalysis = { resolution = 1 }\n",
        r"\[models\[0\] \(takeover-decision\) analysis\] resolution must be an integer in "
        r"\[2, 1000\]; got resolution=1",
    ),
    (
        "[[models]]\nmodel = 'takeover'\nanalysis = { robustness = 5 }\n",
        r"analysis\] unknown key 'robustness'; allowed: resolution, monte_carlo_n, sensitivity_n",
    ),
    ("[[models]]\nmodel = 'takeover'\nanalysis = 3\n", r"analysis\] must be a table of"),
]


@pytest.mark.parametrize(("text", "match"), BAD)
def test_bad_scenario_names_file_key_and_range(tmp_path: Path, text: str, match: str) -> None:
    path = tmp_path / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=match) as info:
        load_scenario(path)
    assert str(info.value).startswith(f"{path}: ")
    assert "\n" not in str(info.value)


def test_missing_scenario_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read the scenario file"):
        load_scenario(tmp_path / "nope.toml")


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


# -- sensitivity that cannot mislead ------------------------------------------------------------
def _sens(
    names: tuple[str, ...], total: list[float], conf: list[float], first: list[float]
) -> Any:
    import numpy as np

    from dealmodels.analysis.sensitivity import SensitivityResult, SobolIndices, Tornado

    k = len(names)
    idx = SobolIndices("cooperates", names, np.array(first), np.array(total),
                       np.full(k, 0.01), np.array(conf), 0.2, 1024)  # fmt: skip
    tor = Tornado("cooperates", names, 0.5, np.zeros(k), np.ones(k), np.full(k, 0.4),
                  np.full(k, 0.6), (0.1, 0.9))  # fmt: skip
    return SensitivityResult("m", names, 1024, 0, {"cooperates": idx}, {"cooperates": tor})


def _tables(sens: Any, p: float | None) -> tuple[str, str | None]:
    from dealmodels.report._render import Doc
    from dealmodels.report._sections import sensitivity_tables

    doc = Doc(Path("."))
    best = sensitivity_tables(doc, sens, p)
    return "\n".join(doc.md), best


@pytest.mark.parametrize("p", [0.0, 0.003, 0.997, 1.0])
def test_a_nearly_constant_outcome_is_not_ranked(p: float) -> None:
    md, best = _tables(_sens(("trust", "p"), [0.846, 0.2], [0.362, 0.05], [0.1, 0.1]), p)
    assert "barely varies" in md
    assert "| input |" not in md
    assert best is None


def test_dispositions_and_world_parameters_are_ranked_apart() -> None:
    md, best = _tables(_sens(("p", "trust", "myopia"), [0.9, 0.5, 0.1], [0.05, 0.05, 0.02],
                             [0.8, 0.4, 0.05]), 0.4)  # fmt: skip
    disp = md.index("**Dispositions")
    world = md.index("**World parameters**")
    assert disp < md.index("| trust |") < md.index("| myopia |") < world < md.index("| p |")
    assert best == "trust"  # p is ranked higher but is not a disposition


def test_noisy_indices_are_flagged_not_clipped() -> None:
    from dealmodels.report._sections import needed_n

    md, best = _tables(_sens(("trust", "myopia"), [1.2, 0.03], [0.362, 0.05], [-0.1, 0.01]), 0.5)
    assert "| trust | 1.200 ± 0.362 | -0.100 ± 0.010 |" in md  # as estimated
    n = needed_n(1024, 0.362)
    assert n == 65536  # 1024 * (0.362 / 0.05)^2 = 53,676, up to a power of 2
    assert f"total index above 1 is estimator noise; N ≈ {n:,} would shrink ± to 0.05" in md
    assert "first-order index below 0 is estimator noise" in md
    assert "interval includes 0: not distinguishable from no effect" in md  # myopia
    assert best is None  # the leader is flagged


def test_overlapping_leaders_cannot_be_told_apart() -> None:
    md, best = _tables(_sens(("trust", "myopia"), [0.5, 0.45], [0.06, 0.06], [0.4, 0.4]), 0.5)
    assert "trust and myopia cannot be told apart at N = 1,024" in md
    assert best is None


@pytest.mark.parametrize(("half", "n", "want"), [(0.05, 1024, 1024), (0.1, 1024, 4096),
                                                 (0.01, 512, 512)])  # fmt: skip
def test_needed_n_known_values(half: float, n: int, want: int) -> None:
    from dealmodels.report._sections import needed_n

    assert needed_n(n, half) == want


# -- rendering ----------------------------------------------------------------------------------
def test_inline_converts_rest_and_tex() -> None:
    from dealmodels.report._render import inline

    r = inline("M7: collusion of :math:`n` instances needing :math:`k` (see the module docstring)")
    assert r.html.count("<math") == 2
    assert ":math:" not in r.html
    assert "module" not in r.html
    assert r.md == "M7: collusion of $n$ instances needing $k$"
    r = inline("see :class:`~dealmodels.models.takeover.TakeoverDecision` and ``budget``")
    assert r.html == "see <code>TakeoverDecision</code> and <code>budget</code>"
    assert inline("a < b & c").html == "a &lt; b &amp; c"


def test_long_relations_wrap_and_huge_conditions_collapse() -> None:
    from dealmodels.models import Collusion, OversightCommitment
    from dealmodels.report._render import COLLAPSE, Doc, condition_clauses
    from dealmodels.symbolic import Condition, Parameter

    word, clauses = condition_clauses(Collusion().cooperation_condition())
    assert word == "whole"
    assert "<mtable" in clauses[0][0]  # over several lines, not one clipped line
    assert clauses[0][0].count("<mtr>") >= 3
    x = Parameter(name="x", low=0, default=1.0)
    word, clauses = condition_clauses(Condition(x.symbol >= 1, [x]))
    assert "<mtable" not in clauses[0][0]  # short: one line
    doc = Doc(Path("."))
    doc.condition(OversightCommitment().cooperation_condition())
    html = "".join(doc.html)
    assert len(html) > COLLAPSE
    assert html.startswith("<details><summary>The exact condition: ")


def test_a_piecewise_and_the_incomplete_beta_are_written_as_maths() -> None:
    # collusion's pivot probability is Piecewise((1, k <= 1), (betainc_regularized(...),
    # True)); sympy's MathML printer writes both as function calls ("piecewise((1, ...")
    from dealmodels.models import Collusion
    from dealmodels.report._render import condition_clauses

    _, clauses = condition_clauses(Collusion().cooperation_condition())
    mathml = clauses[0][0]
    assert "piecewise" not in mathml.lower()
    assert "betainc" not in mathml
    assert "True" not in mathml
    assert '<mo stretchy="true">{</mo><mtable' in mathml  # a brace over the cases
    assert "<msub><mi>I</mi>" in mathml  # I_q(a, b)
    assert "otherwise" in mathml


def test_a_derived_condition_reads_as_one_side_against_the_other() -> None:
    # derived conditions compare differences with zero ("0 >= s", "d - s EU_T >= 0"); shown,
    # they read "s <= 0" and "deal >= threat", and a long left side wraps term by term
    from dealmodels.models import PartialAlignment, TakeoverDecision
    from dealmodels.report._render import condition_clauses

    word, clauses = condition_clauses(TakeoverDecision().cooperation_condition())
    assert word == "whole"
    assert clauses[0][1].startswith(r"x_{\max} \delta^{\Delta_D} q \geq s \left("), clauses[0][1]
    word, clauses = condition_clauses(PartialAlignment().cooperation_condition())
    assert word == "or"
    assert len(clauses) == 3
    first, second, deal = (tex for _, tex in clauses)
    assert first == r"s \leq 0"
    assert second.endswith(r"\leq 0")
    assert not second.startswith("0")
    assert r"\geq s \left(" in deal
    assert not deal.endswith(r"\geq 0")
    mathml = clauses[2][0]
    assert mathml.count("<mtr>") >= 2  # wrapped, not one line running off the page


def test_a_models_own_analysis_settings_override_the_scenarios(tmp_path: Path) -> None:
    path = tmp_path / "scenario.toml"
    path.write_text(
        "[analysis]\nresolution = 50\nmonte_carlo_n = 500\n[[models]]\nmodel = 'takeover'\n"
        "analysis = { resolution = 7 }\n[[models]]\nmodel = 'collusion'\n",
        encoding="utf-8",
    )
    s = load_scenario(path)
    own, other = s.models
    assert (own.setting(s, "resolution"), own.setting(s, "monte_carlo_n")) == (7, 500)
    assert other.setting(s, "resolution") == 50


def test_the_answers_world_is_the_files_priors_then_the_package_defaults(tmp_path: Path) -> None:
    from dealmodels.report._build import law_text, world_priors
    from dealmodels.world import default_priors

    path = tmp_path / "scenario.toml"
    path.write_text(
        "[world]\nprize = 2.0\n[priors]\np = { dist = 'uniform', low = 0.1, high = 0.2 }\n"
        "trust = { dist = 'beta', a = 2, b = 2 }\n",
        encoding="utf-8",
    )
    priors = world_priors(load_scenario(path))
    assert set(priors) == set(default_priors())  # trust is a disposition: not a world prior
    assert priors["p"].support() == pytest.approx((0.1, 0.2))
    assert law_text(priors["prize"]) == "log-uniform on [1, 100]"  # fixed at 2 only at the point
    assert law_text(priors["instances"]) == "integers 1 to 8, equally likely"
    assert law_text(priors["success_probability"]) == "beta(a=5, b=4)"
    assert law_text(priors["loss"]) == "uniform on [0, 3]"


def test_the_composed_scenarios_functions_are_named_in_its_legend() -> None:
    from dealmodels.models.scenario import Scenario
    from dealmodels.report._render import condition_clauses, fmt, function_rows

    m = Scenario()
    cond = m.cooperation_condition()
    word, clauses = condition_clauses(cond)
    assert word == "and"
    assert all(len(ml) < 2000 for ml, _ in clauses)  # names, not 36 arguments each
    rows = function_rows(cond, {k: p.default for k, p in m.parameters.items()})
    names = [r[0].md for r in rows]  # type: ignore[union-attr]
    assert names == ["colludes", "credible", "deal", "deterred", "V_T"]
    r = m.solve()
    shown = {n: row[3] for n, row in zip(names, rows, strict=True)}
    assert shown["V_T"] == fmt(float(r.threat_value))
    assert shown["colludes"] == fmt(float(r.colludes))


def test_the_report_says_why_the_sections_differ_from_the_answer(
    small: tuple[ReportResult, _Parser],
) -> None:
    # the sections study the scenario's AI, the answer a misaligned AI under each spec: a
    # reader comparing their probabilities is told they answer different questions
    md = small[0].markdown.read_text(encoding="utf-8")
    world = md.split("## The AI and its world", 1)[1].split("## ", 1)[0]
    assert "is not the answer's P(no takeover attempt) under no spec" in world
