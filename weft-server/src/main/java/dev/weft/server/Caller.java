package dev.weft.server;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who makes a request: the user their token names and its scopes, and the trace the request is part
 * of.
 *
 * @param user the user, or {@code null} without auth (a local server)
 * @param scopes what the token allows
 * @param address the network address the request came from, or {@code null} when not known
 * @param traceparent the request's W3C {@code traceparent} header, or {@code null}: a run it
 *     submits joins that trace
 * @param tracestate the request's W3C {@code tracestate} header, or {@code null}
 */
record Caller(
    String user, Set<Scope> scopes, String address, String traceparent, String tracestate) {

  /** Anyone, on a server without auth: it binds to the loopback address only. */
  static final Caller LOCAL = new Caller(null, EnumSet.allOf(Scope.class));

  Caller {
    scopes = scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes);
  }

  /** A caller from an address not known, outside any trace. */
  Caller(String user, Set<Scope> scopes) {
    this(user, scopes, null, null, null);
  }

  /** The same caller, calling from {@code from}. */
  Caller from(String from) {
    return new Caller(user, scopes, from, traceparent, tracestate);
  }

  /** The same caller, in the trace of these W3C headers (either may be {@code null}). */
  Caller inTrace(String traceparent, String tracestate) {
    return new Caller(user, scopes, address, traceparent, tracestate);
  }

  boolean admin() {
    return scopes.contains(Scope.ADMIN);
  }

  /** Whether the token allows {@code needed}: admin allows all, submit allows read. */
  boolean allows(Scope needed) {
    return admin()
        || scopes.contains(needed)
        || (needed == Scope.READ && scopes.contains(Scope.SUBMIT));
  }

  /** Whether this caller may see and change what {@code owner} owns. */
  boolean mayAccess(String owner) {
    return admin() || (user != null && user.equals(owner));
  }
}
