"""Gửi dữ liệu: the export wizard and the receiving office's configuration dialog."""
