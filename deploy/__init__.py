"""Deployment: migrations on deploy, configuration checks, the doctor, the smoke test."""
