"""Overclaim HTTP service (Starlette, run by uvicorn)."""
