"""Render the application icon from its SVG source into the files the platforms need:

  resources/icons/finstack-afas-wizard-<size>.png   16 … 512: window icon, Linux hicolor theme (.deb)
  resources/icons/finstack-afas-wizard.ico          Windows executable and installer (16 … 256)
  resources/icons/finstack-afas-wizard.icns         macOS .app (16 … 1024)

Run it after changing the SVG, with any Python that has the project installed, and commit the results:
    .venv/bin/python packaging/make-icons.py
It uses QtSvg from PySide6-Essentials (already a dependency), so it needs nothing else. The .ico and .icns
files are written here directly: both formats are a small index followed by PNG images, which Windows (Vista
and later) and macOS (10.7 and later) read.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
NAME = "finstack-afas-wizard"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico entry can describe
# .icns entry types holding PNG data, and the pixel size of each (the @2x types are the Retina variants).
ICNS_TYPES = (("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256), ("ic09", 512),
              ("ic10", 1024), ("ic11", 32), ("ic12", 64), ("ic13", 256), ("ic14", 512))


def render(svg: Path, sizes: set[int]) -> dict[int, bytes]:
    """PNG bytes of the SVG drawn at each size (drawn at that size, not scaled down from a big one)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window is shown; works without a display
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter wants one
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    images = {}
    for size in sorted(sizes):
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        images[size] = bytes(data.data())
    return images


def ico(images: dict[int, bytes]) -> bytes:
    """ICONDIR (reserved, type 1 = icon, count), one 16-byte entry per image, then the PNGs."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images.items():
        side = 0 if size >= 256 else size  # 0 means 256 in an .ico entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """'icns' and the total length, then for each entry its type, its length (header included) and a PNG."""
    body = b"".join(kind.encode() + struct.pack(">I", 8 + len(images[size])) + images[size]
                    for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    svg = ICONS / f"{NAME}.svg"
    images = render(svg, set(PNG_SIZES) | set(ICO_SIZES) | {size for _kind, size in ICNS_TYPES})
    for size in PNG_SIZES:
        (ICONS / f"{NAME}-{size}.png").write_bytes(images[size])
    (ICONS / f"{NAME}.ico").write_bytes(ico({size: images[size] for size in ICO_SIZES}))
    (ICONS / f"{NAME}.icns").write_bytes(icns(images))
    print(f"wrote {len(PNG_SIZES)} PNGs, {NAME}.ico and {NAME}.icns in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
