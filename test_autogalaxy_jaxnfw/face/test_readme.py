"""Every Python code block of the README runs as written, and gives float64 as the README says.

Each block runs in a fresh interpreter started without ``JAX_ENABLE_X64`` (the test process
itself runs with x64 on, set by the conftest), as a user's script would: whether JAX computes in
float64 depends on what the block imports first (README, "Precision").  The interpreter reports
the dtype of every floating-point array the block leaves in its namespace.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
BLOCKS = re.findall(r"^```python\n(.*?)^```", README.read_text(), re.S | re.M)

# Runs block ``sys.argv[1]`` of the README, then prints {name: dtype} of its floating-point arrays
# (NamedTuples such as a solution are opened into their fields).
RUNNER = """
import json, re, sys
from pathlib import Path

blocks = re.findall(r"^```python\\n(.*?)^```", Path("README.md").read_text(), re.S | re.M)
namespace = {"__name__": "readme_block"}
exec(compile(blocks[int(sys.argv[1])], f"README.md block {sys.argv[1]}", "exec"), namespace)

import jax
import numpy as np

dtypes = {}
for name, value in namespace.items():
    if name.startswith("_") or type(value).__name__ == "module":
        continue
    for path, leaf in jax.tree_util.tree_leaves_with_path(value):
        dtype = getattr(leaf, "dtype", None)
        if dtype is not None and np.issubdtype(dtype, np.floating):
            dtypes[name + jax.tree_util.keystr(path)] = str(dtype)
print(json.dumps(dtypes))
"""


def _imports_jax_before_the_package(block):
    imports = re.findall(r"^import (\w+)", block, re.M)
    return "jax" in imports and "autogalaxy_jaxnfw" in imports and imports.index("jax") < imports.index("autogalaxy_jaxnfw")


def test__readme__has_python_blocks():
    assert len(BLOCKS) >= 2
    assert any(_imports_jax_before_the_package(block) for block in BLOCKS)


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test__readme__block_runs_in_a_fresh_process_and_gives_float64(index):
    env = {k: v for k, v in os.environ.items() if k != "JAX_ENABLE_X64"}
    run = subprocess.run([sys.executable, "-c", RUNNER, str(index)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"README block {index} failed:\n{run.stderr[-4000:]}"
    dtypes = json.loads(run.stdout.strip().splitlines()[-1])
    if _imports_jax_before_the_package(BLOCKS[index]) and "agj." in BLOCKS[index]:
        # The blocks that import JAX first are the ones whose precision is in question: they must compute something.
        assert dtypes, f"README block {index} leaves no floating-point array to check"
    not_float64 = {name: dtype for name, dtype in dtypes.items() if dtype != "float64"}
    assert not not_float64, f"README block {index} gives {not_float64} (the README promises float64)"
