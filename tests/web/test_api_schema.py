"""Schemathesis against the API's own OpenAPI schema: no request, valid or not, makes the API
fail (5xx). On SQLite only, as an officer, with a bounded number of examples per operation.

Schemathesis' pytest integration (`from_fixture`) does not run on pytest 9, so each
operation's strategy runs under Hypothesis here, and every operation that failed is named.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode

from probable.center import CenterSettings
from tests.center.service import Service, World, database, wired

#: Examples per operation and mode: enough to reach past validation, few enough for seconds.
EXAMPLES = 30


@pytest.fixture(scope="module")
def fuzzed(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """A service on SQLite with a few cases in it."""
    directory = tmp_path_factory.mktemp("fuzzed")
    with database("sqlite", directory) as url, wired(url, world, CenterSettings()) as service:
        for _ in range(3):
            service.intake(service.fresh())
        yield service


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_makes_the_api_fail(fuzzed: Service, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed.client.app)
    headers = fuzzed.headers("officer")
    failures: dict[str, str] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def call(case: Case) -> None:
            response = case.call(headers=headers)
            assert response.status_code < 500, (
                f"answered {response.status_code}: {response.text[:300]}\n"
                f"{case.as_curl_command(headers=headers)}"
            )

        try:
            call()
        except Unsatisfiable:
            assert mode == GenerationMode.NEGATIVE, operation.label  # no input to get wrong
        except Exception as exc:  # the falsifying example, shrunk
            failures[operation.label] = f"{type(exc).__name__}: {exc}"

    assert not failures, "\n\n".join(f"{label}\n{why}" for label, why in failures.items())
