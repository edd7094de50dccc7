"""Bundles for tests: Finstack's six GetConnectors as the test-only writer makes them from the real definitions
(test data; the product never makes a .gcn), and ZIP files of them, flat or in a sub-folder."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.gcn_writer import make_gcn
from wizard.core.getconnectors.definitions import ConnectorDefinition, load_definitions

VERSIONS = {1: 8, 2: 8, 3: 7, 4: 8, 5: 5, 6: 8}  # a mix, as a real bundle exported over the years could be


def finstack_export(definition: ConnectorDefinition, version: int = 8) -> bytes:
    return make_gcn(definition.external_name, definition.aliases, version, description=definition.description,
                    data_collection_name=definition.data_collection_name, system=definition.system,
                    data_collection_code=definition.data_collection_code)


def finstack_files() -> dict[str, bytes]:
    """File name -> content for every Finstack GetConnector in getconnectors/definitions/."""
    return {d.file_name: finstack_export(d, VERSIONS.get(d.order, 8)) for d in load_definitions()}


def write_zip(path: Path, files: dict[str, bytes], folder: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"{folder}/{name}" if folder else name, data)
    return path


def write_folder(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder
