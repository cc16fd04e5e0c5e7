"""Fetching a page for `POST /v1/score {"url": ...}`: address policy, resolution, the pinned client, extraction."""
