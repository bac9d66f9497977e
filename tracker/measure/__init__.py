"""Measuring the product: gold files (`gold`), scoring (`evaluate`), speed and memory (`bench`)."""
