"""`finstack-afas-wizard getconnectors`: list Finstack's GetConnectors, export the bundle, check a bundle,
print the hand-made guide. Never imports Qt.

Exit status of `check`: 0 the bundle is ready, 1 it has problems, 2 it cannot be read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from wizard.cli.console import EXIT_NO, EXIT_OK, Console
from wizard.core.getconnectors.check import check_bundle
from wizard.core.getconnectors.definitions import ConnectorDefinition, load_definitions
from wizard.core.getconnectors.export import export_folder, export_target, export_zip
from wizard.core.getconnectors.guide import render_guide
from wizard.core.getconnectors.matching import build_bundle
from wizard.core.getconnectors.model import BundleEntry, CheckReport, EntryState, ItemKind
from wizard.core.messages import Message, UserInputError, text


def _definitions_dir(args: argparse.Namespace) -> Path | None:
    return Path(args.definitions) if args.definitions else None


def _gcn_dir(args: argparse.Namespace) -> Path | None:
    return Path(args.gcn_dir) if args.gcn_dir else None


def _file_state(entry: BundleEntry, console: Console) -> str:
    key = {EntryState.PRESENT: "gcn.cli_file_present", EntryState.MISSING: "gcn.cli_file_missing",
           EntryState.INVALID: "gcn.cli_file_invalid"}[entry.state]
    return text(key, console.language, file=entry.file_name)


def cmd_list(args: argparse.Namespace, console: Console) -> int:
    bundle = build_bundle(_definitions_dir(args), _gcn_dir(args))
    language = console.language
    for number, entry in enumerate(bundle.entries, start=1):
        definition = entry.definition
        print(f"{number}. {definition.external_name}", file=console.out)
        collection = definition.data_collection_name
        if definition.data_collection_code:
            collection = f"{collection} ({definition.data_collection_code})"
        console.say("gcn.cli_list_collection", collection=collection)
        console.say("gcn.cli_list_fields", fields=", ".join(definition.aliases))
        console.say("gcn.cli_list_purpose", purpose=definition.purpose_text(language))
        console.say("gcn.cli_list_file", state=_file_state(entry, console))
        if entry.state is EntryState.INVALID:
            for item in entry.details:
                print(f"     {item.text(language)}", file=console.out)
    print(bundle.summary.text(language), file=console.out)
    return EXIT_OK


def cmd_export(args: argparse.Namespace, console: Console) -> int:
    bundle = build_bundle(_definitions_dir(args), _gcn_dir(args))
    destination = export_target(Path(args.destination), as_zip=args.zip)
    result = export_zip(bundle, destination) if args.zip else export_folder(bundle, destination)
    for entry in result.left_out:
        console.warn(entry.message)
    console.say("gcn.cli_exported_zip" if args.zip else "gcn.cli_exported_folder", count=len(result.files),
                path=str(result.destination))
    for name in result.files:
        print(f"  {name}", file=console.out)
    return EXIT_OK


def _print_report(report: CheckReport, console: Console) -> None:
    console.say("gcn.cli_checking", path=str(report.source))
    # One tag column (ok, missing, corrupt, ...) as wide as the widest tag, so results line up in a log.
    width = max(len(kind.tag.text(console.language)) for kind in ItemKind)
    for item in report.items:
        tag = item.kind.tag.text(console.language)
        print(f"  {tag:<{width}}  {item.text(console.language)}", file=console.out)
    if report.ok:
        console.say("gcn.cli_check_ok")
    else:
        console.say("gcn.cli_check_problems", count=len(report.problems))


def cmd_check(args: argparse.Namespace, console: Console) -> int:
    report = check_bundle(Path(args.path), _definitions_dir(args))
    _print_report(report, console)
    return EXIT_OK if report.ok else EXIT_NO


def _find_definition(name: str, definitions: tuple[ConnectorDefinition, ...]) -> ConnectorDefinition:
    """By external name, description or file name, ignoring case: people type what they see."""
    wanted = name.strip().lower()
    for found in definitions:
        if wanted in (found.external_name.lower(), found.description.lower(), found.file_name.lower()):
            return found
    raise UserInputError(Message("gcn.cli_unknown_connector", {
        "name": name, "known": ", ".join(d.external_name for d in definitions)}))


def cmd_guide(args: argparse.Namespace, console: Console) -> int:
    found = _find_definition(args.name, load_definitions(_definitions_dir(args)))
    print(render_guide(found, console.language), file=console.out, end="")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "getconnectors", help="list, export or check Finstack's GetConnectors (.gcn files)",
        description="Finstack's GetConnectors: list them, export the .gcn bundle for AFAS "
                    "(Acties > Importeren > Map), check a bundle you have, or print how to create one by hand.")
    parser.add_argument("--definitions", metavar="FOLDER", help=argparse.SUPPRESS)  # maintainers and tests
    parser.add_argument("--gcn-dir", metavar="FOLDER", help=argparse.SUPPRESS)
    actions = parser.add_subparsers(dest="getconnectors_command", metavar="ACTION", required=True)

    p = actions.add_parser("list", help="each connector: external name, data collection, purpose, .gcn present",
                           description="List Finstack's GetConnectors and whether this build carries their .gcn.")
    p.set_defaults(handler=cmd_list)

    p = actions.add_parser("export", help="save the bundle as a folder (default) or a ZIP file",
                           description="Save the .gcn files with LEESMIJ.txt, README.txt and manifest.json. "
                                       "Never overwrites a different existing file. Refuses when this build "
                                       "carries no .gcn files.")
    p.add_argument("destination", metavar="DEST", help="a new or existing folder, or with --zip the ZIP file")
    p.add_argument("--zip", action="store_true", help="write DEST as one flat ZIP file")
    p.set_defaults(handler=cmd_export)

    p = actions.add_parser("check", help="check a bundle: a ZIP, a folder, or one .gcn file",
                           description="Read every .gcn and compare it with Finstack's definitions: missing, "
                                       "outdated, damaged, unknown and nested files. Exit status: 0 ready, "
                                       "1 problems found, 2 cannot be read.")
    p.add_argument("path", metavar="PATH", help="a ZIP file, a folder or a .gcn file")
    p.set_defaults(handler=cmd_check)

    p = actions.add_parser("guide", help="print how to create one connector by hand in AFAS",
                           description="Step by step: create the GetConnector by hand in AFAS Profit.")
    p.add_argument("name", metavar="NAME", help="the connector, e.g. Finstack_Administrations")
    p.set_defaults(handler=cmd_guide)
