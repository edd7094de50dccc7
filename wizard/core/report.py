"""The onboarding report a consultant hands over: what was set up, tested and handed to Finstack, for one
customer, in the chosen language. Built from the saved progress (so the command line can write it too), as
sections of rows and lines; rendered here as HTML (printable on A4) and as plain text. The token never appears:
only its name and fingerprint. Names a person typed or chose (the token's, the folder's) are shown escaped
(file_names.shown_name): a pasted control character must not reach a terminal or a ticket as one."""

from __future__ import annotations

import html
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from wizard import __version__
from wizard.core.admin_filter import parse_administrations
from wizard.core.content import load_content
from wizard.core.file_names import make_portable, shown_name
from wizard.core.getconnectors.definitions import load_definitions
from wizard.core.messages import Language, text
from wizard.core.record_coerce import coerce_state
from wizard.core.redact import redact_record, redact_tokenlike
from wizard.core.state import Journey, SubmissionStatus, WizardState, plain

_STATUS_KEYS = {"passed": "report.check_passed", "warning": "report.check_warning", "failed": "report.check_failed",
                "skipped": "report.check_skipped", "pending": "report.check_skipped", "running": "report.check_skipped"}
_OUTCOME_KEYS = {"passed": "report.test_passed", "warning": "report.test_warning", "failed": "report.test_failed",
                 "cancelled": "report.test_none", "": "report.test_none"}


@dataclass(frozen=True)
class ReportSection:
    title: str
    rows: tuple[tuple[str, str], ...] = ()
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class OnboardingReport:
    title: str
    subtitle: str
    sections: tuple[ReportSection, ...]
    language: Language
    summary: tuple[tuple[str, str], ...] = ()  # what was set up, at a glance (the Done page)


def build_report(state: WizardState, language: Language, *, fingerprint: str = "", stored_where: str = "",
                 now: datetime | None = None) -> OnboardingReport:
    """The report of the customer in `state`. `fingerprint` is the token's (when it is in memory or was tested);
    `stored_where` names the password store it is kept in."""
    def t(key: str, **params: object) -> str:
        return text(key, language, **params)

    # Second line: whatever a field holds, nothing that looks like a token reaches the report (a token pasted
    # as the token's name or folder, a fingerprint edited by hand); the files' SHA-256 digests are kept.
    state = coerce_state(redact_record(plain(state)))[0]
    fingerprint, stored_where = redact_tokenlike(fingerprint), redact_tokenlike(stored_where)
    content = load_content(language)
    env = state.environment()
    customer = shown_name(env.name) if env else t("report.unknown")
    fingerprint = fingerprint or state.token_test.token_fingerprint
    token, finstack = _token(state, language, fingerprint, stored_where), _finstack(state, language)
    filter_row = (t("report.filter_value"),
                  parse_administrations(state.administrations_text).filter_value or t("report.not_given"))
    sections = (
        _onboarding(state, language, now or datetime.now()),
        token,
        ReportSection(t("report.app_connector"), tuple((s.label, s.value) for s in content.app_connector_settings())),
        _getconnectors(state, language),
        ReportSection(t("report.administrations"), (filter_row,)),
        _token_test(state, language),
        finstack,
        _deferred(state, language),
        ReportSection(t("report.next_steps"), lines=tuple(content.step("done")["next_steps"])),
    )
    summary = _summary(state, language, fingerprint, kept_in=token.rows[2], filter_row=filter_row,
                       source=finstack.rows[0])
    return OnboardingReport(t("report.title"), t("report.subtitle", customer=customer),
                            tuple(s for s in sections if s.rows or s.lines), language, summary)


