"""A `GlossaryDocument` on paper: PDF (QPdfWriter), ODT (QTextDocumentWriter), printing.

Every function works without a window: the command line calls `ensure_gui_application()`
first, which makes a QGuiApplication (on the offscreen platform when Linux has no
display), and a window passes its own parent widget only to the print preview.

Pages are laid out by one `QTextDocument` from `GlossaryDocument.qt_html()` and the
light `QT_STYLESHEET`: paper is always light, whatever the window's theme. Layout is done
at 96 dots per inch (a CSS pixel is 1/96 inch, as the stylesheet expects) and scaled to
the device, so PDF, the preview and the printer get the same pages; each page carries its
number and the document's title in a footer band inside the margins. `progress(done,
total)` counts the entries rendered, then the pages painted; `cancelled()` is polled
between them and raises `ExportCancelled`. Files are written whole or not at all
(`util.atomic`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextDocument,
    QTextDocumentWriter,
)

from glossapp.render.document import (
    QT_STYLESHEET,
    Cancelled,
    ExportCancelled,
    GlossaryDocument,
    Progress,
)
from glossapp.util.atomic import atomic_write_bytes

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
    from PySide6.QtWidgets import QWidget

__all__ = [
    "FORMATS",
    "PAGE_SIZES",
    "ExportCancelled",
    "PageSetup",
    "document_bytes",
    "ensure_gui_application",
    "export_document",
    "format_for_path",
    "paint_pages",
    "print_preview",
    "text_document",
]

# format: (file suffix, label for a file dialog)
FORMATS: dict[str, tuple[str, str]] = {
    "pdf": (".pdf", "PDF document"),
    "odt": (".odt", "OpenDocument text"),
    "html": (".html", "HTML page"),
    "md": (".md", "Markdown"),
}
PAGE_SIZES: dict[str, QPageSize.PageSizeId] = {
    "A4": QPageSize.PageSizeId.A4,
    "Letter": QPageSize.PageSizeId.Letter,
    "A5": QPageSize.PageSizeId.A5,
    "Legal": QPageSize.PageSizeId.Legal,
}
LAYOUT_DPI = 96  # CSS pixels
PDF_DPI = 300
FOOTER_PT = 22  # the band under the text that holds the page number
_BODY_FONTS = ["Segoe UI", "DejaVu Sans", "Helvetica Neue", "Arial"]
_BODY_POINT_SIZE = 10
_FOOTER_COLOUR = "#59636e"

_app: QGuiApplication | None = None


@dataclass(frozen=True, slots=True)
class PageSetup:
    """Paper for PDF and printing: a name of `PAGE_SIZES` and equal margins in mm."""

    page_size: str = "A4"
    margins_mm: float = 18.0

    def page_layout(self) -> QPageLayout:
        if self.page_size not in PAGE_SIZES:
            raise ValueError(
                f"unknown page size {self.page_size!r}; one of {', '.join(PAGE_SIZES)}"
            )
        margin = self.margins_mm
        return QPageLayout(
            QPageSize(PAGE_SIZES[self.page_size]),
            QPageLayout.Orientation.Portrait,
            QMarginsF(margin, margin, margin, margin),
            QPageLayout.Unit.Millimeter,
        )


def format_for_path(path: str | os.PathLike) -> str | None:
    """The format a file name asks for by its extension, if any."""
    suffix = Path(path).suffix.lower()
    if suffix in (".htm", ".xhtml"):
        return "html"
    if suffix == ".markdown":
        return "md"
    return next((fmt for fmt, (ext, _) in FORMATS.items() if ext == suffix), None)


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new QGuiApplication for a window-less caller
    (offscreen on Linux when there is no display, so a terminal or a server works)."""
    global _app
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _app = QGuiApplication([sys.argv[0] if sys.argv else "glossapp"])
    return _app


# ---------------------------------------------------------------------- the Qt document


def text_document(
    document: GlossaryDocument,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    code_boxes: bool = True,
) -> QTextDocument:
    """The document as a QTextDocument, light theme, laid out at `LAYOUT_DPI`
    (`code_boxes`: see `GlossaryDocument.qt_html`)."""
    html = document.qt_html(progress, cancelled, code_boxes=code_boxes)
    if cancelled is not None and cancelled():
        raise ExportCancelled
    qdoc = QTextDocument()
    # Fonts in points resolve against this 96-dpi image, not the screen (which may be
    # 72 dpi on macOS or scaled): the same layout everywhere. Kept alive by the document.
    reference = QImage(1, 1, QImage.Format.Format_RGB32)
    reference.setDotsPerMeterX(round(LAYOUT_DPI / 0.0254))
    reference.setDotsPerMeterY(round(LAYOUT_DPI / 0.0254))
    qdoc.documentLayout().setPaintDevice(reference)
    qdoc._glossapp_reference = reference  # type: ignore[attr-defined]
    qdoc.setUseDesignMetrics(True)
    font = QFont()
    font.setFamilies(_BODY_FONTS)
    font.setPointSize(_BODY_POINT_SIZE)
    qdoc.setDefaultFont(font)
    qdoc.setDefaultStyleSheet(QT_STYLESHEET)
    qdoc.setDocumentMargin(0)
    qdoc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, document.title)
    qdoc.setHtml(html)
    return qdoc


def _light_palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Text, QColor("#1f2328"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Link, QColor("#0969da"))
    return palette


