"""Deterministic, realistic financial data for the AFAS stand-in.

One small ledger per administration (chart of accounts, balanced journal entries with allocation codes,
period balances derived from those entries, 12 periods per year) is built from a seed. Each GetConnector
definition then takes its rows from the family of its AFAS standard connector (Profit_Transactions,
Profit_Period_balance, ...), field by field through the AFAS field name (`source_field`), so definitions can
change without touching this module. Unknown fields get a plausible value for their type.
"""

from __future__ import annotations

import calendar
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from wizard.core.getconnectors.definitions import ConnectorDefinition, FieldDefinition
from wizard.standins.afas_scenario import Administration

YEARS = (2024, 2025)
CLOSED_UP_TO = (2025, 9)  # periods up to and including 2025-09 are blocked (closed) in the ledger
MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
             "oktober", "november", "december")
Row = dict[str, Any]


@dataclass(frozen=True)
class Account:
    number: str
    description: str
    type: str  # Balans / Winst en verlies
    kind: str  # Soort rekening
    collective: bool = False
    blocked: bool = False

    @property
    def is_cost(self) -> bool:
        return self.number.startswith(("4", "7"))


# A Dutch chart of accounts in the style of a small group (RGS-like numbering).
ACCOUNTS: tuple[Account, ...] = (
    Account("0100", "Bedrijfsgebouwen", "Balans", "Grootboekrekening"),
    Account("0200", "Inventaris", "Balans", "Grootboekrekening"),
    Account("0290", "Afschrijving inventaris", "Balans", "Grootboekrekening"),
    Account("0500", "Geplaatst aandelenkapitaal", "Balans", "Grootboekrekening"),
    Account("0600", "Lening o/g", "Balans", "Grootboekrekening"),
    Account("1000", "Kas", "Balans", "Kas"),
    Account("1100", "ABN AMRO Bank", "Balans", "Bank"),
    Account("1300", "Debiteuren", "Balans", "Debiteuren", collective=True),
    Account("1600", "Crediteuren", "Balans", "Crediteuren", collective=True),
    Account("1800", "Te betalen btw hoog", "Balans", "Btw"),
    Account("1810", "Te vorderen btw (voorbelasting)", "Balans", "Btw"),
    Account("1900", "Rekening-courant groepsmaatschappijen", "Balans", "Grootboekrekening"),
    Account("2000", "Tussenrekening lonen", "Balans", "Grootboekrekening"),
    Account("4000", "Lonen en salarissen", "Winst en verlies", "Grootboekrekening"),
    Account("4100", "Sociale lasten", "Winst en verlies", "Grootboekrekening"),
    Account("4200", "Huur bedrijfsruimte", "Winst en verlies", "Grootboekrekening"),
    Account("4300", "Autokosten", "Winst en verlies", "Grootboekrekening"),
    Account("4400", "Kantoorkosten", "Winst en verlies", "Grootboekrekening"),
    Account("4500", "Verkoopkosten", "Winst en verlies", "Grootboekrekening"),
    Account("4600", "Algemene kosten", "Winst en verlies", "Grootboekrekening"),
    Account("4900", "Afschrijvingskosten", "Winst en verlies", "Grootboekrekening"),
    Account("7000", "Inkoopwaarde van de omzet", "Winst en verlies", "Grootboekrekening"),
    Account("8000", "Omzet hoog tarief", "Winst en verlies", "Grootboekrekening"),
    Account("8100", "Omzet laag tarief", "Winst en verlies", "Grootboekrekening"),
    Account("8900", "Managementvergoedingen", "Winst en verlies", "Grootboekrekening"),
    Account("9100", "Rentelasten", "Winst en verlies", "Grootboekrekening"),
    Account("9999", "Oude memoriaalrekening", "Balans", "Grootboekrekening", blocked=True),
)
ACCOUNT_BY_NUMBER = {a.number: a for a in ACCOUNTS}
COST_CENTRES = (("KP100", "Directie"), ("KP200", "Verkoop"), ("KP300", "Productie"), ("KP400", "ICT"))
PROJECTS = (("PRJ-24001", "Implementatie ERP"), ("PRJ-25001", "Nieuwbouw Zuid"), ("PRJ-25002", "Webshop"))
AXES = (("01", "Kostenplaats", COST_CENTRES), ("02", "Project", PROJECTS))
COST_ACCOUNTS = ("4200", "4300", "4400", "4500", "4600")