def _summary(state: WizardState, language: Language, fingerprint: str, *, kept_in: tuple[str, str],
             filter_row: tuple[str, str], source: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    """The report at a glance: the rows the Done page shows (those the report's sections hold, taken from them).
    Replacing the GetConnectors makes no new token and no new source, so those rows are left out there; the
    authorisation check belongs to the first connection."""
    def t(key: str, **params: object) -> str:
        return text(key, language, **params)

    env = state.environment()
    journey = Journey(state.journey)
    rows = [(t("report.environment"), f"{env.name} ({env.type.label.text(language)})" if env else t("report.unknown")),
            (t("report.token_name"), state.clean_token_name or t("report.not_given")),
            (t("report.fingerprint"), fingerprint or t("report.unknown"))]
    if journey is not Journey.REPLACE:
        rows.append(kept_in)
    rows.append(filter_row)
    rows.append((t("report.token_test"), t(_OUTCOME_KEYS.get(state.token_test.outcome, "report.test_none"))))
    if journey is not Journey.REPLACE:
        rows.append(source)
    if journey is Journey.CONNECT:
        rows.append((t("report.preparation"), t("report.preparation_deferred" if state.preparation_deferred
                                                 else "report.preparation_checked")))
    return tuple(rows)


def _onboarding(state: WizardState, language: Language, now: datetime) -> ReportSection:
    content, env = load_content(language), state.environment()
    journey = content.step("welcome")["journeys"][state.journey]["title"]
    rows = [(text("report.date", language), now.strftime("%Y-%m-%d %H:%M")),
            (text("report.version", language), __version__), (text("report.journey", language), journey)]
    if env is not None:
        rows += [(text("report.environment", language), env.name),
                 (text("report.environment_type", language), env.type.label.text(language)),
                 (text("report.rest_address", language), env.base_url)]
    return ReportSection(text("report.onboarding", language), tuple(rows))


def _token(state: WizardState, language: Language, fingerprint: str, stored_where: str) -> ReportSection:
    where = stored_where if state.token_stored and stored_where else text(
        "report.stored_yes" if state.token_stored else "report.stored_no", language)
    rows = ((text("report.token_name", language),
             shown_name(state.clean_token_name) or text("report.not_given", language)),
            (text("report.fingerprint", language), fingerprint or text("report.unknown", language)),
            (text("report.kept_in", language), where))
    return ReportSection(text("report.token", language), rows, (text("report.token_never", language),))


def _getconnectors(state: WizardState, language: Language) -> ReportSection:
    rows = []
    for definition in load_definitions():
        digest = state.gcn_files.get(definition.file_name, "")
        rows.append((definition.external_name, text("report.sha256", language, digest=digest) if digest
                     else text("report.imported_by_hand", language)))
    lines = (text("report.gcn_folder", language, folder=shown_name(state.gcn_folder)),) if state.gcn_folder else ()
    return ReportSection(text("report.getconnectors", language), tuple(rows), lines)


def _token_test(state: WizardState, language: Language) -> ReportSection:
    record = state.token_test
    rows = [(text("report.test_outcome", language), text(_OUTCOME_KEYS.get(record.outcome, "report.test_none"),
                                                          language))]
    if record.at:
        rows.append((text("report.test_at", language), record.at.replace("T", " ")))
    lines = []
    for check in record.check_results():
        status = text(_STATUS_KEYS.get(check.status.value, "report.check_skipped"), language)
        line = f"{check.title.text(language)}: {status}"
        if check.explanation is not None:
            line += f" — {check.explanation.text(language)}"
        if check.fix is not None and check.status.value in ("warning", "failed"):
            line += " " + text("report.advice", language, fix=check.fix.text(language))
        lines.append(line)
    return ReportSection(text("report.token_test", language), tuple(rows), tuple(lines))


def _finstack(state: WizardState, language: Language) -> ReportSection:
    submission = state.submission
    status = SubmissionStatus(submission.status)
    if state.journey == Journey.REPLACE:
        outcome = text("report.finstack_unchanged", language)
    elif status is SubmissionStatus.SUBMITTED:
        outcome = text("report.finstack_created", language, id=submission.source_id or "—")
    elif status is SubmissionStatus.HANDOFF_CONFIRMED:
        outcome = text("report.finstack_handoff", language, at=submission.at.replace("T", " "))
    else:
        outcome = text("report.finstack_not_yet", language)
    return ReportSection(text("report.finstack", language), ((text("report.finstack_outcome", language), outcome),))


def _deferred(state: WizardState, language: Language) -> ReportSection:
    if state.journey != Journey.CONNECT:
        return ReportSection(text("report.deferred", language))
    content = load_content(language)
    open_items = [item.text for item in content.checklist() if not state.checklist.get(item.id)]
    if state.preparation_deferred:
        lines = [text("report.deferred_checklist", language)] + [f"– {item}" for item in open_items]
        return ReportSection(text("report.deferred", language), lines=tuple(lines))
    return ReportSection(text("report.deferred", language), lines=(text("report.nothing_deferred", language),))


# -- rendering -----------------------------------------------------------------------------------------------
_CSS = ("body{font-family:sans-serif;font-size:10pt;color:#222}h1{font-size:16pt;margin-bottom:0}"
        "h2{font-size:12pt;margin-top:14pt;border-bottom:1px solid #999}p.sub{color:#555;margin-top:2pt}"
        "table{border-collapse:collapse;width:100%}td{padding:2pt 6pt 2pt 0;vertical-align:top}"
        "td.label{width:35%;color:#444}")


def to_html(report: OnboardingReport) -> str:
    """A self-contained HTML page, printable on A4; every text is escaped."""
    e = html.escape
    parts = [f'<!DOCTYPE html><html lang="{report.language}"><head><meta charset="utf-8">',
             f"<title>{e(report.title)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{e(report.title)}</h1><p class=\"sub\">{e(report.subtitle)}</p>"]
    for section in report.sections:
        parts.append(f"<h2>{e(section.title)}</h2>")
        if section.rows:  # one layout for every section: labels in the same column, never run into their values
            parts.append('<table width="100%" cellspacing="0" cellpadding="3">' + "".join(
                f'<tr><td class="label" width="36%" valign="top">{e(label)}</td><td width="64%">{e(value)}</td></tr>'
                for label, value in section.rows) + "</table>")
        parts.extend(f"<p>{e(line)}</p>" for line in section.lines)
    parts.append("</body></html>")
    return "\n".join(parts)


def to_text(report: OnboardingReport) -> str:
    """The summary to paste into a mail or a ticket."""
    lines = [report.title, report.subtitle]
    for section in report.sections:
        lines += ["", section.title.upper()]
        lines += [f"{label}: {value}" for label, value in section.rows]
        lines += list(section.lines)
    return "\n".join(lines) + "\n"


def default_report_name(language: Language, customer: str = "", extension: str = ".pdf") -> str:
    """The name a report is offered under: "Onboarding report O12345AA.pdf", valid on Windows, macOS and Linux
    whatever the customer's name holds (file_names.make_portable)."""
    return make_portable(f"{text('report.file_name', language)} {customer}".strip() + extension, "report" + extension)


def save_html(report: OnboardingReport, path: Path) -> None:
    """Write the HTML report atomically (a temporary file beside it, then a rename)."""
    write_atomically(path, to_html(report).encode("utf-8"))


def write_atomically(path: Path, data: bytes) -> None:
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a report is for handing over
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
