"""The world's configuration: one TOML file, validated strictly.

Every parameter of the simulator is read from `world.toml` (shipped with the
package) or a file given with `--config`. Unknown keys, rates outside [0, 1],
rates that must share one unit and sum past it, and missing files all stop
with one message naming the key, before anything is written.

`loading` reads the text into a `world_config.WorldConfig`, built from the sections in
`people`, `records`, `errors` and `bookings`; `checks` holds what the sections share and
`vocabulary` the names their keys are checked against.
"""

from __future__ import annotations

from probable.world.config.bookings import (
    AgenciesSection,
    BookingsSection,
    HourWeights,
    JailErrors,
    ReleaseSection,
)
from probable.world.config.checks import ConfigError, Rate, Weight
from probable.world.config.errors import (
    ANumberErrors,
    DerivedErrors,
    ErrorPatterns,
    ErrorsSection,
    NaturalizationErrors,
    SourceErrors,
    StaleErrors,
    WrongPersonErrors,
)
from probable.world.config.loading import default_config_text, load_config, parse_config
from probable.world.config.people import (
    ConvictionsSection,
    Country,
    FamiliesSection,
    NamesakesSection,
    PopulationSection,
    TimelineSection,
    WorldSection,
)
from probable.world.config.records import CorroborationSection, IdentSection, RecordsSection
from probable.world.config.vocabulary import NAMESAKE_PATHS, OUTCOMES, PATHS, STATUSES
from probable.world.config.world_config import WorldConfig

__all__ = [
    "NAMESAKE_PATHS",
    "OUTCOMES",
    "PATHS",
    "STATUSES",
    "ANumberErrors",
    "AgenciesSection",
    "BookingsSection",
    "ConfigError",
    "ConvictionsSection",
    "CorroborationSection",
    "Country",
    "DerivedErrors",
    "ErrorPatterns",
    "ErrorsSection",
    "FamiliesSection",
    "HourWeights",
    "IdentSection",
    "JailErrors",
    "NamesakesSection",
    "NaturalizationErrors",
    "PopulationSection",
    "Rate",
    "RecordsSection",
    "ReleaseSection",
    "SourceErrors",
    "StaleErrors",
    "TimelineSection",
    "Weight",
    "WorldConfig",
    "WorldSection",
    "WrongPersonErrors",
    "default_config_text",
    "load_config",
    "parse_config",
]
