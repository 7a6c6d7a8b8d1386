"""Widgets of the Tổng quan and Báo cáo screens: charts drawn with QPainter, the targets editor,
the report text editor and the comparison across years."""