def paint_pages(
    qdoc: QTextDocument,
    device: QPagedPaintDevice,
    title: str = "",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Paginate `qdoc` to the device's paint rectangle and paint every page; returns the
    number of pages. `device` is a QPdfWriter or a QPrinter, its page layout already set."""
    resolution = device.logicalDpiY()
    paint_rect = device.pageLayout().paintRectPixels(resolution)
    scale = resolution / LAYOUT_DPI
    width = paint_rect.width() / scale
    footer = FOOTER_PT * LAYOUT_DPI / 72
    height = paint_rect.height() / scale - footer
    qdoc.setPageSize(QSizeF(width, height))
    pages = qdoc.pageCount()
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette = _light_palette()
    footer_font = QFont()
    footer_font.setFamilies(_BODY_FONTS)
    footer_font.setPointSizeF(8)
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("cannot paint on the output device")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        for page in range(pages):
            if cancelled is not None and cancelled():
                raise ExportCancelled
            if progress is not None:
                progress(page, pages)
            if page:
                device.newPage()
            painter.save()
            painter.scale(scale, scale)
            top = page * height
            painter.translate(0, -top)
            context.clip = QRectF(0, top, width, height)
            painter.setClipRect(context.clip)
            qdoc.documentLayout().draw(painter, context)
            painter.restore()
            # The footer in device units: its font's points resolve at the device's dpi.
            painter.save()
            painter.setFont(footer_font)
            painter.setPen(QColor(_FOOTER_COLOUR))
            band = QRectF(0, height * scale, paint_rect.width(), footer * scale)
            if title:
                painter.drawText(
                    band, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), title
                )
            painter.drawText(
                band,
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                f"{page + 1} / {pages}",
            )
            painter.restore()
        if progress is not None:
            progress(pages, pages)
    finally:
        painter.end()
    return pages


# ---------------------------------------------------------------------- files


class _Stages:
    """One progress scale over the stages: entries rendered, then pages painted."""

    def __init__(self, entries: int, progress: Progress | None) -> None:
        self.entries = entries
        self.progress = progress

    def render(self, done: int, total: int) -> None:
        if self.progress is not None:
            # pages are not known yet: count them as one more entry's worth each
            self.progress(done, total + max(1, total // 4))

    def paint(self, done: int, pages: int) -> None:
        if self.progress is not None:
            self.progress(self.entries + done, self.entries + pages)


def pdf_bytes(
    document: GlossaryDocument,
    setup: PageSetup | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """The document as a PDF file's bytes."""
    setup = setup or PageSetup()
    stages = _Stages(len(document), progress)
    qdoc = text_document(document, stages.render, cancelled)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(setup.page_layout())
    writer.setTitle(document.title)
    writer.setCreator("Glossapp")
    paint_pages(qdoc, writer, document.title, stages.paint, cancelled)
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())


def odt_bytes(
    document: GlossaryDocument,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """The document as an OpenDocument text file's bytes (Word and LibreOffice open it)."""
    qdoc = text_document(document, progress, cancelled, code_boxes=False)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QTextDocumentWriter(buffer, QByteArray(b"odf"))
    if not writer.write(qdoc):
        raise OSError("Qt could not write the OpenDocument file")
    buffer.close()
    return bytes(data.data())


def document_bytes(
    document: GlossaryDocument,
    fmt: str,
    setup: PageSetup | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """The document in `fmt` (a key of `FORMATS`)."""
    if fmt == "pdf":
        return pdf_bytes(document, setup, progress, cancelled)
    if fmt == "odt":
        return odt_bytes(document, progress, cancelled)
    if fmt == "html":
        return document.html(progress, cancelled).encode("utf-8")
    if fmt == "md":
        return document.markdown(progress, cancelled).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def export_document(
    document: GlossaryDocument,
    fmt: str,
    path: str | os.PathLike,
    setup: PageSetup | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Write the document to `path` whole or not at all; raises OSError (the file is then
    untouched) or ExportCancelled (nothing written)."""
    data = document_bytes(document, fmt, setup, progress, cancelled)
    if cancelled is not None and cancelled():
        raise ExportCancelled
    atomic_write_bytes(Path(path), data)


# ---------------------------------------------------------------------- printing


def printer_for(setup: PageSetup | None = None) -> QPrinter:
    """A high-resolution printer with the setup's page and margins."""
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout((setup or PageSetup()).page_layout())
    return printer


def print_document(
    qdoc: QTextDocument,
    printer: QPrinter,
    title: str = "",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Paint a laid-out document on `printer` (a preview's paintRequested slot)."""
    return paint_pages(qdoc, printer, title, progress, cancelled)


def print_preview(
    document: GlossaryDocument,
    parent: QWidget | None = None,
    setup: PageSetup | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> QPrintPreviewDialog:
    """A print preview of the document, ready to `exec()`; its Print button prints.

    The entries are rendered now (with progress); the pages whenever the preview asks.
    """
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    qdoc = text_document(document, progress, cancelled)
    printer = printer_for(setup)
    printer.setDocName(document.title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print Preview — {document.title}")
    qdoc.setParent(dialog)
    title = document.title
    dialog.paintRequested.connect(lambda target: print_document(qdoc, target, title))
    # The dialog does not own the printer: keep it as long as the dialog.
    dialog._glossapp_printer = printer  # type: ignore[attr-defined]
    return dialog
