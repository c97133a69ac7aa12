package dev.weft.server;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who makes a request: the user their token names and its scopes.
 *
 * @param user the user, or {@code null} without auth (a local server)
 * @param scopes what the token allows
 * @param address the network address the request came from, or {@code null} when not known
 */
record Caller(String user, Set<Scope> scopes, String address) {

  /** Anyone, on a server without auth: it binds to the loopback address only. */
  static final Caller LOCAL = new Caller(null, EnumSet.allOf(Scope.class));

  Caller {
    scopes = scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes);
  }

  /** A caller from an address not known. */
  Caller(String user, Set<Scope> scopes) {
    this(user, scopes, null);
  }

  /** The same caller, calling from {@code from}. */
  Caller from(String from) {
    return new Caller(user, scopes, from);
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
