package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who a request comes from: a bearer token of the configuration, or a JWT signed with HS256 by the
 * secret the environment gives ({@code sub} is the user; {@code scope} or {@code scopes} the
 * scopes, {@code roles: [admin]} the admin scope). Without tokens or a secret, auth is off and
 * every request is {@link Caller#LOCAL}.
 */
final class Auth {

  /** A token the configuration names: who holds it and what it allows. */
  record Token(String secret, String user, Set<Scope> scopes) {}

  /** Why a request is refused with HTTP 401 and -32001. */
  static final class Unauthorized extends Exception {
    private static final long serialVersionUID = 1L;

    Unauthorized(String reason) {
      super(reason);
    }
  }

  private final List<Token> tokens;
  private final byte[] jwtSecret;
  private final Clock clock;

  Auth(List<Token> tokens, String jwtSecret, Clock clock) {
    this.tokens = List.copyOf(tokens);
    this.jwtSecret = jwtSecret == null ? null : jwtSecret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  boolean enabled() {
    return !tokens.isEmpty() || jwtSecret != null;
  }

  /** The caller of a request with this {@code Authorization} header (or none). */
  Caller authenticate(String authorization) throws Unauthorized {
    if (!enabled()) {
      return Caller.LOCAL;
    }
    if (authorization == null || authorization.isBlank()) {
      throw new Unauthorized("no token: send Authorization: Bearer TOKEN");
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new Unauthorized("the Authorization header must be 'Bearer TOKEN'");
    }
    String presented = authorization.substring(7).trim();
    byte[] digest = sha256(presented);
    Token match = null;
    for (Token t : tokens) { // every one compared, in constant time
      if (MessageDigest.isEqual(digest, sha256(t.secret())) && match == null) {
        match = t;
      }
    }
    if (match != null) {
      return new Caller(match.user(), match.scopes());
    }
    if (jwtSecret != null && presented.chars().filter(c -> c == '.').count() == 2) {
      return jwt(presented);
    }
    throw new Unauthorized("the token is not valid");
  }

  private Caller jwt(String token) throws Unauthorized {
    String[] parts = token.split("\\.", -1);
    JsonNode header;
    JsonNode claims;
    byte[] signature;
    try {
      Base64.Decoder b64 = Base64.getUrlDecoder();
      header = Jsons.MAPPER.readTree(b64.decode(parts[0]));
      claims = Jsons.MAPPER.readTree(b64.decode(parts[1]));
      signature = b64.decode(parts[2]);
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw new Unauthorized("the token is not a JWT");
    }
    if (header == null || !"HS256".equals(header.path("alg").asText())) {
      throw new Unauthorized("the JWT must be signed with HS256");
    }
    byte[] expected = hmac((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    if (!MessageDigest.isEqual(expected, signature)) {
      throw new Unauthorized("the JWT's signature is not valid");
    }
    long now = clock.instant().getEpochSecond();
    if (claims == null || !claims.isObject()) {
      throw new Unauthorized("the JWT has no claims");
    }
    if (claims.has("exp") && (!claims.get("exp").isNumber() || claims.get("exp").asLong() <= now)) {
      throw new Unauthorized("the JWT has expired");
    }
    if (claims.has("nbf") && claims.get("nbf").isNumber() && claims.get("nbf").asLong() > now) {
      throw new Unauthorized("the JWT is not valid yet");
    }
    String user = claims.path("sub").asText("");
    if (user.isBlank()) {
      throw new Unauthorized("the JWT names no user (sub)");
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    try {
      if (claims.path("scope").isTextual()) {
        for (String s : claims.get("scope").asText().split("\\s+")) {
          if (!s.isBlank()) {
            scopes.add(Scope.of(s));
          }
        }
      }
      for (JsonNode s : claims.path("scopes")) {
        scopes.add(Scope.of(s.asText()));
      }
    } catch (IllegalArgumentException e) {
      throw new Unauthorized("the JWT " + e.getMessage());
    }
    for (JsonNode role : claims.path("roles")) {
      if ("admin".equals(role.asText())) {
        scopes.add(Scope.ADMIN);
      }
    }
    if (scopes.isEmpty()) {
      scopes = EnumSet.of(Scope.READ, Scope.SUBMIT);
    }
    return new Caller(user, scopes);
  }

  private byte[] hmac(byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(jwtSecret, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
