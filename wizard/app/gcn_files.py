"""Finstack's GetConnectors as files: its ZIP (or a folder, or .gcn files) checked and unpacked into a folder ready
for AFAS's "Acties > Importeren > Map", and, when this build carries the .gcn exports, those saved as a folder or a
ZIP. Reading and writing files run as jobs; a cancel stops them before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.app.jobs import Job, JobContext, JobKind, JobStatus, is_running
from wizard.core.messages import Message

if TYPE_CHECKING:
    from wizard.app.session import Session
    from wizard.core.getconnectors.export import ExportResult
    from wizard.core.getconnectors.model import Bundle
    from wizard.core.getconnectors.unpack import UnpackResult


class GetConnectorFiles:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.bundle: Bundle | None = None  # the build's own .gcn files, once read

    def reset(self) -> None:
        """A record was opened: the build's files stay what they are."""

    def _busy(self, kind: JobKind) -> bool:
        return is_running(self.session.job(kind))

    def unpack(self, paths: Sequence[Path]) -> Job | None:
        """Check and unpack a ZIP, a folder or .gcn files (from a dialog, the command line or dropped on a page)."""
        if not paths or self._busy(JobKind.UNPACK):
            return None
        sources: Path | list[Path] = list(paths) if len(paths) > 1 else paths[0]
        definitions_dir = self.session.services.definitions_dir

        def work(ctx: JobContext) -> UnpackResult:
            from wizard.core.getconnectors.unpack import unpack_bundle

            return unpack_bundle(sources, definitions_dir=definitions_dir, cancel=ctx.cancel)

        return self.session.jobs.start(JobKind.UNPACK, self.session.record.customer_id, work, on_end=self._unpacked)

    def _unpacked(self, job: Job) -> None:
        result: UnpackResult | None = job.result
        session = self.session
        if job.status is not JobStatus.DONE or result is None or result.stopped_by or not result.files:
            return
        if job.record_id != session.record.customer_id:
            return
        session.record.gcn_folder = str(result.destination)
        session.record.gcn_files = {f.name: f.sha256 for f in result.files}  # for the report
        session.record_changed({"gcn_folder", "gcn_files"}, now=True)

    def read_bundle(self) -> Job | None:
        """Look (again) at the .gcn files this build carries."""
        if self._busy(JobKind.BUNDLE):
            return None
        services = self.session.services

        def work(_ctx: JobContext) -> Bundle:
            from wizard.core.getconnectors.matching import build_bundle

            return build_bundle(services.definitions_dir, services.gcn_dir)

        def done(job: Job) -> None:
            if job.status is JobStatus.DONE:
                self.bundle = job.result

        return self.session.jobs.start(JobKind.BUNDLE, "", work, on_end=done)  # the build's: no record's

    def export(self, chosen: Path, *, as_zip: bool) -> Job | None:
        """Save the build's bundle as a folder or a ZIP in the folder `chosen`."""
        if self._busy(JobKind.EXPORT):
            return None
        session, services = self.session, self.session.services
        session.edit(export_folder=str(chosen))  # the next dialog starts here, even when this save fails

        def work(ctx: JobContext) -> tuple[Bundle, ExportResult, bool] | None:
            from wizard.core.getconnectors.export import export_folder, export_target, export_zip
            from wizard.core.getconnectors.matching import build_bundle

            bundle = build_bundle(services.definitions_dir, services.gcn_dir)  # the files may have changed
            if ctx.cancelled:
                return None  # stopped before anything was written
            write = export_zip if as_zip else export_folder
            return bundle, write(bundle, export_target(chosen, as_zip=as_zip)), as_zip

        def done(job: Job) -> None:
            if job.status is not JobStatus.DONE or job.result is None:
                return
            bundle, _result, _zip = job.result
            self.bundle = bundle
            if job.record_id == session.record.customer_id:
                session.record.gcn_files = {e.file_name: e.sha256 for e in bundle.present if e.sha256}
                session.record_changed({"gcn_files"}, now=True)

        return session.jobs.start(JobKind.EXPORT, session.record.customer_id, work, on_end=done)

    def cancel(self, kind: JobKind) -> None:
        job = self.session.job(kind)
        if is_running(job):
            job.cancel()


def unpack_problem(result: UnpackResult) -> Message | None:
    """Why an unpack that ran to its end wrote no folder for "Map": a file that stopped it, or no .gcn file at all;
    None when it wrote one. What the page shows and a screen reader hears."""
    if result.stopped_by:
        return Message("ui.gcn_nothing_written", {"count": len(result.stopped_by)})
    if not result.files:
        return Message("ui.gcn_none_found", {"path": str(result.source)})
    return None
