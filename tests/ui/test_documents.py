"""PDF, ODT and printing of a document: what a reader gets, read back from the files."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from xml.etree import ElementTree

import pytest

from glossapp.render.document import DocumentOptions, GlossaryDocument, sorted_entries
from glossapp.render.renderer import Renderer
from glossapp.ui import documents
from tests.render.test_document import sample_library

pypdf = pytest.importorskip("pypdf")

ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}


@pytest.fixture
def loaded(tmp_path):
    return sample_library(tmp_path)


@pytest.fixture
def document(qapp, loaded):
    options = DocumentOptions(title="Letters appendix", intro="Read *this* first.", citation=True)
    return GlossaryDocument(Renderer(loaded), loaded.entries, options)


def titles(loaded):
    return [e.title or e.term for e in sorted_entries(loaded.entries)]


def pdf_text(data: bytes) -> tuple[list[str], object]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    # ligatures (fi, ff) back to letters, and any run of spaces or tabs to one space
    pages = [
        " ".join(unicodedata.normalize("NFKC", page.extract_text(extraction_mode="layout")).split())
        for page in reader.pages
    ]
    return pages, reader


def odf_text(element) -> str:
    """An ODF paragraph's text, with its <text:s text:c="n"/> runs of spaces put back."""
    space = f"{{{ODF['text']}}}s"
    parts = [element.text or ""]
    for child in element:
        if child.tag == space:
            parts.append(" " * int(child.get(f"{{{ODF['text']}}}c", "1")))
        else:
            parts.append(odf_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def test_pdf_holds_the_entries_in_order_with_tables_and_code(document, loaded):
    data = documents.document_bytes(document, "pdf")
    assert data.startswith(b"%PDF-")
    pages, reader = pdf_text(data)
    text = " ".join(pages)
    positions = [text.index(title) for title in ["Letters appendix", *titles(loaded)]]
    assert positions == sorted(positions)
    assert "Read this first." in text
    assert "greek · letters" in text  # category and glossary
    assert "— Alpha, letters" in text  # citation
    # the table's cells, row by row, and the code and diagram lines
    assert re.search(r"n value 2 pi squared over six 4 pi\^4/90", text)
    assert "def alpha(): return 1" in text
    assert "| s | ---> | zs |" in text
    assert "entry:" not in text
    assert reader.metadata.title == "Letters appendix"
    assert "1 / " in pages[0]


def test_pdf_code_is_in_a_fixed_width_font(document):
    reader = pypdf.PdfReader(io.BytesIO(documents.document_bytes(document, "pdf")))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Mono" in name for name in fonts), fonts
    assert any("Mono" not in name for name in fonts), fonts


@pytest.mark.parametrize(("size", "points"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_pdf_page_size(document, size, points):
    data = documents.document_bytes(document, "pdf", documents.PageSetup(size, 10))
    box = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == points


def test_odt_content_holds_entries_tables_and_code(document, loaded, tmp_path):
    target = tmp_path / "letters.odt"
    documents.export_document(document, "odt", target)
    with zipfile.ZipFile(target) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = archive.read("content.xml").decode("utf-8")
    root = ElementTree.fromstring(content)
    paragraphs = [odf_text(p) for p in root.iter(f"{{{ODF['text']}}}p")]
    joined = "\n".join(paragraphs)
    positions = [joined.index(title) for title in ["Letters appendix", *titles(loaded)]]
    assert positions == sorted(positions)
    tables = [
        ["".join(cell.itertext()).strip() for cell in table.iter(f"{{{ODF['table']}}}table-cell")]
        for table in root.iter(f"{{{ODF['table']}}}table")
    ]
    # the Markdown table, cell by cell (code blocks sit in one-cell tables of their own)
    assert ["n", "value", "2", "pi squared over six", "4", "pi^4/90"] in tables
    # code is never in a table: Qt's ODF writer would put each line in a cell of its own
    assert not any("def alpha():" in cell for table in tables for cell in table)
    diagram = paragraphs.index("+----+      +----+")
    assert paragraphs[diagram : diagram + 3] == [
        "+----+      +----+",
        "| s  | ---> | zs |",
        "+----+      +----+",
    ]
    # runs of spaces are kept (<text:s/>) and the code's font is fixed-width
    assert "def alpha():" in joined and "return" in joined
    spaces = root.iter(f"{{{ODF['text']}}}s")
    assert any(int(s.get(f"{{{ODF['text']}}}c", "1")) >= 3 for s in spaces)
    fonts = {
        value
        for element in root.iter()
        for key, value in element.attrib.items()
        if key.endswith("}font-name") or key.endswith("}font-family")
    }
    assert any("Mono" in font for font in fonts), fonts
    assert "entry:" not in content


def test_html_and_markdown_files(document, tmp_path):
    for fmt in ("html", "md"):
        target = tmp_path / f"letters.{fmt}"
        documents.export_document(document, fmt, target)
        text = target.read_text(encoding="utf-8")
        assert "Letters appendix" in text and "pi squared over six" in text


def test_unwritable_path_raises_and_leaves_no_file(document, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for fmt in documents.FORMATS:
        with pytest.raises(OSError):
            documents.export_document(document, fmt, blocker / f"out.{fmt}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "letters.txt"]


def test_cancel_while_painting_writes_nothing(document, tmp_path):
    seen = []
    target = tmp_path / "never.pdf"

    def cancelled() -> bool:
        return len(seen) > len(document) + 1  # after the entries, during the pages

    with pytest.raises(documents.ExportCancelled):
        documents.export_document(
            document,
            "pdf",
            target,
            documents.PageSetup("A5", 40),
            progress=lambda done, total: seen.append((done, total)),
            cancelled=cancelled,
        )
    assert not target.exists() and list(tmp_path.iterdir()) == [tmp_path / "letters.txt"]


def test_progress_goes_forward_to_its_end(document):
    seen = []
    documents.document_bytes(
        document, "pdf", progress=lambda done, total: seen.append((done, total))
    )
    fractions = [done / total for done, total in seen]
    assert fractions == sorted(fractions) and seen[-1][0] == seen[-1][1]


def test_format_for_path():
    assert documents.format_for_path("x/Appendix.PDF") == "pdf"
    assert documents.format_for_path("a.htm") == "html"
    assert documents.format_for_path("a.markdown") == "md"
    assert documents.format_for_path("a.docx") is None


def test_printing_paints_the_pages_on_a_printer(document, tmp_path, qapp):
    from PySide6.QtPrintSupport import QPrinter

    printer = documents.printer_for(documents.PageSetup("Letter"))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    qdoc = documents.text_document(document)
    pages = documents.print_document(qdoc, printer, document.title)
    assert pages >= 1
    text = " ".join(pdf_text((tmp_path / "printed.pdf").read_bytes())[0])
    assert "Zeta function" in text and "pi squared over six" in text


def test_print_preview_shows_the_pages_in_light(document, qtbot, qapp):
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#101010"))
    previous = qapp.palette()
    qapp.setPalette(dark)
    try:
        dialog = documents.print_preview(document)
        qtbot.addWidget(dialog)
        preview = dialog.findChild(QPrintPreviewWidget)
        preview.updatePreview()
        assert preview.pageCount() >= 1
        assert dialog.windowTitle() == "Print Preview — Letters appendix"
    finally:
        qapp.setPalette(previous)
