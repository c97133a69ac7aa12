package dev.weft.server;

import java.util.ArrayList;
import java.util.List;

/**
 * Weft's own methods: what the task API lacks (see docs/api.md): runs and their manifests, and the
 * store's schedules, workers and cache.
 */
final class WeftMethods {

  private final Api api;

  WeftMethods(Api api) {
    this.api = api;
  }

  List<RpcMethod> methods() {
    Manifests manifests = new Manifests(api);
    List<RpcMethod> m = new ArrayList<>(new RunMethods(api, manifests).methods());
    m.addAll(new StoreMethods(api, manifests).methods());
    m.addAll(new PipelineMethods(api).methods());
    return m;
  }
}
