"""The work behind `finstack-afas-wizard getconnectors` (list, export, check, unpack, guide), loaded only when
such a command runs. Never imports Qt.

Exit status of `check` and `unpack`: 0 the bundle is ready, 1 it has problems, 2 it cannot be read.

Every name and path printed goes through file_names.shown_name (the findings' messages do it themselves): a name in
a ZIP can hold terminal escapes or a line break.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from wizard.cli.console import EXIT_NO, EXIT_OK, Console
from wizard.core.file_names import shown_name
from wizard.core.getconnectors.check import check_bundle
from wizard.core.getconnectors.definitions import ConnectorDefinition, load_definitions
from wizard.core.getconnectors.export import export_folder, export_target, export_zip
from wizard.core.getconnectors.guide import render_guide
from wizard.core.getconnectors.matching import build_bundle
from wizard.core.getconnectors.model import GCN_SUFFIX, BundleEntry, CheckReport, EntryState, ItemKind
from wizard.core.getconnectors.unpack import unpack_bundle
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
                path=shown_name(str(result.destination)))
    for name in result.files:
        print(f"  {shown_name(name)}", file=console.out)
    return EXIT_OK


def _print_items(report: CheckReport, console: Console) -> None:
    console.say("gcn.cli_checking", path=shown_name(str(report.source)))
    # One tag column (ok, missing, corrupt, ...) as wide as the widest tag, so results line up in a log.
    width = max(len(kind.tag.text(console.language)) for kind in ItemKind)
    for item in report.items:
        tag = item.kind.tag.text(console.language)
        print(f"  {tag:<{width}}  {item.text(console.language)}", file=console.out)


def cmd_check(args: argparse.Namespace, console: Console) -> int:
    report = check_bundle(Path(args.path), _definitions_dir(args))
    _print_items(report, console)
    if report.ok:
        console.say("gcn.cli_check_ok")
        return EXIT_OK
    console.say("gcn.cli_check_problems", count=len(report.problems))
    return EXIT_NO


def _unpack_paths(paths: list[str]) -> tuple[list[Path], Path | None]:
    """SOURCE... [DEST]: the last path is the destination when there are two or more and it is not a .gcn."""
    chosen = [Path(p) for p in paths]
    if len(chosen) > 1 and chosen[-1].suffix.lower() != GCN_SUFFIX:
        return chosen[:-1], chosen[-1]
    return chosen, None


def cmd_unpack(args: argparse.Namespace, console: Console) -> int:
    sources, destination = _unpack_paths([args.source, *args.more])
    result = unpack_bundle(sources, destination, _definitions_dir(args))
    _print_items(result.report, console)
    if result.stopped_by:
        console.say("gcn.cli_unpack_nothing_written", count=len(result.stopped_by))
    elif result.wrote_nothing:
        console.say("gcn.cli_unpack_none_found", path=shown_name(str(result.source)))
    else:
        console.say("gcn.cli_unpacked", count=len(result.files), path=shown_name(str(result.destination)))
        width = max(len(shown_name(file.name)) for file in result.files)  # the hashes line up
        for file in result.files:
            key = "gcn.cli_unpacked_already" if file.already_there else "gcn.cli_unpacked_file"
            console.say(key, file=shown_name(file.name).ljust(width), sha256=file.sha256)
    if result.ok:
        console.say("gcn.cli_unpack_ok", path=shown_name(str(result.destination)))
        return EXIT_OK
    console.say("gcn.cli_check_problems", count=len(result.report.problems))
    return EXIT_NO


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
