package dev.switchboard.hub.routing;

import dev.switchboard.hub.store.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

/**
 * Capacity-aware assignment, decided in Redis by one Lua script per decision, so nodes assigning
 * at once never put an agent over capacity: Redis runs a script alone, start to end.
 *
 * <p>Redis holds, for the whole hub: each agent's open count ({@code open}) and capacity
 * ({@code cap}), which agent holds each tracked conversation ({@code assigned}), and which team
 * a waiting conversation waits in ({@code waiting}), the updated_at of the last conversation state
 * routing wrote or accepted ({@code version}, so stale event snapshots are ignored) and who held a
 * resolved conversation ({@code last}); per team: the members online now, a
 * round-robin cursor (the last agent given one) and the queue of waiting conversations, a ZSET
 * scored by when they began waiting. Every key carries the hash tag {@code {routing}}, so a Redis
 * Cluster keeps them in one slot, as a script needs.
 *
 * <p>Redis decides; PostgreSQL records (the caller sets the conversation's assignee afterwards,
 * see {@link AutoAssign}). Should Redis lose its data, {@link #rebuild} recounts the open
 * conversations per agent and who holds which from PostgreSQL; online sets come back with the
 * agents' next heartbeats; while the hub runs, {@link AutoAssign#reconcile} (every period, one node)
 * {@link #recount}s them and puts waiting conversations and online agents back.
 */
public final class Assigner {

  /** An assignment decision: to {@code agentId}, or queued ({@code agentId} null). */
  public record Decision(Long agentId, boolean fresh) {
    public boolean queued() {
      return agentId == null;
    }
  }

  /** The outcome of {@link #release}: whether this call freed the slot, and what the agent got from the queues. */
  public record Released(boolean freed, List<Long> given) {}

  /** Gives the agent queued conversations, oldest first, while they are online in a team and have room. */
  private static final String DRAIN = """
      local PENDING = '9000000000000000'
      local function drain(agent, firstPair)
        local got = {}
        local cap = tonumber(redis.call('HGET', KEYS[2], agent) or '0')
        while tonumber(redis.call('HGET', KEYS[1], agent) or '0') < cap do
          local bestQueue, bestConv, bestScore = nil, nil, nil
          for i = firstPair, #KEYS, 2 do
            if redis.call('SISMEMBER', KEYS[i], agent) == 1 then
              local head = redis.call('ZRANGE', KEYS[i + 1], 0, 0, 'WITHSCORES')
              if head[1] and (bestScore == nil or tonumber(head[2]) < bestScore) then
                bestQueue, bestConv, bestScore = KEYS[i + 1], head[1], tonumber(head[2])
              end
            end
          end
          if not bestQueue then break end
          redis.call('ZREM', bestQueue, bestConv)
          redis.call('HDEL', KEYS[4], bestConv)
          redis.call('HINCRBY', KEYS[1], agent, 1)
          redis.call('HSET', KEYS[3], bestConv, agent)
          redis.call('HSET', KEYS[5], bestConv, PENDING)
          got[#got + 1] = bestConv
        end
        return got
      end
      """;

