"""Supervisor reports: tallies, Biểu 06, exports, closing the day, station files (issue #7)."""
