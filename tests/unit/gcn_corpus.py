"""The real public exports in tests/data/gcn-corpus/ (sources and licence: its README.md), and what each holds.

These files are part of the repository's tests, so these tests run in every clone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parents[1] / "data" / "gcn-corpus"


@dataclass(frozen=True)
class CorpusFile:
    path: str  # relative to CORPUS_DIR
    version: int
    external_name: str
    fields: int
    filters: int  # stored filters (ORed)
    criteria: int
    macros: int  # criteria with a date macro: shown as stored, "not interpreted"

    @property
    def file(self) -> Path:
        return CORPUS_DIR / self.path


_T4E = "tools4ever-source/Tools4ever - HelloID - "
SOUND = (
    CorpusFile(f"{_T4E}T4E_HelloID_Employments_v2.gcn", 7, "T4E_HelloID_Employments_v2", 29, 2, 6, 4),
    CorpusFile(f"{_T4E}T4E_HelloID_OrganizationalUnits_v2.gcn", 7, "T4E_HelloID_OrganizationalUnits_v2", 5, 2, 4, 3),
    CorpusFile(f"{_T4E}T4E_HelloID_Users_v2.gcn", 7, "T4E_HelloID_Users_v2", 25, 1, 2, 2),
    CorpusFile(f"{_T4E}T4E_HelloID_Positions_v2.gcn", 7, "T4E_HelloID_Positions_v2", 20, 1, 3, 2),
    CorpusFile(f"{_T4E}T4E_HelloID_UserGroups_v2.gcn", 7, "T4E_HelloID_UserGroups_v2", 2, 1, 4, 0),
    CorpusFile(f"{_T4E}T4E_HelloID_Positions.gcn", 5, "T4E_HelloID_Positions", 22, 3, 9, 5),
    CorpusFile(f"{_T4E}Employee data.gcn", 5, "T4E_HelloID_EmployeeData", 23, 6, 18, 13),
    CorpusFile(f"{_T4E}Autorisation users.gcn", 5, "T4E_HelloID_Users", 13, 1, 1, 0),
    CorpusFile(f"{_T4E}Costbearers.gcn", 5, "T4E_HelloID_Costbearers", 3, 0, 0, 0),
    CorpusFile("tools4ever-target-users/T4E IAM3 Persons.gcn", 5, "T4E_IAM3_Persons", 30, 0, 0, 0),
    CorpusFile("afas-oascontent-nl/SH_AUDIT_MdwPerPlan.gcn", 8, "SH_AUDIT_MdwPerPlan", 2, 0, 0, 0),
    CorpusFile("afas-oascontent-en/SH_AUDIT_MdwPerPlan.gcn", 8, "SH_AUDIT_MdwPerPlan", 2, 0, 0, 0),
    CorpusFile("afas-oascontent-en/SH_AUDIT_Plannen.gcn", 8, "SH_AUDIT_Plannen", 6, 0, 0, 0),
)
DAMAGED_IN_THE_WILD = ("tools4ever-target-users/T4E IAM3 Users.gcn",)  # a UTF-8 text conversion, as committed