  /**
   * KEYS: open, cap, assigned, waiting, team online, team cursor, team queue, versions.
   * ARGV: conversation, waiting since (ms), preferred agent or "", team id.
   * Returns {agent or "", fresh (1 when this call decided)}.
   */
  private static final String ASSIGN = """
      local conv, since, preferred = ARGV[1], ARGV[2], ARGV[3]
      local held = redis.call('HGET', KEYS[3], conv)
      if held then return {held, 0} end
      local function room(agent)
        return tonumber(redis.call('HGET', KEYS[1], agent) or '0') < tonumber(redis.call('HGET', KEYS[2], agent) or '0')
      end
      local chosen = nil
      if preferred ~= '' and redis.call('SISMEMBER', KEYS[5], preferred) == 1 and room(preferred) then
        chosen = preferred
      else
        -- fewest open first; among equals the first agent id after the cursor, wrapping around
        local cursor = tonumber(redis.call('GET', KEYS[6]) or '0')
        local bestOpen, bestWrapped, bestId = nil, nil, nil
        for _, agent in ipairs(redis.call('SMEMBERS', KEYS[5])) do
          local open = tonumber(redis.call('HGET', KEYS[1], agent) or '0')
          if open < tonumber(redis.call('HGET', KEYS[2], agent) or '0') then
            local id = tonumber(agent)
            local wrapped = id <= cursor and 1 or 0
            if bestOpen == nil or open < bestOpen or (open == bestOpen and (wrapped < bestWrapped
                or (wrapped == bestWrapped and id < bestId))) then
              bestOpen, bestWrapped, bestId, chosen = open, wrapped, id, agent
            end
          end
        end
        if chosen then redis.call('SET', KEYS[6], chosen) end
      end
      if chosen then
        redis.call('HINCRBY', KEYS[1], chosen, 1)
        redis.call('HSET', KEYS[3], conv, chosen)
        redis.call('HSET', KEYS[8], conv, '9000000000000000')
        redis.call('ZREM', KEYS[7], conv)
        redis.call('HDEL', KEYS[4], conv)
        return {chosen, 1}
      end
      local added = redis.call('ZADD', KEYS[7], 'NX', since, conv)
      if added == 1 then redis.call('HSET', KEYS[8], conv, '9000000000000000') end
      redis.call('HSET', KEYS[4], conv, ARGV[4])
      return {'', added}
      """;

  /**
   * KEYS: open, cap, assigned, waiting, versions, then (online, queue) of each of the agent's teams.
   * ARGV: conversation, agent. Frees the agent's slot when they hold the conversation, then gives
   * them the oldest waiting ones while they have room. Returns {freed (1/0), drained...}.
   */
  private static final String RELEASE = DRAIN + """
      local conv, agent = ARGV[1], ARGV[2]
      if redis.call('HGET', KEYS[3], conv) ~= agent then return {0} end
      redis.call('HDEL', KEYS[3], conv)
      if tonumber(redis.call('HINCRBY', KEYS[1], agent, -1)) < 0 then redis.call('HSET', KEYS[1], agent, 0) end
      local out = {1}
      for _, c in ipairs(drain(agent, 6)) do out[#out + 1] = c end
      return out
      """;

  /**
   * KEYS: open, cap, assigned, waiting, versions, then (online, queue) of each of the agent's teams.
   * ARGV: agent, capacity, join (1/0). With join, the agent is online in these teams with this
   * capacity; either way they are given queued conversations while they have room, in the teams
   * they are online in. Returns the conversations they were given.
   */
  private static final String ONLINE = DRAIN + """
      local agent = ARGV[1]
      if ARGV[3] == '1' then
        redis.call('HSET', KEYS[2], agent, ARGV[2])
        for i = 6, #KEYS, 2 do redis.call('SADD', KEYS[i], agent) end
      end
      return drain(agent, 6)
      """;

  /** KEYS: the online set of every team. ARGV: agent. */
  private static final String OFFLINE = """
      for _, key in ipairs(KEYS) do redis.call('SREM', key, ARGV[1]) end
      return 0
      """;

