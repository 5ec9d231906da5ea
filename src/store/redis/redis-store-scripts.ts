/**
 * Lua scripts of the Redis investigation store. Each runs atomically on the server, so several
 * processes sharing one Redis see consistent records, audit logs and inboxes.
 */

/**
 * Numbers and appends an audit event. KEYS: record, events, appended (idempotency keys → seq).
 * ARGV[1]: the event as a JSON object without `seq`; ARGV[2]: the retention (ms) the keys get from
 * this write; ARGV[3]: `"runId":"<id>"` when only that run may append, else empty; ARGV[4]: the
 * idempotency key, else empty; ARGV[5]: the retention (ms) of the idempotency keys (transient: a
 * repeat comes within moments). The list length is the last seq, so numbering and appending cannot
 * drift apart. Returns the new seq, `{seq}` (a list) when the key was appended before, 0 when the
 * investigation does not exist, -2 when another run owns it. A JSON string value escapes its quotes, so the run id
 * is found in the record only as its field.
 */
export const APPEND_EVENT_SCRIPT = `
local record = redis.call('GET', KEYS[1])
if not record then return 0 end
if ARGV[3] ~= '' and not string.find(record, ARGV[3], 1, true) then return -2 end
if ARGV[4] ~= '' then
  local known = redis.call('HGET', KEYS[3], ARGV[4])
  if known then return {tonumber(known)} end
end
local seq = redis.call('LLEN', KEYS[2]) + 1
redis.call('RPUSH', KEYS[2], '{"seq":' .. seq .. ',' .. string.sub(ARGV[1], 2))
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[3], ARGV[4], seq)
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
end
return seq
`;

/**
 * Compare-and-set of a record. KEYS: record, events. ARGV: the value read, the value to write,
 * the retention (ms) the record and its audit log get from this write.
 * Returns 1 when written, 0 when another writer changed it first, -1 when it does not exist.
 */
export const REPLACE_RECORD_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if not current then return -1 end
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
`;

/**
 * Queues a steering command. KEYS: record, steering. ARGV[1]: the command as JSON; ARGV[2]: the
 * inbox's retention (ms). Returns the inbox length, or 0 when the investigation does not exist.
 */
export const PUSH_STEERING_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local length = redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return length
`;
