"""The script PyInstaller freezes: the same entry point as the installed `finstack-afas-wizard` command (which
honours FINSTACK_WIZARD_EXIT_AFTER_FIRST_PAINT itself, so the start-up benchmark times the bundle too)."""

import sys

from wizard.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
