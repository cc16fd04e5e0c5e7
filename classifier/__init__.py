"""Overclaim classifier: sentence segmentation, features, model, cues."""
