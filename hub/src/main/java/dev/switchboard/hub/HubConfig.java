package dev.switchboard.hub;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

/**
 * Everything the hub reads from its environment (DESIGN.md "Configuration"); all optional.
 *
 * @param redisPrefix prefix of every Redis key and channel, so tests and tenants share one Redis
 */
public record HubConfig(
    int httpPort,
    String pgUrl,
    String redisUrl,
    String publicUrl,
    String adminEmail,
    String adminPassword,
    String redisPrefix,
    String nodeId) {

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
        UUID.randomUUID().toString());
  }

  public HubConfig withPort(int port) {
    return new HubConfig(port, pgUrl, redisUrl, publicUrl, adminEmail, adminPassword, redisPrefix, nodeId);
  }

  public HubConfig withPublicUrl(String url) {
    return new HubConfig(httpPort, pgUrl, redisUrl, url, adminEmail, adminPassword, redisPrefix, nodeId);
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
        + redisUrl.replaceAll("//[^@/]*@", "//***@") + ", public=" + publicUrl + ", node=" + nodeId + "]";
  }
}
