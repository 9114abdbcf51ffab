"""Pages a coordinator opens or prints (the office report, the one-visit day): one
self-contained HTML file each, refused before anything is computed when it cannot be written,
and written whole or not at all."""

import os
import tempfile
from pathlib import Path

BASE_STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 64em; color: #222; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
.banner { padding: 0.6em 1em; margin: 0.5em 0; font-weight: bold; border-radius: 4px; }
.names { background: #fde0dd; } .synthetic { background: #fff3cd; }
.none { color: #666; }
"""


class PageNotWritable(OSError):
    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"cannot write the page to {path}: {why}; nothing was written")


def check_writable(path: Path) -> Path:
    """Refuse a path the page cannot be written to before anything is computed."""
    path = path.expanduser().resolve()
    if path.is_dir():
        raise PageNotWritable(path, "it is a directory")
    if not path.parent.is_dir():
        raise PageNotWritable(path, f"there is no directory {path.parent}")
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise PageNotWritable(path, "permission denied")
    return path


def write_whole(path: Path, text: str) -> Path:
    """To a temporary file beside it, then renamed: a reader never sees half a page."""
    path = check_writable(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".page-", suffix=".html")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