  /**
   * KEYS: open, assigned, waiting, queue of the team it waits in (any key when none), last holders, versions.
   * ARGV: conversation, agent ("" = nobody), resolved (1/0), the change's updated_at (µs).
   * Ignores a snapshot no newer than the last state routing wrote or saw ({@code assigned:version};
   * "pending" while its own write is under way): events reach listeners after the fact, and a
   * conversation's "new, unassigned" snapshot may arrive after it was assigned. Records a change made elsewhere (a
   * manual assignment, an unassignment, a resolve) as PostgreSQL reports it: counts move without a
   * capacity check, since manual assignment always works. A resolved conversation remembers its
   * last holder, so that the snapshot announcing its reopening (still naming that agent) is left to
   * the inbound message's routing, which gives it back to them only when they are online with room.
   * Returns the agent whose slot was freed, or "".
   */
  private static final String TRACK = """
      local conv, agent, resolved = ARGV[1], ARGV[2], ARGV[3]
      local versions = KEYS[6]
      if tonumber(redis.call('HGET', versions, conv) or '0') >= tonumber(ARGV[4]) then return '' end
      redis.call('HSET', versions, conv, ARGV[4])
      local old = redis.call('HGET', KEYS[2], conv)
      local function free()
        redis.call('HDEL', KEYS[2], conv)
        if tonumber(redis.call('HINCRBY', KEYS[1], old, -1)) < 0 then redis.call('HSET', KEYS[1], old, 0) end
        return old
      end
      if resolved == '1' then
        redis.call('ZREM', KEYS[4], conv)
        redis.call('HDEL', KEYS[3], conv)
        if not old then return '' end
        redis.call('HSET', KEYS[5], conv, old)
        return free()
      end
      if agent == '' then
        if not old then return '' end
        return free()
      end
      if old == agent then return '' end
      if not old and redis.call('HGET', KEYS[5], conv) == agent then return '' end
      redis.call('ZREM', KEYS[4], conv)
      redis.call('HDEL', KEYS[3], conv)
      redis.call('HDEL', KEYS[5], conv)
      redis.call('HINCRBY', KEYS[1], agent, 1)
      if old then
        free()
        redis.call('HSET', KEYS[2], conv, agent)
        return old
      end
      redis.call('HSET', KEYS[2], conv, agent)
      return ''
      """;

  /** KEYS: open, assigned, versions. ARGV: conversation, agent, … pairs. Replaces both with PostgreSQL's truth. */
  private static final String REBUILD = """
      redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
      for i = 1, #ARGV, 2 do
        redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
        redis.call('HINCRBY', KEYS[1], ARGV[i + 1], 1)
      end
      return #ARGV / 2
      """;

  /**
   * KEYS: open, assigned, versions. ARGV: conversation, agent, … pairs from PostgreSQL. Replaces who
   * holds what with PostgreSQL's truth, except conversations whose routing write is under way
   * (version "pending": Redis decided, PostgreSQL not yet told), then recounts every agent's open
   * conversations from that. Versions stay, so stale event snapshots stay ignored.
   */
  private static final String RECOUNT = """
      local PENDING = '9000000000000000'
      local held = {}
      for i = 1, #ARGV, 2 do held[ARGV[i]] = ARGV[i + 1] end
      local now = redis.call('HGETALL', KEYS[2])
      for i = 1, #now, 2 do
        if redis.call('HGET', KEYS[3], now[i]) == PENDING then held[now[i]] = now[i + 1] end
      end
      redis.call('DEL', KEYS[1], KEYS[2])
      local n = 0
      for conv, agent in pairs(held) do
        redis.call('HSET', KEYS[2], conv, agent)
        redis.call('HINCRBY', KEYS[1], agent, 1)
        n = n + 1
      end
      return n
      """;

  private final RedisAPI redis;
  private final String base;
  private final RedisScript recount;
  private final RedisScript assign;
  private final RedisScript release;
  private final RedisScript online;
  private final RedisScript offline;
  private final RedisScript track;
  private final RedisScript rebuild;

  public Assigner(RedisAPI redis, String prefix) {
    this.redis = redis;
    this.base = prefix + "{routing}:";
    this.assign = new RedisScript(redis, ASSIGN);
    this.release = new RedisScript(redis, RELEASE);
    this.online = new RedisScript(redis, ONLINE);
    this.offline = new RedisScript(redis, OFFLINE);
    this.track = new RedisScript(redis, TRACK);
    this.rebuild = new RedisScript(redis, REBUILD);
    this.recount = new RedisScript(redis, RECOUNT);
  }

