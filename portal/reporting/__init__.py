"""The floor's part of the annual report: the figure registry, periods and subchapters."""
