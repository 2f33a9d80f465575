package dev.courier;

import dev.courier.error.CourierException;
import java.time.Duration;
import java.util.List;

/** Calls several hooks in order; a hook that throws does not stop the others or the call. */
final class Hooks implements Hook {
  static final Hooks NONE = new Hooks(List.of());

  private final List<Hook> hooks;

  Hooks(List<Hook> hooks) {
    this.hooks = List.copyOf(hooks);
  }

  @Override
  public void onRequest(Request request) {
    for (int i = 0; i < hooks.size(); i++) {
      Hook h = hooks.get(i);
      safely(() -> h.onRequest(request));
    }
  }

  @Override
  public void onResponse(Request request, Response response) {
    for (int i = 0; i < hooks.size(); i++) {
      Hook h = hooks.get(i);
      safely(() -> h.onResponse(request, response));
    }
  }

  @Override
  public void onRedirect(Response redirect, Request next) {
    for (int i = 0; i < hooks.size(); i++) {
      Hook h = hooks.get(i);
      safely(() -> h.onRedirect(redirect, next));
    }
  }

  @Override
  public void onRetry(Request request, int retry, Duration wait, String why) {
    for (int i = 0; i < hooks.size(); i++) {
      Hook h = hooks.get(i);
      safely(() -> h.onRetry(request, retry, wait, why));
    }
  }

  @Override
  public void onFailure(Request request, CourierException failure) {
    for (int i = 0; i < hooks.size(); i++) {
      Hook h = hooks.get(i);
      safely(() -> h.onFailure(request, failure));
    }
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      System.getLogger("dev.courier").log(System.Logger.Level.WARNING, "hook threw", e);
    }
  }
}
