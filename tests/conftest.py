"""Test configuration: hypothesis profiles.

``ci`` (selected when the CI environment variable is set) is derandomised and has no
database or deadline; ``dev`` is the default; ``slow`` runs many more examples for local
exploration (``HYPOTHESIS_PROFILE=slow python -m pytest``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=60)
settings.register_profile("slow", deadline=None, max_examples=1000)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)
