"""Process-wide choices: where they are kept (:mod:`.process_state`) and the conventions
in which the profiles may follow upstream autogalaxy (:mod:`.conventions`).

Layer 0: imports nothing from the package outside this folder.
"""

from autogalaxy_jaxnfw.settings import conventions, process_state

__all__ = ["conventions", "process_state"]
