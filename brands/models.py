"""Demonstration zones (示范区): see the zones issue."""
