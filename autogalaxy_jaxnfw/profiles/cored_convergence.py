"""The convergence of the cored NFW profiles (autogalaxy's ``cNFW``, ``cNFWSph``), under JAX too.

autogalaxy's cored NFW convergence is a multi-Gaussian expansion of the 3D density
(Shajib 2019, MNRAS 488, 1387): 20 Gaussians with widths log-spaced from r_s / 1000 to 200 r_s.
The decomposition runs on ``jax.numpy``, but the final sum of Gaussians
(``MGEDecomposer.convergence_func_gaussian``) is called without its ``xp`` argument and so
always runs in NumPy, which a traced grid cannot enter.  :class:`CoredNFWConvergence` sums the
same Gaussians with the grid's own array module: the same numbers on the NumPy path, and a
map that runs under ``jax.jit`` and ``jax.grad``.
"""

import autoarray as aa
import jax.numpy as jnp
import numpy as np
from autogalaxy.profiles.mass.abstract.mge import MGEDecomposer

from autogalaxy_jaxnfw.numerics.tracing import uses_jax

__all__ = ["CoredNFWConvergence"]


class _ArrayModuleDecomposer(MGEDecomposer):
    """``MGEDecomposer`` whose Gaussian sum uses the array module of its inputs."""

    def convergence_func_gaussian(self, grid_radii, sigma, intensity, xp=np):
        radii = grid_radii.array if hasattr(grid_radii, "array") else grid_radii
        xp = jnp if uses_jax(radii, sigma, intensity) else np
        return xp.multiply(intensity, xp.exp(-0.5 * xp.square(xp.divide(radii, sigma))))


class CoredNFWConvergence:
    """Mixin for the cored NFW siblings: upstream's expansion of the convergence, on NumPy or JAX grids."""

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def convergence_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """Convergence of the cored NFW profile by upstream's multi-Gaussian expansion (20 Gaussians)."""
        sigmas = xp.exp(xp.linspace(xp.log(self.scale_radius / 1000.0), xp.log(self.scale_radius * 200.0), 20))
        return _ArrayModuleDecomposer(mass_profile=self).convergence_2d_via_mge_from(
            grid=grid, xp=xp, sigma_log_list=sigmas, ellipticity_convention="major", three_D=True
        )
