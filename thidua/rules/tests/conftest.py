"""Hypothesis for the engine's property tests: the examples stay random and as many, but the
timing checks (a per-example deadline, "input too slow") are off — they measure the machine's
load, not the code, and fail on a busy two-core CI runner."""

from hypothesis import HealthCheck, settings

settings.register_profile("thidua", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("thidua")
