"""Command-line entry of the science check: ``python docs/research/science_check [--out DIR]``."""

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if sys.path and Path(sys.path[0]).resolve() == HERE:  # run as a folder: import it as a package instead
    sys.path[0] = str(HERE.parent)

from science_check import check, default_cases, report  # noqa: E402


def main(argv=None) -> int:
    """Run every case; returns the exit status (0 if every threshold holds)."""
    parser = argparse.ArgumentParser(description="Science check: the plugin's haloes, pixel by pixel")
    parser.add_argument("--out", type=Path, default=Path("output/science_check"),
                        help="output folder (default: output/science_check)")
    parser.add_argument("--shape", type=int, default=check.DEFAULT_SHAPE[0], help="grid side in pixels (default: %(default)s)")
    parser.add_argument("--pixel-scale", type=float, default=check.DEFAULT_PIXEL_SCALE,
                        help="pixel size in arcsec (default: %(default)s)")
    parser.add_argument("--no-figures", action="store_true", help="skip the PNG figures")
    args = parser.parse_args(argv)

    print(f"Science check: {len(default_cases())} cases on a {args.shape} x {args.shape} grid of {args.pixel_scale}\" pixels")
    summary = check.run_science_check(shape_native=(args.shape, args.shape), pixel_scales=args.pixel_scale,
                                      out_dir=args.out, figures=not args.no_figures)
    print()
    report.print_table(summary)
    print()
    print(f"Outputs in {args.out}/: summary.json, summary.md"
          + ("" if args.no_figures else ", summary_max_rel_error.png and case_<name>.png per case"))
    print(f"Total {summary['seconds']:.1f} s. " + ("ALL THRESHOLDS HOLD." if summary["passed"] else "THRESHOLD EXCEEDED."))
    return 0 if summary["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
