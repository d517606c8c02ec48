"""The API plus one slow route, for the SIGTERM test: ``gunicorn 'tests.deploy.slow_app:create()'``."""

from __future__ import annotations

import time
from pathlib import Path

from flask import Flask, request

from api import create_app


def create() -> Flask:
    app = create_app()

    @app.get("/slow")
    def slow() -> str:
        Path(request.args["marker"]).write_text("started")  # the test waits for this before SIGTERM
        time.sleep(float(request.args.get("s", "3")))
        return "finished"

    return app
