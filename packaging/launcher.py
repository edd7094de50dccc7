"""The script PyInstaller freezes: the same entry point as the installed `finstack-afas-wizard` command."""

import sys

import first_paint_probe  # a few lines, no Qt unless asked for; lets the startup benchmark time the bundle

from wizard.__main__ import main

if __name__ == "__main__":
    if first_paint_probe.requested():
        first_paint_probe.install()
    sys.exit(main())
