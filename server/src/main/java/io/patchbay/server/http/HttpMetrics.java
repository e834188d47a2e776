package io.patchbay.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Request counts and latencies by status class, and gauges the server registers, in the
 * Prometheus text format at {@code GET /metrics}.
 *
 * <p><b>Note:</b> no label carries an account, a call or a number, so the endpoint reveals
 * nothing about any tenant; it is open, as Prometheus scrapers expect.
 */
public final class HttpMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter[] byClass = new Counter[6];
  private final Timer latency;

  public HttpMetrics() {
    for (int c = 1; c <= 5; c++) {
      byClass[c] = Counter.builder("patchbay_http_responses")
          .description("HTTP responses written, by status class")
          .tag("status", c + "xx")
          .register(registry);
    }
    latency = Timer.builder("patchbay_http_latency")
        .description("Time from the request's arrival to its response")
        .publishPercentiles(0.5, 0.99)
        .register(registry);
  }

  /** Counts one response. */
  public void record(int status, long nanos) {
    int c = status / 100;
    if (c >= 1 && c <= 5) {
      byClass[c].increment();
    }
    if (nanos >= 0) {
      latency.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Publishes {@code value} as a gauge named {@code name}. */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  /** The Prometheus text of every meter. */
  public String scrape() {
    return registry.scrape();
  }
}
