"""`finstack-afas-wizard getconnectors`: list Finstack's GetConnectors, export the build's bundle, check or unpack a
bundle, print the hand-made guide. Only the parser is here: the work (the .gcn reader, ZIP handling) is in
getconnectors_run and loaded when a getconnectors command runs, so other commands start without it.
"""

from __future__ import annotations

import argparse

from wizard.cli.console import Console, Handler


def _lazy(name: str) -> Handler:
    def handler(args: argparse.Namespace, console: Console) -> int:
        from wizard.cli import getconnectors_run

        return int(getattr(getconnectors_run, name)(args, console))

    return handler


def register(commands: argparse._SubParsersAction, name: str) -> None:
    parser = commands.add_parser(
        name, help="list, export, check or unpack Finstack's GetConnectors (.gcn files)",
        description="Finstack's GetConnectors: list them, export the .gcn bundle for AFAS "
                    "(Acties > Importeren > Map), check or unpack a bundle you have, or print how to create one "
                    "by hand.")
    parser.add_argument("--definitions", metavar="FOLDER", help=argparse.SUPPRESS)  # maintainers and tests
    parser.add_argument("--gcn-dir", metavar="FOLDER", help=argparse.SUPPRESS)
    actions = parser.add_subparsers(dest="getconnectors_command", metavar="ACTION", required=True)

    p = actions.add_parser("list", help="each connector: external name, data collection, purpose, .gcn present",
                           description="List Finstack's GetConnectors and whether this build carries their .gcn.")
    p.set_defaults(handler=_lazy("cmd_list"))

    p = actions.add_parser("export", help="save the bundle as a folder (default) or a ZIP file",
                           description="Save the .gcn files with LEESMIJ.txt, README.txt and manifest.json. "
                                       "Never overwrites a different existing file. Refuses when this build "
                                       "carries no .gcn files.")
    p.add_argument("destination", metavar="DEST", help="a new or existing folder, or with --zip the ZIP file")
    p.add_argument("--zip", action="store_true", help="write DEST as one flat ZIP file")
    p.set_defaults(handler=_lazy("cmd_export"))

    p = actions.add_parser("check", help="check a bundle: a ZIP, a folder, or one .gcn file",
                           description="Read every .gcn and compare it with Finstack's definitions: missing, "
                                       "outdated, damaged, unknown and nested files. Exit status: 0 ready, "
                                       "1 problems found, 2 cannot be read.")
    p.add_argument("path", metavar="PATH", help="a ZIP file, a folder or a .gcn file")
    p.set_defaults(handler=_lazy("cmd_check"))

    p = actions.add_parser("unpack", help="check Finstack's ZIP (or a folder, or .gcn files) and unpack it",
                           description="Check every .gcn against Finstack's definitions and copy Finstack's "
                                       "GetConnectors into one folder for Acties > Importeren > Map (default: "
                                       "'Finstack GetConnectors' beside the ZIP). Files may sit flat or in one "
                                       "sub-folder. Nothing is written when a file is damaged; a different file "
                                       "is never overwritten. Exit status: 0 every GetConnector is there and "
                                       "sound, 1 problems found, 2 cannot be read or written.")
    p.add_argument("source", metavar="ZIP", help="Finstack's ZIP file, a folder, or a .gcn file")
    p.add_argument("more", nargs="*", metavar="DEST", help="the folder to unpack into (default: 'Finstack "
                   "GetConnectors' beside ZIP); with .gcn files, more .gcn files may come before it")
    p.set_defaults(handler=_lazy("cmd_unpack"))

    p = actions.add_parser("guide", help="print how to create one connector by hand in AFAS",
                           description="Step by step: create the GetConnector by hand in AFAS Profit.")
    p.add_argument("name", metavar="NAME", help="the connector, e.g. Finstack_Administrations")
    p.set_defaults(handler=_lazy("cmd_guide"))
