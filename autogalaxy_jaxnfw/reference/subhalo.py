"""The pyHalo-convention subhalo mass function and its integrals, by mpmath quadrature.

d^2N / dm dA = sigma_sub F (m / m0)^s / m0 (1 + (alpha m_hm / m)^beta)^gamma [kpc^-2 Msun^-1],
F = 10^(k1 log10(M_host / 1e13) + k2 log10(z + 0.5)), m0 = 1e8 Msun (Gilman et al. 2020;
pyHalo's ``Rendering.subhalos``).  Integrals over m by mpmath's tanh-sinh quadrature in ln m
at 30 digits, split at the turnover; the inverse cumulative distribution by mpmath's root
finder on that integral.
"""

import mpmath

__all__ = ["differential", "host_scaling", "moment", "number_fraction_mass", "turnover"]

_M0 = 1e8
_DPS = 30


def turnover(m, m_hm, alpha, beta, gamma):
    """(1 + (alpha m_hm / m)^beta)^gamma, 1 for m_hm = 0."""
    with mpmath.workdps(_DPS):
        m, m_hm = mpmath.mpf(m), mpmath.mpf(m_hm)
        if m_hm == 0:
            return mpmath.mpf(1)
        return (1 + (alpha * m_hm / m) ** beta) ** gamma


def differential(m, sigma_sub, m_host, z, slope, m_hm, alpha, beta, gamma, k1, k2):
    """d^2N / dm dA [kpc^-2 Msun^-1]."""
    with mpmath.workdps(_DPS):
        m = mpmath.mpf(m)
        host = _host_scaling_mp(m_host, z, k1, k2)
        return float(sigma_sub * host * (m / _M0) ** slope / _M0 * turnover(m, m_hm, alpha, beta, gamma))


def _host_scaling_mp(m_host, z, k1, k2):
    return mpmath.power(10, k1 * mpmath.log10(mpmath.mpf(m_host) / 1e13) + k2 * mpmath.log10(mpmath.mpf(z) + 0.5))


def host_scaling(m_host, z, k1=0.55, k2=0.37):
    """F = 10^(k1 log10(M_host / 1e13 Msun) + k2 log10(z + 0.5)), pyHalo's defaults for k1, k2."""
    with mpmath.workdps(_DPS):
        return float(_host_scaling_mp(m_host, z, k1, k2))


def _moment_mp(m1, m2, n, slope, m_hm, alpha, beta, gamma):
    ln1, ln2 = mpmath.log(m1), mpmath.log(m2)
    points = [ln1] + [x for x in (mpmath.log(alpha * m_hm) if m_hm else None,) if x is not None and ln1 < x < ln2] + [ln2]
    integrand = lambda lm: mpmath.exp((slope + n + 1) * lm) / _M0 ** (slope + 1) * turnover(mpmath.exp(lm), m_hm, alpha, beta, gamma)  # noqa: E731
    return mpmath.quad(integrand, points)


def moment(m1, m2, n, slope, m_hm, alpha, beta, gamma):
    """int_{m1}^{m2} m^n (m / m0)^s / m0 T(m) dm [Msun^n]; multiply by sigma_sub F for per-area values."""
    with mpmath.workdps(_DPS):
        return float(_moment_mp(mpmath.mpf(m1), mpmath.mpf(m2), n, slope, m_hm, alpha, beta, gamma))


def number_fraction_mass(q, m1, m2, slope, m_hm, alpha, beta, gamma):
    """m_q with N(m1, m_q) = q N(m1, m2)."""
    with mpmath.workdps(_DPS):
        m1, m2 = mpmath.mpf(m1), mpmath.mpf(m2)
        total = _moment_mp(m1, m2, 0, slope, m_hm, alpha, beta, gamma)
        f = lambda lm: _moment_mp(m1, mpmath.exp(lm), 0, slope, m_hm, alpha, beta, gamma) - q * total  # noqa: E731
        return float(mpmath.exp(mpmath.findroot(f, (mpmath.log(m1), mpmath.log(m2)), solver="anderson")))
