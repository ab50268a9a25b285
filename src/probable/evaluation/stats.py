"""Small statistics for reports: intervals around shares."""

from __future__ import annotations

import math


def wilson_interval(hits: int, trials: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval for a share (95% by default); (0, 1) with no trials.

    A small world's share is noisy; the interval says how noisy.
    """
    if trials == 0:
        return 0.0, 1.0
    p = hits / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)
