"""What a page of the window gets: the session (everything it shows and does), the bridge (the session's events
as Qt signals), the desktop (file dialogs, the file manager, the browser) and how long a copied secret stays on
the clipboard."""

from __future__ import annotations

from dataclasses import dataclass, field

from wizard.app.session import Session
from wizard.ui.bridge import SessionBridge
from wizard.ui.desktop import Desktop


@dataclass
class WindowContext:
    session: Session
    bridge: SessionBridge
    desktop: Desktop = field(default_factory=Desktop)
    clipboard_clear_ms: int = 30_000
