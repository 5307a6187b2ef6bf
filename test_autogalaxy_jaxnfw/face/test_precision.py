"""Precision is the user's: importing the package leaves ``jax_enable_x64`` as it was.

Each check runs in a fresh interpreter (``subprocess``; the test process itself runs with
x64 on, set by the conftest), started without ``JAX_ENABLE_X64`` in its environment.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest


def run_fresh(code: str, **environment) -> dict:
    """The JSON a fresh interpreter prints after running ``code``, without JAX_ENABLE_X64 unless given."""
    env = {k: v for k, v in os.environ.items() if k != "JAX_ENABLE_X64"}
    env.update(environment)
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("x64", [False, True])
def test__import__leaves_jax_enable_x64_as_it_was(x64):
    state = run_fresh(
        f"""
        import json, jax
        jax.config.update("jax_enable_x64", {x64})
        import autogalaxy_jaxnfw
        print(json.dumps(dict(after=bool(jax.config.jax_enable_x64))))
        """
    )
    assert state["after"] is x64
