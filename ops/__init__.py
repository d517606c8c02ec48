"""Operations: queue and worker introspection, system figures, alerts, metrics, Sentry.

Everything here reads Redis with bounded commands (SCAN/HSCAN/ZRANGE with limits,
pipelined LLEN/HLEN/ZCARD), never ``KEYS``, so the dashboard stays fast with
100,000 messages queued.
"""
