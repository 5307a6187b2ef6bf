"""Halo masses to noisy lensed images, one realisation per call, batched and sharded over devices.

:class:`PopulationSimulator` holds what every realisation shares (planes and slots, pixel
grid, PSF, main lens and source, exposure); :meth:`PopulationSimulator.realisation` maps one
realisation's line-of-sight haloes and subhalos (masses, centres, planes, concentration
scatters) to its image: the Ludlow et al. (2016) lensing parameters of every halo
(:func:`~autogalaxy_jaxnfw.populations.planes.plane_halos`), each plane's negative mass
sheet (:func:`~autogalaxy_jaxnfw.populations.plane_sheets.plane_sheets`), multi-plane ray
tracing (:func:`~autogalaxy_jaxnfw.populations.tracer.traced_grids`), the source's surface
brightness, PSF convolution and Poisson noise, all in one trace.
:meth:`PopulationSimulator.batched` is that function vmapped over realisations and split over
the devices of a mesh (:func:`~autogalaxy_jaxnfw.sharding.sharded_vmap`), across processes
too when JAX runs multi-controller (``jax.distributed``).
"""

from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple, Optional, Tuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.populations.plane_sheets import plane_sheets
from autogalaxy_jaxnfw.populations.planes import PlaneLayout, plane_halos
from autogalaxy_jaxnfw.populations.tracer import TRACER_CHUNK_SIZE, scaling_matrix, traced_grids
from autogalaxy_jaxnfw.numerics.inputs import as_float64
from autogalaxy_jaxnfw.profiles.halo_cosmology import CosmologyLike, resolve_cosmology

__all__ = ["HaloSample", "PopulationSimulator", "SimulatedImages"]


class HaloSample(NamedTuple):
    """N haloes of one realisation (a leading batch axis on every field for a batch).

    Attributes
    ----------
    mass_at_200 : array, shape (N,)
        M200c [Msun].
    centres : array, shape (N, 2)
        (y, x) [arcsec].
    plane_index : int array, shape (N,)
        Lens plane of each halo, an index into the layout's redshifts.
    scatter_sigma : array, shape (N,)
        Offset from the mean c(M) in units of 0.15 dex.
    valid : bool array, shape (N,), or None
        Which entries are haloes (static-size slots, e.g. of a
        :class:`~autogalaxy_jaxnfw.Realisation`); the others are left out and not counted as
        dropped.  None: every entry.
    truncation_radius : array, shape (N,), or None
        r_t of each halo [arcsec], in place of the workspace's 2 r_200 (e.g. a
        :class:`~autogalaxy_jaxnfw.Realisation`'s under pyHalo's truncation models); None: 2 r_200.
    """

    mass_at_200: Any
    centres: Any
    plane_index: Any
    scatter_sigma: Any
    valid: Any = None
    truncation_radius: Any = None


class SimulatedImages(NamedTuple):
    """One realisation's images (a leading batch axis for a batch).

    Attributes
    ----------
    image : jax.Array, shape image_shape
        Noisy image [counts / s], sky subtracted.
    noiseless : jax.Array, shape image_shape
        The PSF-convolved image without noise.
    n_dropped : jax.Array of int, shape ()
        Haloes that found no slot in the layout (0 when the layout fits the population).
    """

    image: jax.Array
    noiseless: jax.Array
    n_dropped: jax.Array


