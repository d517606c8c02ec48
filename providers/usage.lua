-- One attempt's usage, recorded atomically.
-- KEYS: [1] llm:use:{p}:{fp}:{day} (day totals, read by status), [2] llm:usepend:{p}:{fp}:{hour}:{model}
--       (not yet flushed to SQL), [3] the set of pending keys, [4] llm:budget:{p}:{day}
-- ARGV: outcome, input tokens, output tokens, latency ms, TTL of [1] and [2] (s), TTL of [4] (s)
local o = ARGV[1]
local tin, tout, lat = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local t = KEYS[1]
redis.call('HINCRBY', t, 'req', 1)
redis.call('HINCRBY', t, 'in_tok', tin)
redis.call('HINCRBY', t, 'out_tok', tout)
redis.call('HINCRBY', t, 'latency_ms', lat)
redis.call('HINCRBY', t, 'outcome:' .. o, 1)
redis.call('EXPIRE', t, ARGV[5])
local p = KEYS[2]
redis.call('HINCRBY', p, o .. '|calls', 1)
redis.call('HINCRBY', p, o .. '|in', tin)
redis.call('HINCRBY', p, o .. '|out', tout)
redis.call('HINCRBY', p, o .. '|lat', lat)
local m = tonumber(redis.call('HGET', p, o .. '|max') or '0') or 0
if lat > m then redis.call('HSET', p, o .. '|max', lat) end
redis.call('EXPIRE', p, ARGV[5])
redis.call('SADD', KEYS[3], p)
if tin + tout > 0 then
  redis.call('INCRBY', KEYS[4], tin + tout)
  redis.call('EXPIRE', KEYS[4], ARGV[6])
end
return 1
