"""dealmodels: game-theoretic models of deals between AI developers and misaligned AIs.

Import as ``import dealmodels as dm``. Representations and solvers are re-exported here;
heavy dependencies (scipy, sympy, networkx, matplotlib) load only when a name that
needs them is first used, so ``import dealmodels`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dealmodels.errors import (
    ConvergenceError,
    DealModelsError,
    DegenerateGameWarning,
    InvalidGameError,
    InvalidParameterError,
    NoEquilibriumError,
    SolverError,
    UnsupportedGameError,
)
from dealmodels.games.normal_form import NormalFormGame

__version__ = "0.1.0.dev0"

# Public name -> module that defines it; loaded on first attribute access (PEP 562).
# Add one line per public name; keep __all__ below in sync (a test checks both).
_LAZY: dict[str, str] = {
    # analysis/
    "MonteCarloResult": "dealmodels.analysis.monte_carlo",
    "RegionMap": "dealmodels.analysis.regions",
    "SensitivityResult": "dealmodels.analysis.sensitivity",
    "monte_carlo": "dealmodels.analysis.monte_carlo",
    "regions": "dealmodels.analysis.regions",
    "sensitivity": "dealmodels.analysis.sensitivity",
    "sweep": "dealmodels.analysis.sweep",
    # games/repeated.py, solvers/repeated.py
    "RepeatedGame": "dealmodels.games.repeated",
    "FeasiblePayoffs": "dealmodels.solvers.repeated",
    "TriggerResult": "dealmodels.solvers.repeated",
    "critical_discount": "dealmodels.solvers.repeated",
    "feasible_payoffs": "dealmodels.solvers.repeated",
    "grim_trigger": "dealmodels.solvers.repeated",
    "is_sustainable": "dealmodels.solvers.repeated",
    "minmax_values": "dealmodels.solvers.repeated",
    # games/bargaining.py, solvers/bargaining.py
    "BargainingProblem": "dealmodels.games.bargaining",
    "BargainingSolution": "dealmodels.solvers.bargaining",
    "RubinsteinResult": "dealmodels.solvers.bargaining",
    "egalitarian": "dealmodels.solvers.bargaining",
    "kalai_smorodinsky": "dealmodels.solvers.bargaining",
    "nash_bargaining": "dealmodels.solvers.bargaining",
    "rubinstein": "dealmodels.solvers.bargaining",
    # dispositions.py
    "Disposition": "dealmodels.dispositions",
    "DispositionFeatures": "dealmodels.dispositions",
    "PersistenceModel": "dealmodels.dispositions",
    "Spec": "dealmodels.dispositions",
    "Utility": "dealmodels.dispositions",
    # models/scenario.py
    "Environment": "dealmodels.world",
    "World": "dealmodels.world",
    "WORLD_FIELDS": "dealmodels.world",
    "Scenario": "dealmodels.models.scenario",
    "compare_specs": "dealmodels.models.scenario",
    # analysis/spec_value.py
    "SpecValue": "dealmodels.analysis.spec_value",
    "spec_value": "dealmodels.analysis.spec_value",
    # symbolic.py
    "Condition": "dealmodels.symbolic",
    "Parameter": "dealmodels.symbolic",
    "Threshold": "dealmodels.symbolic",
    # solvers/commitment.py
    "CommitmentResult": "dealmodels.solvers.commitment",
    "stackelberg": "dealmodels.solvers.commitment",
    # solvers/correlated.py
    "CorrelatedEquilibrium": "dealmodels.solvers.correlated",
    "correlated_equilibrium": "dealmodels.solvers.correlated",
    "is_correlated_equilibrium": "dealmodels.solvers.correlated",
    # solvers/dominance.py
    "EliminationResult": "dealmodels.solvers.dominance",
    "EliminationStep": "dealmodels.solvers.dominance",
    "iterated_elimination": "dealmodels.solvers.dominance",
    # games/extensive_form.py, solvers/backward.py
    "GameTree": "dealmodels.games.extensive_form",
    "chance": "dealmodels.games.extensive_form",
    "decision": "dealmodels.games.extensive_form",
    "terminal": "dealmodels.games.extensive_form",
    "SubgamePerfectResult": "dealmodels.solvers.backward",
    "SymbolicSubgamePerfect": "dealmodels.solvers.backward",
    "all_subgame_perfect": "dealmodels.solvers.backward",
    "subgame_perfect": "dealmodels.solvers.backward",
    "symbolic_backward_induction": "dealmodels.solvers.backward",
    # solvers/sequence_form.py
    "SequenceFormEquilibrium": "dealmodels.solvers.sequence_form",
    "sequence_form_equilibrium": "dealmodels.solvers.sequence_form",
    # io/gambit.py
    "read_gambit": "dealmodels.io.gambit",
    "write_gambit": "dealmodels.io.gambit",
    # solvers/quantal.py
    "LogitBranch": "dealmodels.solvers.quantal",
    "QuantalResponseEquilibrium": "dealmodels.solvers.quantal",
    "logit_branch": "dealmodels.solvers.quantal",
    "quantal_response": "dealmodels.solvers.quantal",
    # solvers/nash.py
    "Equilibrium": "dealmodels.solvers.nash",
    "SolverResult": "dealmodels.solvers._result",
    "best_responses": "dealmodels.solvers.nash",
    "is_nash": "dealmodels.solvers.nash",
    "lemke_howson": "dealmodels.solvers.nash",
    "nash_equilibria": "dealmodels.solvers.nash",
    "pure_nash_equilibria": "dealmodels.solvers.nash",
    "regret": "dealmodels.solvers.nash",
}

_SUBMODULES = {"models", "analysis", "strategies", "plotting", "io", "games", "solvers"}

if TYPE_CHECKING:
    from dealmodels.analysis.monte_carlo import MonteCarloResult, monte_carlo
    from dealmodels.analysis.regions import RegionMap, regions
    from dealmodels.analysis.sensitivity import SensitivityResult, sensitivity
    from dealmodels.analysis.spec_value import SpecValue, spec_value
    from dealmodels.analysis.sweep import sweep
    from dealmodels.dispositions import (
        Disposition,
        DispositionFeatures,
        PersistenceModel,
        Spec,
        Utility,
    )
    from dealmodels.games.bargaining import BargainingProblem
    from dealmodels.games.extensive_form import GameTree, chance, decision, terminal
    from dealmodels.games.repeated import RepeatedGame
    from dealmodels.io.gambit import read_gambit, write_gambit
    from dealmodels.models.scenario import Scenario, compare_specs
    from dealmodels.solvers.backward import (
        SubgamePerfectResult,
        SymbolicSubgamePerfect,
        all_subgame_perfect,
        subgame_perfect,
        symbolic_backward_induction,
    )
    from dealmodels.solvers.bargaining import (
        BargainingSolution,
        RubinsteinResult,
        egalitarian,
        kalai_smorodinsky,
        nash_bargaining,
        rubinstein,
    )
    from dealmodels.solvers.commitment import CommitmentResult, stackelberg
    from dealmodels.solvers.correlated import (
        CorrelatedEquilibrium,
        correlated_equilibrium,
        is_correlated_equilibrium,
    )
    from dealmodels.solvers.dominance import (
        EliminationResult,
        EliminationStep,
        iterated_elimination,
    )
    from dealmodels.solvers.nash import (
        Equilibrium,
        best_responses,
        is_nash,
        lemke_howson,
        nash_equilibria,
        pure_nash_equilibria,
        regret,
    )
    from dealmodels.solvers.quantal import (
        LogitBranch,
        QuantalResponseEquilibrium,
        logit_branch,
        quantal_response,
    )
    from dealmodels.solvers.repeated import (
        FeasiblePayoffs,
        TriggerResult,
        critical_discount,
        feasible_payoffs,
        grim_trigger,
        is_sustainable,
        minmax_values,
    )
    from dealmodels.solvers.sequence_form import (
        SequenceFormEquilibrium,
        sequence_form_equilibrium,
    )
    from dealmodels.symbolic import Condition, Parameter, Threshold
    from dealmodels.world import WORLD_FIELDS, Environment, World

__all__ = [
    "WORLD_FIELDS",
    "BargainingProblem",
    "BargainingSolution",
    "CommitmentResult",
    "Condition",
    "ConvergenceError",
    "CorrelatedEquilibrium",
    "DealModelsError",
    "DegenerateGameWarning",
    "Disposition",
    "DispositionFeatures",
    "EliminationResult",
    "EliminationStep",
    "Environment",
    "Equilibrium",
    "FeasiblePayoffs",
    "GameTree",
    "InvalidGameError",
    "InvalidParameterError",
    "LogitBranch",
    "MonteCarloResult",
    "NoEquilibriumError",
    "NormalFormGame",
    "Parameter",
    "PersistenceModel",
    "QuantalResponseEquilibrium",
    "RegionMap",
    "RepeatedGame",
    "RubinsteinResult",
    "Scenario",
    "SensitivityResult",
    "SequenceFormEquilibrium",
    "SolverError",
    "SolverResult",
    "Spec",
    "SpecValue",
    "SubgamePerfectResult",
    "SymbolicSubgamePerfect",
    "Threshold",
    "TriggerResult",
    "UnsupportedGameError",
    "Utility",
    "World",
    "__version__",
    "all_subgame_perfect",
    "best_responses",
    "chance",
    "compare_specs",
    "correlated_equilibrium",
    "critical_discount",
    "decision",
    "egalitarian",
    "feasible_payoffs",
    "grim_trigger",
    "is_correlated_equilibrium",
    "is_nash",
    "is_sustainable",
    "iterated_elimination",
    "kalai_smorodinsky",
    "lemke_howson",
    "logit_branch",
    "minmax_values",
    "monte_carlo",
    "nash_bargaining",
    "nash_equilibria",
    "pure_nash_equilibria",
    "quantal_response",
    "read_gambit",
    "regions",
    "regret",
    "rubinstein",
    "sensitivity",
    "sequence_form_equilibrium",
    "spec_value",
    "stackelberg",
    "subgame_perfect",
    "sweep",
    "symbolic_backward_induction",
    "terminal",
    "write_gambit",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"dealmodels.{name}")
    raise AttributeError(f"module 'dealmodels' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | _SUBMODULES)
