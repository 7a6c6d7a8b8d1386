"""The "Giấy công nhận" area's widgets: printing a decision's certificates, the register, the
template editor, printer calibration and the QR check (see :mod:`app.ui.pages.certificates_page`)."""
