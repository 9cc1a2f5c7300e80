import markdown
import pytest

from glossapp.markdown.safe_links import is_unsafe_target, neutralise_links


def rendered(text: str) -> str:
    return markdown.markdown(text)


@pytest.mark.parametrize(
    "text",
    [
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](vbscript:msgbox)",
        "[a](file:///etc/passwd)",
        "[a](data:text/html;base64,PHNjcmlwdD4=)",
        "[a](&#106;avascript:alert(1))",
        "[a]( <javascript:alert(1)> )",
        "[a [nested]](javascript:x)",
        "[r]: javascript:alert(1)\n\nsee [t][r]",
        "<javascript:alert(1)>",
    ],
)
def test_unsafe_links_stop_being_links(text):
    out = neutralise_links(text)
    assert "<a " not in rendered(out)
    assert "alert" in out or "msgbox" in out or "passwd" in out or "base64" in out or "x" in out


@pytest.mark.parametrize(
    "text",
    [
        "![x](http://tracker.example/p.png)",
        "![x](//tracker.example/p.png)",
        "![x](data:image/png;base64,AAAA)",
        "![x](file:///etc/passwd)",
        "![x][pic]\n\n[pic]: https://tracker.example/p.png",
    ],
)
def test_remote_images_never_load(text):
    html = rendered(neutralise_links(text))
    assert "<img" not in html
    assert "javascript" not in html and 'href="data' not in html and 'href="file' not in html


def test_safe_links_relative_images_and_code_are_kept():
    kept = (
        "[ok](https://example.org) [mail](mailto:a@b.c) [rel](page.html) ![local](img.png)\n\n"
        "`[a](javascript:alert(1))`\n\n```\n![x](http://tracker/p.png)\n```\n"
    )
    assert neutralise_links(kept) == kept


def test_is_unsafe_target():
    assert is_unsafe_target(" JAVA\tSCRIPT:x") and is_unsafe_target("data:x")
    assert not is_unsafe_target("https://x") and not is_unsafe_target("rel/path")


def test_no_markdown_library_is_imported():
    import subprocess
    import sys

    code = "import sys, glossapp.markdown.safe_links; print('markdown' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
        == "False\n"
    )
