import { createHash } from 'node:crypto';

/**
 * The Lua scripts behind RedisClusterLink and RedisSeatLedger: each change to the shared state and its announcement
 * on the feed happen in one atomic step, so every node (and every newcomer loading the state) sees one order.
 *
 * Keys: `owners` maps a user to `<node>\t<session>` (who holds their presence), `users` to their JSON ReplicaEntry,
 * `feed` is the stream of changes, `campus:node:<id>` a node's heartbeat, `campus:seats:<room>` a classroom's seats,
 * `campus:peers` maps a PeerJS peer id to `<user>\t<token>` and `campus:peers:users` a user to their peer id.
 */
export interface RedisScript {
  source: string;
  sha: string;
}

function script(source: string): RedisScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * KEYS owners, users, feed. ARGV kind (claim | update | leave), userId, owner, entry JSON, op JSON, feed length.
 * A claim always goes through; an update or leave only from the session that holds the user. Returns the feed id,
 * or nil when refused.
 */
export const PUBLISH = script(`
local kind, uid, owner = ARGV[1], ARGV[2], ARGV[3]
if kind ~= 'claim' and redis.call('HGET', KEYS[1], uid) ~= owner then return false end
if kind == 'leave' then
  redis.call('HDEL', KEYS[1], uid)
  redis.call('HDEL', KEYS[2], uid)
else
  redis.call('HSET', KEYS[1], uid, owner)
  redis.call('HSET', KEYS[2], uid, ARGV[4])
end
return redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[6], '*', 'op', ARGV[5])
`);

/**
 * KEYS owners, users, feed, then every classroom's seats. ARGV node, feed length, seat key prefix, then for each of
 * the node's users: userId, owner, entry JSON, room ('' for none). Rewrites the users nobody else claimed meanwhile
 * (and their seats), forgets the node's users it no longer lists, announces the roster; returns the entries of those
 * another node holds now.
 */
export const RESYNC = script(`
local node, prefix = ARGV[1], ARGV[1] .. '\\t'
local kept, taken, mine = {}, {}, {}
for i = 4, #ARGV, 4 do
  local uid, owner, entry, room = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local current = redis.call('HGET', KEYS[1], uid)
  if not current or string.sub(current, 1, #prefix) == prefix then
    redis.call('HSET', KEYS[1], uid, owner)
    redis.call('HSET', KEYS[2], uid, entry)
    for k = 4, #KEYS do
      if KEYS[k] == ARGV[3] .. room then redis.call('SADD', KEYS[k], uid) else redis.call('SREM', KEYS[k], uid) end
    end
    mine[uid] = true
    table.insert(kept, entry)
  else
    local theirs = redis.call('HGET', KEYS[2], uid)
    if theirs then table.insert(taken, theirs) end
  end
end
local owners = redis.call('HGETALL', KEYS[1])
for i = 1, #owners, 2 do
  if not mine[owners[i]] and string.sub(owners[i + 1], 1, #prefix) == prefix then
    redis.call('HDEL', KEYS[1], owners[i])
    redis.call('HDEL', KEYS[2], owners[i])
  end
end
local op = '{"t":"roster","node":' .. cjson.encode(node) .. ',"entries":[' .. table.concat(kept, ',') .. ']}'
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], '*', 'op', op)
return taken
`);

/**
 * KEYS owners, users, feed, the node's heartbeat, peers, peer users, then every classroom's seats. ARGV node, feed
 * length. Unless the node's heartbeat is there (it is alive after all), removes its users, their seats and their
 * signaling tokens, and announces it. Returns 1 when reaped, 0 when the node is alive.
 */
export const REAP = script(`
if redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
local prefix = ARGV[1] .. '\\t'
local owners = redis.call('HGETALL', KEYS[1])
for i = 1, #owners, 2 do
  if string.sub(owners[i + 1], 1, #prefix) == prefix then
    redis.call('HDEL', KEYS[1], owners[i])
    redis.call('HDEL', KEYS[2], owners[i])
    local peer = redis.call('HGET', KEYS[6], owners[i])
    if peer then
      redis.call('HDEL', KEYS[5], peer)
      redis.call('HDEL', KEYS[6], owners[i])
    end
    for k = 7, #KEYS do redis.call('SREM', KEYS[k], owners[i]) end
  end
end
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], '*', 'op', '{"t":"reap","node":' .. cjson.encode(ARGV[1]) .. '}')
return 1
`);

/**
 * KEYS a classroom's seats, owners. ARGV userId, capacity. A seat for the user unless the room is full; seats of
 * users who are no longer anywhere (their node died with Redis away) are given back first. Returns 1 or 0.
 */
export const CLAIM_SEAT = script(`
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
for _, holder in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('HEXISTS', KEYS[2], holder) == 0 then redis.call('SREM', KEYS[1], holder) end
end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
`);

/** KEYS peers, peer users. ARGV userId, peerId, `<user>\t<token>`. Records the user's peer id, dropping their old one. */
export const REPLACE_PEER = script(`
local old = redis.call('HGET', KEYS[2], ARGV[1])
if old then redis.call('HDEL', KEYS[1], old) end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
`);

/** KEYS peers, peer users. ARGV userId, peerId. Drops the peer id if it is still the user's; returns 1 or 0. */
export const DROP_PEER = script(`
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[2])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
`);

/**
 * KEYS one room's versioned record (a lesson, a screen). ARGV the version the change was made from ('' for none: the
 * key must still be missing), the new record JSON, the channel, the message JSON. Writes and publishes only over that
 * version; returns 1, or 0 when another change got there first.
 */
export const WRITE_OVER_VERSION = script(`
local stored = redis.call('GET', KEYS[1])
if ARGV[1] == '' then
  if stored then return 0 end
elseif not stored or cjson.decode(stored).version ~= tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1
`);
