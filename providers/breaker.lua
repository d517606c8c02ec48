-- Circuit breaker of one provider; every transition is one call of this script (atomic).
-- Clock: redis TIME, so every worker process agrees.
-- KEYS[1] llm:cb:{p} HASH  state, open_until (ms), reopen_count, probe_owner, probe_until (ms),
--                          consec_fail, consec_succ
-- KEYS[2] llm:cb:{p}:w HASH  "<10 s bucket>:ok|fail|throttled" -> count (pruned after keep_s)
-- KEYS[3] llm:cb:{p}:events LIST  "now_ms from to open_until_ms" (newest first, capped)
-- ARGV: op (acquire|record|release), token, outcome (ok|fail|throttled|neutral),
--       failures, rate, window_s, min_calls, cooldown_ms, cooldown_max_ms, probe_successes,
--       lease_ms, keep_s
local cb, win, events = KEYS[1], KEYS[2], KEYS[3]
local op, token, outcome = ARGV[1], ARGV[2], ARGV[3]
local failures, rate, window_s = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local min_calls, cooldown_ms, cooldown_max_ms = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local probe_successes, lease_ms, keep_s = tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12])

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HGET', cb, 'state') or 'closed'
local open_until = tonumber(redis.call('HGET', cb, 'open_until') or '0') or 0

local function event(from, to, until_ms)
  redis.call('LPUSH', events, now .. ' ' .. from .. ' ' .. to .. ' ' .. until_ms)
  redis.call('LTRIM', events, 0, 1999)
  redis.call('EXPIRE', events, 86400)
end

local function trip(from, reopen)
  local cd = math.min(cooldown_ms * (2 ^ reopen), cooldown_max_ms)
  local new_until = math.max(open_until, now + cd)
  redis.call('HSET', cb, 'state', 'open', 'open_until', new_until, 'reopen_count', reopen,
    'consec_fail', 0, 'consec_succ', 0, 'probe_owner', '', 'probe_until', 0)
  event(from, 'open', new_until)
  return new_until
end

if op == 'acquire' then
  if state == 'closed' then
    return {'allow', 'closed', 0, now}
  end
  if state == 'open' then
    if now < open_until then
      return {'deny', 'open', open_until, now}
    end
    state = 'half_open'
    redis.call('HSET', cb, 'state', 'half_open', 'consec_succ', 0, 'probe_owner', '', 'probe_until', 0)
    event('open', 'half_open', 0)
  end
  -- half-open: one probe fleet-wide, held by a lease that expires (a crashed prober cannot wedge it)
  local owner = redis.call('HGET', cb, 'probe_owner') or ''
  local probe_until = tonumber(redis.call('HGET', cb, 'probe_until') or '0') or 0
  if owner == '' or now >= probe_until then
    redis.call('HSET', cb, 'probe_owner', token, 'probe_until', now + lease_ms)
    return {'probe', 'half_open', 0, now}
  end
  return {'deny', 'half_open', probe_until, now}
end

if op == 'release' then
  if (redis.call('HGET', cb, 'probe_owner') or '') == token then
    redis.call('HSET', cb, 'probe_owner', '', 'probe_until', 0)
  end
  return {'ok', state, open_until, now}
end

-- op == 'record'
local bucket = math.floor(now / 10000) * 10
if outcome ~= 'neutral' then
  redis.call('HINCRBY', win, bucket .. ':' .. outcome, 1)
  redis.call('EXPIRE', win, keep_s + 20)
end

if state == 'closed' then
  if outcome == 'ok' then
    redis.call('HSET', cb, 'consec_fail', 0)
  elseif outcome == 'fail' then
    local consec = redis.call('HINCRBY', cb, 'consec_fail', 1)
    local ok_n, fail_n = 0, 0
    local fields = redis.call('HGETALL', win)
    local oldest = math.floor(now / 1000) - window_s
    local stale = math.floor(now / 1000) - keep_s
    for i = 1, #fields, 2 do
      local b, kind = string.match(fields[i], '^(%d+):(%a+)$')
      b = tonumber(b)
      if b and b < stale then
        redis.call('HDEL', win, fields[i])
      elseif b and b >= oldest then
        if kind == 'ok' then ok_n = ok_n + tonumber(fields[i + 1]) end
        if kind == 'fail' then fail_n = fail_n + tonumber(fields[i + 1]) end
      end
    end
    local total = ok_n + fail_n
    if consec >= failures or (total >= min_calls and fail_n / total > rate) then
      open_until = trip('closed', 0)
      return {'ok', 'open', open_until, now}
    end
  end
  return {'ok', 'closed', 0, now}
end

if state == 'half_open' and (redis.call('HGET', cb, 'probe_owner') or '') == token then
  if outcome == 'ok' then
    local succ = redis.call('HINCRBY', cb, 'consec_succ', 1)
    redis.call('HSET', cb, 'probe_owner', '', 'probe_until', 0)
    if succ >= probe_successes then
      redis.call('HSET', cb, 'state', 'closed', 'consec_fail', 0, 'consec_succ', 0, 'reopen_count', 0)
      redis.call('DEL', win)
      event('half_open', 'closed', 0)
      return {'ok', 'closed', 0, now}
    end
  elseif outcome == 'fail' then
    local reopen = tonumber(redis.call('HGET', cb, 'reopen_count') or '0') or 0
    open_until = trip('half_open', reopen + 1)
    return {'ok', 'open', open_until, now}
  else
    redis.call('HSET', cb, 'probe_owner', '', 'probe_until', 0)
  end
end
return {'ok', state, open_until, now}
