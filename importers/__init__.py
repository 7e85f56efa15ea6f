"""Getting charts into the graph and out again: reference data, workbook import, export."""
