"""``python -m providers.fakes --port 8765 [--latency 0.5]``: a fake LLM server in the foreground."""

from __future__ import annotations

import argparse
import time

from providers.fakes.server import FakeLLMServer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    args = parser.parse_args()
    with FakeLLMServer(host=args.host, port=args.port, latency_s=args.latency) as server:
        print(f"fake LLM server on {server.url} (OpenAI/Mistral: {server.url}/v1, Anthropic: {server.url})")
        print("control: POST /control/script, GET /control/log, POST /control/reset, POST /control/config")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
