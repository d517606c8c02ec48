"""redisconn: where Redis is (never started by a look), and one cached client per profile."""

from __future__ import annotations

from config import load_settings
from redisconn import Profile, client, connect, running_url, sibling
from redisconn.embedded import embedded_url, stop_embedded_redis


def settings_with(settings, **overrides):
    return load_settings(**{**settings.model_dump(), **overrides}, _env_file=None)


def test_running_url_is_redis_url_when_set(settings):
    assert running_url(settings_with(settings, redis_url="redis://example.invalid:6390/2")) == (
        "redis://example.invalid:6390/2"
    )


def test_running_url_never_starts_an_embedded_server(settings, tmp_path):
    s = settings_with(settings, redis_url=None, data_dir=tmp_path)
    assert running_url(s) is None
    assert not (tmp_path / "redis").exists(), "a look must not create or start anything"


def test_running_url_finds_the_embedded_servers_recorded_port(settings, tmp_path):
    (tmp_path / "redis").mkdir()
    (tmp_path / "redis" / "port").write_text("6391\n")
    s = settings_with(settings, redis_url=None, data_dir=tmp_path)
    try:
        assert running_url(s) == "redis://127.0.0.1:6391/0" == embedded_url(tmp_path)
    finally:  # the session's clean-up stops every recorded server: this one is not ours
        (tmp_path / "redis" / "port").unlink()


def test_a_garbled_port_file_counts_as_no_server(tmp_path):
    (tmp_path / "redis").mkdir()
    (tmp_path / "redis" / "port").write_text("not a port")
    assert embedded_url(tmp_path) is None
    assert stop_embedded_redis(tmp_path) is False


def test_one_cached_client_per_url_and_profile_with_that_profiles_timeouts(redis_url):
    gate = client(redis_url, Profile.GATE)
    assert client(redis_url, Profile.GATE) is gate
    worker = client(redis_url, Profile.WORKER)
    assert worker is not gate
    assert gate.connection_pool.connection_kwargs["socket_timeout"] == Profile.GATE.value.reply_s == 1
    assert worker.connection_pool.connection_kwargs["socket_timeout"] == Profile.WORKER.value.reply_s == 10
    assert gate.ping() and worker.ping()


def test_connect_gives_a_new_client_the_caller_owns(redis_url):
    first = connect(redis_url, Profile.ADMIN)
    second = connect(redis_url, Profile.ADMIN)
    try:
        assert first is not second and first.ping()
    finally:
        first.close()
        second.close()


def test_stream_reads_wait_for_a_free_connection_instead_of_refusing(redis_url):
    streams = client(redis_url, Profile.STREAM_READS)
    pool = streams.connection_pool
    assert type(pool).__name__ == "BlockingConnectionPool"
    assert pool.max_connections == Profile.STREAM_READS.value.max_connections
    assert streams.ping()


def test_a_sibling_reaches_the_same_server_with_its_own_timeouts(redis_url, redis_client):
    broker_side = connect(redis_url, Profile.WORKER)
    try:
        reads = sibling(broker_side, Profile.DASHBOARD)
        assert sibling(broker_side, Profile.DASHBOARD) is reads
        assert reads.connection_pool.connection_kwargs["socket_timeout"] == Profile.DASHBOARD.value.reply_s
        redis_client.set("redisconn-test-sibling", "seen")
        assert reads.get("redisconn-test-sibling") == b"seen"
    finally:
        redis_client.delete("redisconn-test-sibling")
        broker_side.close()