def iso_date(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> str:
    """AFAS writes datetimes as ISO with a Z (although the time is Amsterdam time)."""
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00Z"


def money(cents: int) -> float:
    return round(cents / 100, 2)


class Ledger:
    """The bookkeeping of one administration, as rows keyed by AFAS field names."""

    def __init__(self, admin: Administration, seed: int) -> None:
        self.admin = admin
        self._random = random.Random(seed * 1000 + admin.id)
        self.transactions: list[Row] = []
        self._build_transactions()

    # Every entry is balanced: its debit lines and credit lines add up to the same cents.
    def _build_transactions(self) -> None:
        entry_numbers: dict[str, int] = defaultdict(int)
        for year in YEARS:
            for period in range(1, 13):
                last_day = calendar.monthrange(year, period)[1]
                for journal, lines, text in self._entries_for(period):
                    entry_numbers[journal] += 1
                    entry_no = year * 10000 + entry_numbers[journal]
                    day = self._random.randint(1, last_day)
                    for seq, (account, debit, credit, allocation) in enumerate(lines, start=1):
                        self.transactions.append(self._line(
                            year, period, day, journal, entry_no, seq, account, debit, credit, allocation, text
                        ))

    def _entries_for(self, period: int) -> list[tuple[str, list[tuple[str, int, int, tuple[str, str] | None]], str]]:
        rnd = self._random
        scale = 1 + self.admin.id % 3  # administrations differ in size
        entries = []
        for _ in range(rnd.randint(2, 4)):
            net = rnd.randint(1_000_00, 25_000_00) * scale
            vat = net * 21 // 100
            revenue = "8000" if rnd.random() < 0.8 else "8100"
            entries.append(("VK", [("1300", net + vat, 0, None), (revenue, 0, net, None), ("1800", 0, vat, None)],
                            f"Verkoopfactuur {MONTHS_NL[period - 1]}"))
        for _ in range(rnd.randint(1, 3)):
            net = rnd.randint(200_00, 8_000_00) * scale
            vat = net * 21 // 100
            cost = rnd.choice(COST_ACCOUNTS)
            allocation = (rnd.choice(COST_CENTRES)[0], rnd.choice(PROJECTS)[0] if rnd.random() < 0.4 else "")
            entries.append(("IK", [(cost, net, 0, allocation), ("1810", vat, 0, None), ("1600", 0, net + vat, None)],
                            f"Inkoopfactuur {ACCOUNT_BY_NUMBER[cost].description.lower()}"))
        received = rnd.randint(5_000_00, 30_000_00) * scale
        entries.append(("BNK", [("1100", received, 0, None), ("1300", 0, received, None)], "Ontvangst debiteuren"))
        wages = rnd.randint(20_000_00, 60_000_00) * scale
        social = wages * 22 // 100
        centre = (rnd.choice(COST_CENTRES)[0], "")
        payroll = [("4000", wages, 0, centre), ("4100", social, 0, centre), ("2000", 0, wages + social, None)]
        entries.append(("MEM", payroll, f"Salarisjournaal {MONTHS_NL[period - 1]}"))
        depreciation = 1_250_00 * scale
        entries.append(("MEM", [("4900", depreciation, 0, ("KP100", "")), ("0290", 0, depreciation, None)],
                        "Afschrijving inventaris"))
        return entries

    def _line(self, year: int, period: int, day: int, journal: str, entry_no: int, seq: int, account: str,
              debit: int, credit: int, allocation: tuple[str, str] | None, text: str) -> Row:
        created = iso_date(year, period, day, 9 + seq % 8, (entry_no * 7) % 60)
        invoice = f"{year}{entry_no % 10000:05d}" if journal in ("VK", "IK") else None
        return {
            "UnitId": self.admin.id, "Unit": self.admin.id, "EntryNo": entry_no, "SeqNo": seq,
            "Year": year, "Period": period, "JournalId": journal, "AccountNo": account, "Account": account,
            "Omschrijving": ACCOUNT_BY_NUMBER[account].description,
            "AmtDebit": money(debit), "AmtCredit": money(credit), "_debit": debit, "_credit": credit,
            "EntryDate": iso_date(year, period, day), "VoucherDate": iso_date(year, period, day),
            "VoucherNo": f"{journal}{entry_no}", "InvoiceId": invoice,
            "VatCode": "1" if account == "1800" else None, "VatAmt": 0.0, "Description": text,
            "Created": created, "Modified": created, "Type": ACCOUNT_BY_NUMBER[account].type,
            "Collect_On": None,
            "DimAx1": allocation[0] if allocation else None,
            "DimAx2": (allocation[1] or None) if allocation else None,
            "DimAx3": None, "DimAx4": None, "DimAx5": None,
        }

    def period_balances(self) -> list[Row]:
        """Debit, credit and balance (debit − credit) per year, period and account: sums of the entries."""
        totals: dict[tuple[int, int, str], list[int]] = defaultdict(lambda: [0, 0])
        for line in self.transactions:
            pair = totals[(line["Year"], line["Period"], line["AccountNo"])]
            pair[0] += line["_debit"]
            pair[1] += line["_credit"]
        rows = []
        for (year, period, number), (debit, credit) in sorted(totals.items()):
            account = ACCOUNT_BY_NUMBER[number]
            budget = (debit - credit) * 105 // 100 if account.type != "Balans" else 0
            rows.append({
                "UnitId": self.admin.id, "Unit": self.admin.id, "Year": year, "Period": period,
                "AccountNr": number, "Account": number, "AccountDesc": account.description,
                "Description": account.description, "Debit": money(debit), "Debet": money(debit),
                "Credit": money(credit), "Balance": money(debit - credit), "Budget": money(budget),
                "Reserved": 0.0, "Obligation": 0.0,
            })
        return rows

    def periods(self) -> list[Row]:
        rows = []
        for year in YEARS:
            for period in range(1, 13):
                last_day = calendar.monthrange(year, period)[1]
                rows.append({
                    "Unit": self.admin.id, "UnitId": self.admin.id, "Year": year, "Period": period,
                    "PeriodDesc": f"{MONTHS_NL[period - 1]} {year}", "DateFrom": iso_date(year, period, 1),
                    "DateTo": iso_date(year, period, last_day), "Blocked": (year, period) <= CLOSED_UP_TO,
                    "Periodtable": 1, "TableDesc": "Maanden",
                })
        return rows

    def allocation_assignments(self) -> list[Row]:
        rows = []
        for number in ("4000", "4100", *COST_ACCOUNTS, "4900"):
            for axis, axis_description, codes in AXES:
                for code, code_description in codes:
                    rows.append({
                        "Unit": self.admin.id, "UnitId": self.admin.id, "Account": number, "DimAx": axis,
                        "AxDescription": axis_description, "DimCode": code, "CodeDescription": code_description,
                    })
        return rows

    def journals(self) -> list[Row]:
        names = {"VK": ("Verkoopboek", "Verkoop"), "IK": ("Inkoopboek", "Inkoop"), "BNK": ("ABN AMRO", "Bank"),
                 "MEM": ("Memoriaal", "Memoriaal")}
        return [{"UnitId": self.admin.id, "JournalId": j, "Description": d, "JournalType": t, "Blocked": False}
                for j, (d, t) in names.items()]


def _account_rows() -> list[Row]:
    return [{
        "Account": a.number, "AccountNo": a.number, "AccountNr": a.number, "Description": a.description,
        "Type": a.type, "Sort": a.kind, "Blocked": a.blocked, "CollectAccount": a.collective,
        "CollectAccountType": "Debiteuren" if a.number == "1300" else "Crediteuren" if a.number == "1600" else None,
        "Feature": None, "CollectOn": None, "VatAllowed": a.type != "Balans", "VatCode": None,
        "Budget": "Ja" if a.type != "Balans" else "Nee", "ToProject": None,
        "DimAx1": "01" if a.is_cost else None, "DimAx2": "02" if a.is_cost else None,
        "DimAx3": None, "DimAx4": None, "DimAx5": None,
    } for a in ACCOUNTS]


def _administration_rows(admins: Sequence[Administration]) -> list[Row]:
    return [{"AdminId": a.id, "UnId": a.id, "UnitId": a.id, "Unit": a.id, "AdminNm": a.name, "AdminCd": a.code}
            for a in admins]


# Which ledger family feeds each AFAS standard connector.
_FAMILIES = {
    "Profit_Administrations": "administrations",
    "Profit_Accounts": "accounts",
    "Profit_Transactions": "transactions",
    "Profit_Transactions_Allocated": "transactions",
    "Profit_Period_balance": "period_balances",
    "Profit_Balance_Allocated": "period_balances",
    "Profit_periods_per_administration": "periods",
    "Profit_Allocation_Assigments": "allocation_assignments",
    "Profit_Journals": "journals",
}
# When a definition names no known standard connector, the fields that give its family away.
_MARKERS = (
    ("transactions", {"AmtDebit", "EntryNo", "SeqNo"}),
    ("period_balances", {"Balance", "AccountNr", "Debit"}),
    ("periods", {"PeriodDesc", "DateFrom", "DateTo"}),
    ("allocation_assignments", {"DimCode", "AxDescription", "CodeDescription"}),
    ("administrations", {"AdminId", "AdminNm", "AdminCd"}),
    ("accounts", {"Account", "Sort", "CollectAccount"}),
)
# Aliases teams like to use, mapped to the AFAS field that holds the value.
_ALIAS_SYNONYMS = {
    "administrationid": "UnitId", "administrationname": "AdminNm", "administrationcode": "AdminCd",
    "accountnumber": "AccountNo", "accountdescription": "Description", "entrynumber": "EntryNo",
    "sequencenumber": "SeqNo", "amountdebit": "AmtDebit", "amountcredit": "AmtCredit",
}
ADMINISTRATION_FIELDS = ("UnitId", "Unit", "AdminId", "UnId")


def family_of(definition: ConnectorDefinition) -> str | None:
    if definition.standard_connector in _FAMILIES:
        return _FAMILIES[definition.standard_connector]
    names = {f.source_field for f in definition.fields}
    best = max(_MARKERS, key=lambda marker: len(marker[1] & names))
    return best[0] if best[1] & names else None


def _fallback_value(field: FieldDefinition, index: int) -> Any:
    kind = field.type.lower()
    if kind == "int":
        return index + 1
    if kind == "decimal":
        return round((index * 37 % 1000) * 1.25, 2)
    if kind == "date":
        return iso_date(2025, 1 + index % 12, 1 + index % 28)
    if kind == "boolean":
        return index % 5 == 0
    return f"{field.alias} {index + 1}"


def _value(source: Row, field: FieldDefinition, index: int, family: str) -> Any:
    if field.source_field in source:
        return source[field.source_field]
    synonym = _ALIAS_SYNONYMS.get(field.alias.lower())
    if family == "period_balances" and synonym in ("AmtDebit", "AmtCredit"):
        synonym = "Debit" if synonym == "AmtDebit" else "Credit"
    if synonym == "UnitId" and "UnitId" not in source:
        synonym = next((name for name in ADMINISTRATION_FIELDS if name in source), synonym)
    if synonym and synonym in source:
        return source[synonym]
    return _fallback_value(field, index)


@cache
def shared_data(administrations: tuple[Administration, ...], seed: int) -> StandinData:
    """Building the ledgers takes tens of milliseconds; stand-ins with the same inputs share one (read-only)."""
    return StandinData(administrations, seed)


class StandinData:
    """Rows per connector for a set of administrations. Built once per definition, then cached."""

    def __init__(self, administrations: Sequence[Administration], seed: int = 12345) -> None:
        self.administrations = tuple(administrations)
        self._ledgers = [Ledger(a, seed) for a in self.administrations]
        self._cache: dict[tuple, list[Row]] = {}

    def source_rows(self, family: str | None) -> list[Row]:
        """Rows keyed by AFAS field names; every family but accounts is per administration."""
        if family == "administrations":
            return _administration_rows(self.administrations)
        if family == "accounts":
            return _account_rows()
        if family == "transactions":
            return [row for ledger in self._ledgers for row in ledger.transactions]
        if family in ("period_balances", "periods", "allocation_assignments", "journals"):
            return [row for ledger in self._ledgers for row in getattr(ledger, family)()]
        # An unknown connector still gets a few rows per administration, so it is never silently empty.
        return [{"UnitId": a.id} for a in self.administrations for _ in range(10)]

    def rows(self, definition: ConnectorDefinition) -> list[Row]:
        """The connector's rows keyed by alias, with an `_admin` key for the authorisation filter. Callers must
        not change them: they are shared by every stand-in with the same administrations and seed."""
        key = (definition.external_name, definition.standard_connector, definition.fields)
        cached = self._cache.get(key)
        if cached is None:
            family = family_of(definition)
            cached = []
            for index, source in enumerate(self.source_rows(family)):
                row = {f.alias: _value(source, f, index, family or "") for f in definition.fields}
                row["_admin"] = next((source[name] for name in ADMINISTRATION_FIELDS if name in source), None)
                cached.append(row)
            self._cache[key] = cached
        return cached
