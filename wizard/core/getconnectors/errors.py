"""The errors of bundle work (export, check, unpack). Apart from model.py so that the reader of one `.gcn`
(gcn.py, which model.py builds on) can stop a whole bundle when its reading budget is spent."""

from __future__ import annotations

import enum
from typing import Any

from wizard.core.file_names import shown_message
from wizard.core.messages import Message, UserInputError


class BundleErrorKind(enum.Enum):
    NO_FILES = "no_files"  # nothing to export
    EXISTS_DIFFERENT = "exists_different"  # would overwrite a different file
    NOT_A_FOLDER = "not_a_folder"
    UNREADABLE = "unreadable"  # the bundle to check cannot be opened
    UNSAFE = "unsafe"  # refused before anything is written: an entry outside the folder, far too much data
    BAD_NAME = "bad_name"  # a name that cannot exist on Windows, macOS or Linux (in the bundle, or to be written)
    PATH_TOO_LONG = "path_too_long"  # a path longer than Windows takes
    WRITE_FAILED = "write_failed"
    CANCELLED = "cancelled"  # stopped by the user before anything was written


class BundleError(UserInputError):
    """Bundle work that cannot go on. The names and paths in its message are shown escaped (file_names)."""

    def __init__(self, kind: BundleErrorKind, key: str, **params: Any) -> None:
        super().__init__(shown_message(Message(key, params)))
        self.kind = kind