@dataclass(frozen=True)
class PopulationSimulator:
    """What every realisation shares, and the realisation itself.

    Attributes
    ----------
    layout : PlaneLayout
        Lens planes, source redshift, slots per plane (line-of-sight haloes and subhalos together).
    grid : array, shape (n_pix, 2)
        (y, x) pixel centres [arcsec] (e.g. ``Grid2D.uniform(...).array``), row-major
        over ``image_shape``; its dtype is the images' dtype.
    image_shape : (int, int)
        Pixels (rows, columns).
    psf_kernel : array, shape (k, k)
        Normalised PSF, convolved with ``fftconvolve(mode="same")``.
    lens_deflections : callable
        ``f(grid, lens_params) -> (n_pix, 2)`` deflections of the main lens [arcsec].
    lens_plane : int
        Lens plane of the main lens.
    source_image : callable
        ``f(grid, source_params) -> (n_pix,)`` surface brightness of the source [counts / s].
    lens_params, source_params : array
        Default parameters of the two callables.
    exposure_time : float
        Seconds (Poisson noise on the counts).
    background_sky : float
        Sky level [counts / s / pixel], in the noise, subtracted from the image.
    cone_area : float, array of shape (n_planes,) or None
        Light-cone area [arcsec^2] over which each plane's sheet cancels its line-of-sight
        haloes' mean convergence; ``None``: no sheets.
    cosmology : autogalaxy LensingCosmology or None
        Distances of the ray tracing (``None``: autogalaxy's Planck15, autolens' default).
    halo_cosmology : HaloCosmology, Cosmology or None
        Of the haloes' parameters, as :func:`~autogalaxy_jaxnfw.truncated_nfw_population_parameters`.
    chunk_size : int
        Haloes summed together per step (each plane pads its last chunk, so the tracer's
        small default wastes least).
    relation : Relation or None
        The haloes' c(M), as :func:`~autogalaxy_jaxnfw.truncated_nfw_population_parameters`.
    """

    layout: PlaneLayout
    grid: Any
    image_shape: Tuple[int, int]
    psf_kernel: Any
    lens_deflections: Callable
    lens_plane: int
    source_image: Callable
    lens_params: Any
    source_params: Any
    exposure_time: float
    background_sky: float
    cone_area: Any = None
    cosmology: Any = None
    halo_cosmology: CosmologyLike = None
    chunk_size: int = TRACER_CHUNK_SIZE
    relation: Any = None
    scaling: np.ndarray = field(init=False, repr=False)

    def __post_init__(self):
        if not isinstance(self.layout, PlaneLayout):
            raise TypeError(f"layout must be a PlaneLayout; got {type(self.layout).__name__}")
        resolve_cosmology(self.halo_cosmology, "halo_cosmology")
        exposure_time = as_float64(self.exposure_time, "exposure_time")
        if not (exposure_time.shape == () and np.isfinite(exposure_time) and exposure_time > 0.0):
            raise ValueError(f"exposure_time must be one finite number > 0 [s]; got {self.exposure_time!r}")
        background_sky = as_float64(self.background_sky, "background_sky")
        if not np.all(np.isfinite(background_sky) & (background_sky >= 0.0)):
            raise ValueError(f"background_sky must be finite and >= 0 [counts / s / pixel]; got {self.background_sky!r}")
        if self.cone_area is not None:
            area = as_float64(self.cone_area, "cone_area")
            if not np.all(np.isfinite(area) & (area > 0.0)):
                raise ValueError(f"cone_area must be finite and > 0 [arcsec^2] (or None); got {self.cone_area!r}")
        redshifts = self.layout.redshifts + (self.layout.redshift_source,)
        object.__setattr__(self, "scaling", scaling_matrix(redshifts, self.cosmology))
        if int(np.prod(self.image_shape)) != np.shape(self.grid)[0]:
            raise ValueError(f"grid has {np.shape(self.grid)[0]} pixels, image_shape {self.image_shape}")

    def noiseless_image(self, los: HaloSample, subhalos: Optional[HaloSample] = None, lens_params=None,
                        source_params=None, sheets=None):
        """The PSF-convolved, noise-free image and the number of dropped haloes.

        Sheets cancel the line-of-sight haloes' mean convergence only (subhalos are part
        of the lens): ``sheets`` (n_planes,) given (e.g. the expected ones of a
        :class:`~autogalaxy_jaxnfw.Realisation`), or else from the haloes over ``cone_area``.
        """
        n_los = jnp.shape(los.mass_at_200)[0]
        samples = [s if s.valid is not None else s._replace(valid=jnp.ones(jnp.shape(s.mass_at_200), bool))
                   for s in ((los,) if subhalos is None else (los, subhalos))]
        carried = [s.truncation_radius is not None for s in samples]
        if any(carried) and not all(carried):
            raise ValueError("truncation_radius must be given for both samples or for neither")
        fields = HaloSample._fields if all(carried) else HaloSample._fields[:-1]
        every = samples[0] if len(samples) == 1 else HaloSample(
            *(jnp.concatenate([jnp.asarray(getattr(s, f)) for s in samples]) for f in fields))
        # Slots that hold no halo get no plane: left out, and not counted among the dropped.
        plane_index = jnp.where(every.valid, every.plane_index, -1)
        halos = plane_halos(every.mass_at_200, every.centres, plane_index, self.layout, every.scatter_sigma,
                            self.halo_cosmology, self.relation, truncation_radius=every.truncation_radius)
        halos = halos._replace(n_dropped=halos.n_dropped - jnp.sum(~every.valid))
        if sheets is None and self.cone_area is not None:
            sheets = plane_sheets(halos, self.layout, self.cone_area, counted=slice(0, n_los))
        lens_params = self.lens_params if lens_params is None else lens_params
        source_params = self.source_params if source_params is None else source_params
        grid = jnp.asarray(self.grid)
        rays = traced_grids(grid, halos, self.layout, self.scaling, sheets,
                            lambda theta: self.lens_deflections(theta, lens_params), self.lens_plane, self.chunk_size)
        image = self.source_image(rays[-1], source_params).reshape(self.image_shape)
        psf = jnp.asarray(self.psf_kernel, dtype=image.dtype)
        return jax.scipy.signal.fftconvolve(image, psf, mode="same"), halos.n_dropped

    def realisation(self, key, los: HaloSample, subhalos: Optional[HaloSample] = None, lens_params=None,
                    source_params=None, sheets=None) -> SimulatedImages:
        """One realisation: :meth:`noiseless_image` plus Poisson noise on the counts drawn with ``key``."""
        noiseless, n_dropped = self.noiseless_image(los, subhalos, lens_params, source_params, sheets)
        counts = jax.random.poisson(key, (noiseless + self.background_sky) * self.exposure_time)
        image = counts.astype(noiseless.dtype) / self.exposure_time - self.background_sky
        return SimulatedImages(image=image, noiseless=noiseless, n_dropped=n_dropped)

    def batched(self, mesh=None):
        """:meth:`realisation` vmapped over a leading batch axis of every argument and split over ``mesh``.

        ``f(keys, los, subhalos=None, lens_params=None, source_params=None)`` with a batch
        of keys (``jax.random.split``) and :class:`HaloSample` fields of shape (B, N, ...);
        returns :class:`SimulatedImages` with a leading axis B.  ``mesh``: as
        :func:`~autogalaxy_jaxnfw.sharding.sharded_vmap` (``None``: every device, of every
        process under ``jax.distributed``).
        """
        from autogalaxy_jaxnfw.populations.sharding import sharded_vmap

        return sharded_vmap(self.realisation, mesh)