  /**
   * Gives the conversation to an online agent of the team with room (the {@code preferred} one
   * first, when online there with room — a reopened conversation's previous agent), or queues it
   * in the team, ordered by {@code waitingSinceMillis}. {@code fresh} is true for the one call
   * that decided (several nodes may ask about the same event); an already held conversation
   * keeps its agent.
   */
  public Future<Decision> assign(long teamId, long conversationId, long waitingSinceMillis, Long preferred) {
    return assign.call(
            List.of(key("open"), key("cap"), key("assigned"), key("waiting"), online(teamId), key("team:" + teamId + ":cursor"),
                queue(teamId), key("version")),
            List.of(String.valueOf(conversationId), String.valueOf(waitingSinceMillis),
                preferred == null ? "" : String.valueOf(preferred), String.valueOf(teamId)))
        .map(r -> {
          String agent = r.get(0).toString();
          return new Decision(agent.isEmpty() ? null : Long.valueOf(agent), r.get(1).toInteger() == 1);
        });
  }

  /**
   * The agent no longer holds the conversation (resolved, unassigned, handed back): frees their
   * slot and gives them, in the same script, the oldest conversations waiting in their teams
   * while they have room. {@code freed} is false when the agent did not hold it (another node
   * released it first).
   */
  public Future<Released> release(long conversationId, long agentId, List<Long> agentTeams) {
    List<String> keys = new ArrayList<>(List.of(key("open"), key("cap"), key("assigned"), key("waiting"), key("version")));
    addTeams(keys, agentTeams);
    return release.call(keys, List.of(String.valueOf(conversationId), String.valueOf(agentId)))
        .map(r -> new Released(r.get(0).toInteger() == 1, ids(r, 1)));
  }

  /**
   * The agent is online in {@code teams} with this capacity (also after a capacity or team
   * change); returns the waiting conversations they were given, oldest first.
   */
  public Future<List<Long>> online(long agentId, int capacity, List<Long> teams) {
    List<String> keys = new ArrayList<>(List.of(key("open"), key("cap"), key("assigned"), key("waiting"), key("version")));
    addTeams(keys, teams);
    return online.call(keys, List.of(String.valueOf(agentId), String.valueOf(capacity), "1")).map(r -> ids(r, 0));
  }

  /**
   * Gives the agent the oldest conversations waiting in those of {@code teams} they are online in,
   * while they have room (after a slot was freed outside {@link #release}); returns them.
   */
  public Future<List<Long>> drain(long agentId, List<Long> teams) {
    List<String> keys = new ArrayList<>(List.of(key("open"), key("cap"), key("assigned"), key("waiting"), key("version")));
    addTeams(keys, teams);
    return online.call(keys, List.of(String.valueOf(agentId), "0", "0")).map(r -> ids(r, 0));
  }

  /** The agent gets nothing more from these teams (what they hold is handed back by the caller). */
  public Future<Void> offline(long agentId, List<Long> teams) {
    if (teams.isEmpty()) {
      return Future.succeededFuture();
    }
    return offline.call(teams.stream().map(this::online).toList(), List.of(String.valueOf(agentId))).mapEmpty();
  }

  /**
   * Records who holds the conversation now, as PostgreSQL says ({@code agentId} null: nobody);
   * a resolved conversation stops waiting and frees its holder. Returns the agent whose slot this
   * freed, if any (the caller then {@link #drain}s for them).
   */
  public Future<Long> track(long conversationId, Long agentId, boolean resolved, long updatedMicros) {
    return redis.hget(key("waiting"), String.valueOf(conversationId)).compose(team -> {
      String queue = team == null ? key("none") : queue(Long.parseLong(team.toString()));
      return track.call(List.of(key("open"), key("assigned"), key("waiting"), queue, key("last"), key("version")),
          List.of(String.valueOf(conversationId), agentId == null ? "" : String.valueOf(agentId),
              resolved ? "1" : "0", String.valueOf(updatedMicros)));
    }).map(r -> r.toString().isEmpty() ? null : Long.valueOf(r.toString()));
  }

