package dev.weft.server.mcp;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * DNS rebinding protection: a request that reached a loopback address came from this machine, and
 * must say so in its Host and Origin headers; a page of another site that had its name resolve to
 * 127.0.0.1 still sends that site's name.
 */
final class Rebinding {

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private Rebinding() {}

  /** The name in Host or Origin that is not a loopback one, or null when all is well. */
  static String foreignName(HttpServletRequest request) {
    if (!loopback(request.getLocalAddr())) {
      return null;
    }
    String host = request.getHeader("Host");
    if (host != null && !LOOPBACK.contains(hostPart(host))) {
      return "Host " + host;
    }
    String origin = request.getHeader("Origin");
    if (origin != null && !origin.equals("null")) {
      String name;
      try {
        name = URI.create(origin).getHost();
      } catch (IllegalArgumentException e) {
        name = null;
      }
      if (name == null || !LOOPBACK.contains(name.toLowerCase(Locale.ROOT))) {
        return "Origin " + origin;
      }
    }
    return null;
  }

  /** {@code localhost:8080} is {@code localhost}, {@code [::1]:8080} is {@code [::1]}. */
  private static String hostPart(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private static boolean loopback(String address) {
    try {
      return address != null && InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
