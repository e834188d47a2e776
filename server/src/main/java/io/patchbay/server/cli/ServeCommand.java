package io.patchbay.server.cli;

import io.patchbay.core.account.Region;
import io.patchbay.server.Patchbay;
import io.patchbay.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code patchbay serve}: runs the server until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start Patchbay: the CCM v2 API on HTTP and HTTPS, with the simulator.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "${env:PATCHBAY_DATA:-./data}",
      description = "Data folder (env PATCHBAY_DATA; default ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--host", defaultValue = "${env:PATCHBAY_HOST:-127.0.0.1}",
      description = "Address to listen on (env PATCHBAY_HOST; default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--http-port", defaultValue = "${env:PATCHBAY_HTTP_PORT:-8080}",
      description = "HTTP port, 0 for any, -1 for none (env PATCHBAY_HTTP_PORT; "
          + "default ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--https-port", defaultValue = "${env:PATCHBAY_HTTPS_PORT:-8443}",
      description = "HTTPS port, 0 for any, -1 for none (env PATCHBAY_HTTPS_PORT; "
          + "default ${DEFAULT-VALUE}).")
  int httpsPort;

  @Option(names = "--speed", defaultValue = "${env:PATCHBAY_SPEED:-1}",
      description = "Simulated time speed: 1 is real time, 10 is ten times faster, 0 is a "
          + "manual clock advanced through the control plane (env PATCHBAY_SPEED; "
          + "default ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--region", defaultValue = "${env:PATCHBAY_REGION:-singapore}",
      description = "Region of requests to hosts no region claims, such as localhost, and of "
          + "the demo account (env PATCHBAY_REGION; default ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--rate-limit", defaultValue = "${env:PATCHBAY_RATE_LIMIT:-200}",
      description = "Requests per minute per account, 0 for no limit (env PATCHBAY_RATE_LIMIT;"
          + " default ${DEFAULT-VALUE}).")
  int rateLimit;

  @Option(names = "--no-demo", description = "Do not create the demo account.")
  boolean noDemo;

  @Option(names = "--store", defaultValue = "${env:PATCHBAY_STORE:-}",
      description = "Where the data lives: a jdbc:postgresql://host:port/db?user=...&password=..."
          + " URL, or empty for the SQLite file in --data (env PATCHBAY_STORE).")
  String store;

  @Option(names = "--callback-retries", defaultValue = "${env:PATCHBAY_CALLBACK_RETRIES:-2}",
      description = "Retries of a failed status callback, 0 to 20 (env "
          + "PATCHBAY_CALLBACK_RETRIES; default ${DEFAULT-VALUE}, as the real service).")
  int callbackRetries;

  @Option(names = "--callback-allow-hosts", split = ",",
      defaultValue = "${env:PATCHBAY_CALLBACK_ALLOW_HOSTS:-}",
      description = "Comma-separated host patterns status callbacks may go to; empty for any "
          + "(env PATCHBAY_CALLBACK_ALLOW_HOSTS). See docs/callbacks.md.")
  List<String> callbackAllowHosts;

  @Option(names = "--store-pool-size", defaultValue = "${env:PATCHBAY_STORE_POOL_SIZE:-10}",
      description = "Most PostgreSQL connections (env PATCHBAY_STORE_POOL_SIZE; "
          + "default ${DEFAULT-VALUE}).")
  int storePoolSize;

  @Override
  public Integer call() throws Exception {
    ServerConfig config = new ServerConfig(data, host, httpPort, httpsPort, speed,
        Region.parse(region), Map.of(), rateLimit, !noDemo, store, storePoolSize,
        callbackRetries, callbackAllowHosts == null ? List.of()
            : callbackAllowHosts.stream().filter(h -> !h.isBlank()).toList());
    Patchbay patchbay = Patchbay.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      patchbay.close();
      stopped.countDown();
    }, "patchbay-shutdown"));
    Banner.print(System.out, patchbay);
    stopped.await();
    return 0;
  }
}
