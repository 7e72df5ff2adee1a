"""Reconstruct: life-course reconstruction timeline analyser."""
