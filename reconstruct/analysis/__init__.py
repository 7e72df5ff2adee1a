"""Analyses: read the event table, add periods, episodes and labels; never modify events."""
