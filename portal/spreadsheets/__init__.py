"""The portal spreadsheet format (docs/domain.md): reading uploaded files, the cell readers,
all-or-nothing imports (in the background when big) and writing the sheets."""
