"""See the corresponding issue."""
