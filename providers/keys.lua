-- Key pool of one provider. KEYS: llm:key:{p}:{fp} HASH per key (status, until (ms), reason,
-- last_used (us), last_ok, last_err, consec_429). Clock: redis TIME.
-- pick:  ARGV = 'pick', fp1, fp2, ...  -> {fp, 0} (least recently used active key, now marked used)
--                                         or {'', earliest_until_ms} (-1: waiting will not help)
-- cool:  ARGV = 'cool', retry_after_ms (-1: none), base_ms, cap_ms, floor_ms, reason -> cool-down ms
-- mark:  ARGV = 'mark', status, for_ms (0: no until), reason  (an invalid key's until: its next re-check)
-- invalid: ARGV = 'invalid', first_ms, cap_ms, reason -> re-check delay ms (doubles per consecutive mark)
-- ok:    ARGV = 'ok'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local now_us = tonumber(t[1]) * 1000000 + tonumber(t[2])
local op = ARGV[1]

if op == 'pick' then
  local best, best_used, earliest = nil, nil, nil
  for i, k in ipairs(KEYS) do
    local status = redis.call('HGET', k, 'status') or 'active'
    if status == 'cooling' or status == 'exhausted' then
      local until_ms = tonumber(redis.call('HGET', k, 'until') or '0') or 0
      if until_ms > 0 and now >= until_ms then
        redis.call('HSET', k, 'status', 'active', 'until', 0)
        status = 'active'
      elseif until_ms > 0 and (earliest == nil or until_ms < earliest) then
        earliest = until_ms
      end
    end
    if status == 'active' then
      local used = tonumber(redis.call('HGET', k, 'last_used') or '0') or 0
      if best == nil or used < best_used then
        best, best_used = i, used
      end
    end
  end
  if best then
    redis.call('HSET', KEYS[best], 'last_used', now_us)
    return {ARGV[best + 1], 0}
  end
  return {'', earliest or -1}
end

local k = KEYS[1]
if op == 'cool' then
  local ra, base, cap, floor = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
  local n = redis.call('HINCRBY', k, 'consec_429', 1)
  local cd
  if ra >= 0 then
    cd = math.min(math.max(ra, floor), cap)
  else
    cd = math.min(math.max(base * (2 ^ (n - 1)), floor), cap)
  end
  redis.call('HSET', k, 'status', 'cooling', 'until', now + cd, 'reason', ARGV[6], 'last_err', now)
  return cd
end
if op == 'mark' then
  local for_ms = tonumber(ARGV[3])
  local until_ms = 0
  if for_ms > 0 then until_ms = now + for_ms end
  redis.call('HSET', k, 'status', ARGV[2], 'until', until_ms, 'reason', ARGV[4])
  if ARGV[2] == 'active' then
    redis.call('HSET', k, 'last_ok', now, 'consec_429', 0, 'invalid_n', 0)
  else
    redis.call('HSET', k, 'last_err', now)
  end
  return 1
end
if op == 'invalid' then
  local n = redis.call('HINCRBY', k, 'invalid_n', 1)
  local delay = math.min(tonumber(ARGV[2]) * (2 ^ (n - 1)), tonumber(ARGV[3]))
  redis.call('HSET', k, 'status', 'invalid', 'until', now + delay, 'reason', ARGV[4], 'last_err', now)
  return delay
end
if op == 'ok' then
  local status = redis.call('HGET', k, 'status') or 'active'
  if status == 'active' or status == 'cooling' then
    redis.call('HSET', k, 'status', 'active', 'until', 0, 'last_ok', now, 'consec_429', 0)
  else
    redis.call('HSET', k, 'last_ok', now)
  end
  return 1
end
return 0
