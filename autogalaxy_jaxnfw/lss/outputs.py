"""The units a mass function is returned in, as colossus names them (``q_out``)."""

__all__ = ["Q_OUT", "check_q_out"]

Q_OUT = ("f", "dndlnM", "M2dndM")
"""The multiplicity f, dn / d ln M [(Mpc/h)^-3], or M^2 / rho_m0 dn / dM."""


def check_q_out(q_out):
    """``ValueError`` naming ``q_out`` unless it is one of :data:`Q_OUT`."""
    if q_out not in Q_OUT:
        raise ValueError(f"q_out must be one of {list(Q_OUT)}; got {q_out!r}")
