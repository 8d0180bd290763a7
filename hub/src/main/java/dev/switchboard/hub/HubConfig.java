package dev.switchboard.hub;

import dev.switchboard.hub.bots.BotRetention;
import java.net.URI;
import java.util.Map;
import java.util.UUID;

/**
 * Everything the hub reads from its environment (DESIGN.md "Configuration"); all optional.
 *
 * @param redisPrefix prefix of every Redis key and channel, so tests and tenants share one Redis
 * @param trustedProxies comma-separated addresses or CIDRs whose {@code X-Forwarded-For} is believed
 * @param metricsToken when set, {@code GET /metrics} wants {@code Authorization: Bearer} this
 * @param maxConnectionsPerAddress open connections one client address may hold on one node
 * @param allowPrivateWebhooks bots' webhook URLs may point into private networks (loopback, RFC 1918,
 *     link-local): {@code SWITCHBOARD_ALLOW_PRIVATE_WEBHOOKS=true}, for a hub and its bots on one host
 * @param embeddingsUrl the assistant's embedder ({@code POST /embed}); null: knowledge-base search is full text only
 * @param embeddingsSecret the shared secret the embedder wants in {@code x-switchboard-secret}
 * @param botRetention how long delivered and dead bot events and bot audit entries are kept
 *     ({@code SWITCHBOARD_BOT_*_RETENTION_DAYS})
 */
public record HubConfig(
    int httpPort,
    String pgUrl,
    String redisUrl,
    String publicUrl,
    String adminEmail,
    String adminPassword,
    String redisPrefix,
    String nodeId,
    String trustedProxies,
    String metricsToken,
    int maxConnectionsPerAddress,
    boolean allowPrivateWebhooks,
    String embeddingsUrl,
    String embeddingsSecret,
    BotRetention botRetention) {

  /** Far above an office behind one NAT (a few connections per browser, one socket per open widget). */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;

  /** Without proxies and metrics token: a node reached directly. */
  public HubConfig(int httpPort, String pgUrl, String redisUrl, String publicUrl, String adminEmail,
      String adminPassword, String redisPrefix, String nodeId) {
    this(httpPort, pgUrl, redisUrl, publicUrl, adminEmail, adminPassword, redisPrefix, nodeId, null, null,
        DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, false, null, null, BotRetention.DEFAULT);
  }

  public static HubConfig fromEnvironment(Map<String, String> env) {
    int port = Integer.parseInt(env.getOrDefault("SWITCHBOARD_HTTP_PORT", "8080"));
    return new HubConfig(
        port,
        env.getOrDefault("SWITCHBOARD_PG_URL", "postgresql://localhost:5432/switchboard"),
        env.getOrDefault("SWITCHBOARD_REDIS_URL", "redis://localhost:6379"),
        env.getOrDefault("SWITCHBOARD_PUBLIC_URL", "http://localhost:" + port),
        env.get("SWITCHBOARD_ADMIN_EMAIL"),
        env.get("SWITCHBOARD_ADMIN_PASSWORD"),
        env.getOrDefault("SWITCHBOARD_REDIS_PREFIX", "sb:"),
        UUID.randomUUID().toString(),
        env.get("SWITCHBOARD_TRUSTED_PROXIES"),
        env.get("SWITCHBOARD_METRICS_TOKEN"),
        Integer.parseInt(env.getOrDefault("SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS",
            String.valueOf(DEFAULT_MAX_CONNECTIONS_PER_ADDRESS))),
        "true".equalsIgnoreCase(env.get("SWITCHBOARD_ALLOW_PRIVATE_WEBHOOKS")),
        env.get("SWITCHBOARD_EMBEDDINGS_URL"),
        env.get("SWITCHBOARD_EMBEDDINGS_SECRET"),
        BotRetention.fromEnvironment(env));
  }

  public HubConfig withPort(int port) {
    return new HubConfig(port, pgUrl, redisUrl, publicUrl, adminEmail, adminPassword, redisPrefix, nodeId,
        trustedProxies, metricsToken, maxConnectionsPerAddress, allowPrivateWebhooks, embeddingsUrl, embeddingsSecret, botRetention);
  }

  public HubConfig withPublicUrl(String url) {
    return new HubConfig(httpPort, pgUrl, redisUrl, url, adminEmail, adminPassword, redisPrefix, nodeId,
        trustedProxies, metricsToken, maxConnectionsPerAddress, allowPrivateWebhooks, embeddingsUrl, embeddingsSecret, botRetention);
  }

  public HubConfig withTrustedProxies(String proxies) {
    return new HubConfig(httpPort, pgUrl, redisUrl, publicUrl, adminEmail, adminPassword, redisPrefix, nodeId,
        proxies, metricsToken, maxConnectionsPerAddress, allowPrivateWebhooks, embeddingsUrl, embeddingsSecret, botRetention);
  }

  public HubConfig withMetricsToken(String token) {
    return new HubConfig(httpPort, pgUrl, redisUrl, publicUrl, adminEmail, adminPassword, redisPrefix, nodeId,
        trustedProxies, token, maxConnectionsPerAddress, allowPrivateWebhooks, embeddingsUrl, embeddingsSecret, botRetention);
  }

  public HubConfig withPrivateWebhooks(boolean allow) {
    return new HubConfig(httpPort, pgUrl, redisUrl, publicUrl, adminEmail, adminPassword, redisPrefix, nodeId,
        trustedProxies, metricsToken, maxConnectionsPerAddress, allow, embeddingsUrl, embeddingsSecret, botRetention);
  }

  /** With the assistant's embedder at {@code url} (null: none). */
  public HubConfig withEmbeddings(String url, String secret) {
    return new HubConfig(httpPort, pgUrl, redisUrl, publicUrl, adminEmail, adminPassword, redisPrefix, nodeId,
        trustedProxies, metricsToken, maxConnectionsPerAddress, allowPrivateWebhooks, url, secret, botRetention);
  }

  /** The database name in {@link #pgUrl()}, for messages and set-up. */
  public String databaseName() {
    String path = URI.create(pgUrl).getPath();
    return path == null || path.length() < 2 ? "postgres" : path.substring(1);
  }

  @Override
  public String toString() {
    // never print the admin password
    return "HubConfig[port=" + httpPort + ", pg=" + pgUrl.replaceAll("//[^@/]*@", "//***@") + ", redis="
        + redisUrl.replaceAll("//[^@/]*@", "//***@") + ", public=" + publicUrl + ", node=" + nodeId
        + ", trusted proxies=" + trustedProxies + ", private webhooks=" + allowPrivateWebhooks
        + ", embeddings=" + embeddingsUrl + ", bot retention=" + botRetention + "]";
  }
}
