"""Start the window: QApplication, fonts, theme, translations, database, first-start wizard."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from app.paths import Paths

log = logging.getLogger(__name__)


def run_gui(paths: Paths, args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app import settings
    from app.cli import too_new_message
    from app.db import DatabaseTooNew, open_database
    from app.i18n import _, set_language
    from app.services.setup import is_set_up
    from app.ui.fonts import load_fonts, ui_font
    from app.ui.qt_translator import install_qt_translations
    from app.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("TTHTCD")
    app.setApplicationDisplayName(_("Trung tâm học tập cộng đồng"))
    from app.tasks import MainThreadGarbageCollector

    collector = MainThreadGarbageCollector(app)  # noqa: F841 - lives as long as the application
    load_fonts()
    app.setFont(ui_font(10))
    apply_theme(app)
    try:
        db = open_database(paths)
    except DatabaseTooNew as exc:
        QMessageBox.critical(None, _("Không mở được dữ liệu"), too_new_message(exc.revision))
        return 3
    except Exception as exc:  # noqa: BLE001 - the officer gets a message, the log gets the traceback
        log.exception("cannot open database")
        QMessageBox.critical(None, _("Không mở được dữ liệu"),
                             _("Không mở được cơ sở dữ liệu {path}: {error}").format(path=paths.database, error=exc))
        return 2
    language = args.lang or settings.get(db, settings.LANGUAGE)
    set_language(language)
    translators = install_qt_translations(app, language)  # noqa: F841 - kept alive for the app's life

    if not is_set_up(db):
        from app.ui.dialogs.setup_wizard import SetupWizard

        wizard = SetupWizard(db, paths)
        if wizard.exec() != SetupWizard.DialogCode.Accepted or not is_set_up(db):
            return 0

    from app.ui.main_window import MainWindow

    window = MainWindow(db, paths)
    screen = app.primaryScreen().availableGeometry()
    if screen.width() < 1500 or screen.height() < 900:
        window.setGeometry(screen)
        window.showMaximized()
    else:
        window.show()
    if os.environ.get("TTHTCD_EXIT_WHEN_READY"):  # benchmarks: report readiness, then leave
        from PySide6.QtCore import QTimer

        def ready() -> None:
            print("READY", flush=True)
            app.quit()

        QTimer.singleShot(0, ready)
    code = app.exec()
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(10_000)  # a background read finishes before the database closes
    db.dispose()
    return code
