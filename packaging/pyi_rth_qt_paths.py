"""Run-time hook that replaces PyInstaller's own PySide6 hook in the frozen app.

PyInstaller's hook imports QtCore as soon as the app starts (loading Qt and ICU: about
0.1 s) only to check for an embedded qt.conf, which PySide6's wheels register themselves
when QtCore is first imported. So `glossapp search` and the other terminal commands,
which never touch Qt, would pay for Qt on every run. This hook only points Qt at the
bundled plugins and leaves the import to whoever needs Qt.
"""

import os
import sys


def _point_qt_at_bundled_plugins() -> None:
    if sys.platform == "win32":
        qt_dir = os.path.join(sys._MEIPASS, "PySide6")
    else:
        qt_dir = os.path.join(sys._MEIPASS, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_dir, "plugins")


_point_qt_at_bundled_plugins()
del _point_qt_at_bundled_plugins
