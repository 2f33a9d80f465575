package dev.courier;

import dev.courier.error.CourierException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Retries, redirects and auth challenges for one call (the second step of the chain).
 *
 * <p>Each loop sends one attempt: auth is applied only while the call is still on its first
 * origin (leaving it, or going from https to http, turns credentials off for the rest of the
 * call, even if a later redirect comes back); the answer may be a 401 the auth can answer (at
 * most twice), a retryable status or failure (per {@link Retry}), a redirect (per
 * {@link Redirects}), or final. Bodies of responses we move past are closed without being decoded,
 * so a compressed bomb on a 302 is never inflated. The total deadline is checked before each
 * attempt and bounds each wait.
 */
final class FollowUpStep implements Step {
  private static final System.Logger LOG = System.getLogger("dev.courier");

  /** Most auth challenges answered in one call: the first, and one stale-nonce renewal. */
  static final int MAX_CHALLENGES = 2;

  private final Set<String> scopedHeaders;

  /** One per session: the call's settings come with the chain. */
  FollowUpStep(Set<String> scopedHeaders) {
    this.scopedHeaders = scopedHeaders;
  }

  @Override
  public Response intercept(CallContext call, int nextStep, Request request) {
    List<Response> history = List.of(); // made on the first redirect
    boolean trusted = true;
    int retries = 0;
    int challenges = 0;
    Request override = null; // a request an auth challenge produced, sent as is
    boolean sent = false; // whether an attempt may have reached the server: the deadline's exception says so
    while (true) {
      String url = request.url().redacted();
      call.checkDeadline(url, sent);
      Request attempt = override != null ? override
          : trusted && call.auth != null ? call.auth.apply(request) : request;
      override = null;
      call.hooks.onRequest(attempt);

      Response response;
      try {
        response = call.proceed(nextStep, attempt);
      } catch (CourierException failure) {
        sent |= failure.mayHaveReachedServer();
        Duration wait = call.retry.backoff(retries);
        // an interrupted caller is being cancelled: its failure is final, whatever the policy says
        if (!Thread.currentThread().isInterrupted() && call.retry.shouldRetry(attempt.method(), failure, retries)
            && replayable(attempt) && fitsDeadline(call, wait)) {
          retries++;
          pause(call, attempt, retries, wait, failure.getMessage(), url, sent);
          continue;
        }
        call.hooks.onFailure(attempt, failure);
        throw failure;
      }
      sent = true;
      call.hooks.onResponse(attempt, response);
      int status = response.statusCode();

      if (status == 401 && trusted && call.auth != null && challenges < MAX_CHALLENGES && replayable(attempt)) {
        Optional<Request> answer = call.auth.onChallenge(attempt, response);
        if (answer.isPresent()) {
          challenges++;
          response.close();
          override = answer.get();
          continue;
        }
      }

      if (call.retry.retriesStatus(status) && replayable(attempt)) { // the clock read only when it may matter
        Optional<Duration> wait = call.retry.delayForStatus(attempt.method(), status, response.headers(), retries,
            call.clock.instant());
        if (wait.isPresent() && fitsDeadline(call, wait.get())) {
          retries++;
          response.close();
          pause(call, attempt, retries, wait.get(), "status " + status, url, true);
          continue;
        }
      }

      if (call.followRedirects && Redirects.isRedirect(status) && response.headers().contains("Location")) {
        if (history.size() >= call.maxRedirects) {
          response.close();
          history = added(history, asHistory(response));
          TooManyRedirectsException e = new TooManyRedirectsException(call.maxRedirects, history, url);
          call.hooks.onFailure(attempt, e);
          throw e;
        }
        Request next;
        try {
          next = Redirects.next(request, response.withRequest(request), scopedHeaders).orElseThrow();
        } catch (CourierException e) {
          response.close();
          call.hooks.onFailure(attempt, e);
          throw e;
        }
        response.close();
        call.hooks.onRedirect(response, next);
        history = added(history, asHistory(response));
        trusted = trusted && !Redirects.leavesTrust(request.url(), next.url());
        request = next;
        continue;
      }
      if (Redirects.isRedirect(status) && response.headers().contains("Location")) {
        // not followed: keep what Response.next() needs (the request before auth and the bridge)
        response = response.withFollowUp(new Response.FollowUp(request, scopedHeaders));
      }
      return history.isEmpty() ? response : response.withHistory(history);
    }
  }

  /** {@code history} with {@code r} added: a mutable list from the first redirect on. */
  private static List<Response> added(List<Response> history, Response r) {
    List<Response> list = history.isEmpty() ? new ArrayList<>() : history;
    list.add(r);
    return list;
  }

  /** A redirect kept in history: head only, its body closed and empty. */
  private static Response asHistory(Response r) {
    return r.withBody(ResponseBody.of(new byte[0]));
  }

  private static boolean replayable(Request r) {
    return r.body().map(Body::isReplayable).orElse(true);
  }

  private static boolean fitsDeadline(CallContext call, Duration wait) {
    return !call.hasDeadline() || wait.compareTo(call.remaining()) < 0;
  }

  private static void pause(CallContext call, Request attempt, int retry, Duration wait, String why, String url,
      boolean sent) {
    if (!fitsDeadline(call, wait)) {
      throw call.deadlineExceeded(url, sent, null);
    }
    LOG.log(System.Logger.Level.INFO, "retry {0} of {1} in {2} ms: {3}", retry, attempt, wait.toMillis(), why);
    call.hooks.onRetry(attempt, retry, wait, why);
    try {
      call.sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CourierException("interrupted while waiting to retry", url, sent, e);
    }
  }
}