  /**
   * PostgreSQL recorded routing's decision about the conversation at {@code updatedMicros} (its
   * updated_at): snapshots no newer than that are stale from now on, and newer ones count again.
   */
  public Future<Void> recorded(long conversationId, long updatedMicros) {
    return redis.hset(List.of(key("version"), String.valueOf(conversationId), String.valueOf(updatedMicros)))
        .mapEmpty();
  }

  /** Replaces the open counts and holders with PostgreSQL's ({@code conversation id → agent id}). */
  public Future<Integer> rebuild(List<long[]> openAssigned) {
    List<String> args = new ArrayList<>();
    openAssigned.forEach(p -> {
      args.add(String.valueOf(p[0]));
      args.add(String.valueOf(p[1]));
    });
    return rebuild.call(List.of(key("open"), key("assigned"), key("version")), args).map(Response::toInteger);
  }

  /**
   * Brings the open counts and holders back to PostgreSQL's ({@code conversation id → agent id}) while
   * routing runs: decisions whose write to PostgreSQL is under way keep Redis's word. Returns how
   * many conversations are held.
   */
  public Future<Integer> recount(List<long[]> openAssigned) {
    List<String> args = new ArrayList<>();
    openAssigned.forEach(p -> {
      args.add(String.valueOf(p[0]));
      args.add(String.valueOf(p[1]));
    });
    return recount.call(List.of(key("open"), key("assigned"), key("version")), args).map(Response::toInteger);
  }

  /**
   * Whether this node may run the periodic reconcile now: the first to ask holds it for
   * {@code millis} (nobody releases it, so one node at most runs it per period, and a node that dies
   * holding it lets go by itself).
   */
  public Future<Boolean> leaseReconcile(String nodeId, long millis) {
    return redis.set(List.of(key("reconcile"), nodeId, "NX", "PX", String.valueOf(millis))).map(r -> r != null);
  }

  /**
   * Rebuilds from PostgreSQL when Redis has lost the routing data (first start, a flush, a new
   * Redis): the first node to start marks it built, the others leave it alone.
   */
  public Future<Void> rebuildIfLost(Teams teams) {
    return redis.set(List.of(key("built"), "1", "NX")).compose(r -> r == null
        ? Future.succeededFuture()
        : teams.openAssigned().compose(this::rebuild).mapEmpty());
  }

  /** Open conversations per agent as Redis counts them. */
  public Future<Map<Long, Integer>> openCounts() {
    return redis.hgetall(key("open")).map(r -> {
      Map<Long, Integer> out = new HashMap<>();
      for (String k : r.getKeys()) {
        out.put(Long.valueOf(k), r.get(k).toInteger());
      }
      return out;
    });
  }

  /** How many open conversations Redis counts for the agent (manual assignments included). */
  public Future<Integer> openCount(long agentId) {
    return redis.hget(key("open"), String.valueOf(agentId)).map(r -> r == null ? 0 : r.toInteger());
  }

  /** The team's waiting conversations, oldest first. */
  public Future<List<Long>> queued(long teamId) {
    return redis.zrange(List.of(queue(teamId), "0", "-1")).map(r -> ids(r, 0));
  }

  private void addTeams(List<String> keys, List<Long> teams) {
    for (long team : teams) {
      keys.add(online(team));
      keys.add(queue(team));
    }
  }

  private String online(long teamId) {
    return key("team:" + teamId + ":online");
  }

  private String queue(long teamId) {
    return key("team:" + teamId + ":queue");
  }

  private String key(String name) {
    return base + name;
  }

  private static List<Long> ids(Response r, int from) {
    List<Long> out = new ArrayList<>();
    for (int i = from; i < r.size(); i++) {
      out.add(r.get(i).toLong());
    }
    return out;
  }
}
