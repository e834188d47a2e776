package io.patchbay.server;

import io.patchbay.core.account.Account;
import io.patchbay.core.account.Sids;
import io.patchbay.server.call.CallRoutes;
import io.patchbay.server.call.CallService;
import io.patchbay.server.callbacks.CallbackRoutes;
import io.patchbay.server.callbacks.CallbackSettings;
import io.patchbay.server.callbacks.Callbacks;
import io.patchbay.server.cluster.Cluster;
import io.patchbay.server.cluster.Peers;
import io.patchbay.server.demo.DemoAccount;
import io.patchbay.server.demo.DemoFiles;
import io.patchbay.server.http.ApiServer;
import io.patchbay.server.http.Authenticator;
import io.patchbay.server.http.RateLimiter;
import io.patchbay.server.http.Regions;
import io.patchbay.server.recordings.Recordings;
import io.patchbay.server.call.InboundCalls;
import io.patchbay.server.flows.DirectoryRoutes;
import io.patchbay.server.flows.FlowRoutes;
import io.patchbay.server.sandbox.CallScriptRoutes;
import io.patchbay.server.sandbox.Faults;
import io.patchbay.server.sandbox.RateLimitRoutes;
import io.patchbay.server.sandbox.SandboxRoutes;
import io.patchbay.server.tls.LocalCertificates;
import io.patchbay.server.users.UserRoutes;
import io.patchbay.store.Store;
import io.patchbay.store.jdbc.Stores;
import io.patchbay.telephony.call.DriverSettings;
import io.patchbay.telephony.sim.Behaviours;
import io.patchbay.telephony.sim.Simulator;
import io.patchbay.telephony.time.Timelines;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Patchbay: store, clocks, simulator, call service and HTTP listeners, wired once.
 * {@link #start} returns when the listeners are bound; {@link #close} stops everything.
 */
public final class Patchbay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Patchbay.class);

  private final ServerConfig config;
  private final Store store;
  private final Timelines timelines;
  private final Behaviours behaviours;
  private final Callbacks callbacks;
  private final CallService calls;
  private final Vertx vertx;
  private final ApiServer api;
  private final LocalCertificates certificates;
  private final String adminToken;
  private final Recordings recordings;
  private volatile ApiServer.Ports ports;
  private final DemoAccount createdDemo;
  private final int recovered;
  private final Cluster cluster;
  private final String nodeId;
  private final AtomicInteger finished = new AtomicInteger();
  private final FolderLock folderLock;

  private Patchbay(ServerConfig config) {
    this.config = config;
    Clock wall = Clock.systemUTC();
    // SQLite serves one process; PostgreSQL may serve several nodes at once.
    boolean shared = config.storeLocation().startsWith("jdbc:postgresql:");
    this.folderLock = shared ? null : FolderLock.acquire(config.dataDir());
    try {
      this.store = Stores.open(config.storeLocation(), config.storePoolSize());
    } catch (RuntimeException e) {
      FolderLock.release(folderLock);
      throw e;
    }
    this.nodeId = Cluster.newNodeId();
    Cluster joined = null;
    try {
      // Without HTTPS nothing reads the certificates: neither make nor check them then.
      this.certificates = config.httpsPort() < 0 ? LocalCertificates.locate(config.dataDir())
          : LocalCertificates.ensure(config.dataDir());
      this.adminToken = adminToken(config.dataDir());
      this.createdDemo = config.demo() && store.accounts().isEmpty()
          ? DemoAccount.create(store, config.defaultRegion(), wall) : null;
      if (createdDemo != null) {
        DemoFiles.write(config.dataDir(), createdDemo);
      }
      this.timelines = new Timelines(wall, config.speed(), store::latestActivity,
          new StoredClocks(store));
      this.behaviours = new Behaviours();
      this.callbacks = new Callbacks(store, timelines, CallbackSettings.defaults()
          .withRetries(config.callbackRetries()).withAllowHosts(config.callbackAllowHosts()),
          nodeId);
      Simulator engine = new Simulator(timelines::of, behaviours);
      this.recordings = Recordings.create(config.dataDir(), wall, Duration.ofHours(1));
      this.calls = new CallService(store, timelines, engine,
          DriverSettings.defaults(), sid -> store.account(sid).orElseThrow(), callbacks,
          recordings, this::publicBaseUrl, nodeId);
      joined = Cluster.start(store, nodeId, !shared, this::takeOver);
      this.cluster = joined;
      this.recovered = finished.get();

      this.vertx = Vertx.vertx();
      RateLimiter limiter = new RateLimiter(wall, config.rateLimit());
      this.api = new ApiServer(vertx, new Authenticator(store),
          new Regions(config.regionHosts(), config.defaultRegion()),
          limiter, adminToken);
      api.metrics().gauge("patchbay_live_calls", "Calls this process drives now",
          calls::liveCount);
      CallRoutes.register(api, calls);
      Recordings.register(api, recordings);
      CallbackRoutes.register(api, callbacks);
      api.onReplyWritten(callbacks::written);
      UserRoutes.register(api, store, wall);
      Faults faults = new Faults();
      api.faults(faults);
      Peers peers = Peers.create(store, nodeId, adminToken, shared);
      SandboxRoutes.register(api, store, timelines, behaviours, calls, faults, peers);
      UserRoutes.registerSandbox(api, store);
      RateLimitRoutes.register(api, store, limiter, peers);
      FlowRoutes.register(api, store);
      DirectoryRoutes.register(api, store);
      CallScriptRoutes.register(api, store, calls, new InboundCalls(store, timelines, engine,
          DriverSettings.defaults(), calls), peers);
      this.ports = api.listen(config.host(), config.httpPort(), config.httpsPort(),
          certificates.serverCertPath().toString(), certificates.serverKeyPath().toString());
      if (ports.http() > 0) {
        peers.advertise(Peers.controlUrl(config.host(), ports.http()));
      }
    } catch (RuntimeException e) {
      if (joined != null) {
        joined.close();
      }
      store.close();
      FolderLock.release(folderLock);
      throw e;
    }
    LOG.info("Patchbay listening on http {} and https {} with the store {}", ports.http(),
        ports.https(), store.describe());
  }

  /**
   * Takes over a call whose node stopped: finishes it if it is live, and delivers its pending
   * callbacks from now on.
   */
  private void takeOver(String callSid) {
    store.callBySid(callSid).ifPresent(stored -> {
      if (calls.finish(stored)) {
        finished.incrementAndGet();
        LOG.info("{} - finished by node {}: the node driving it stopped", callSid,
            nodeId);
      }
      callbacks.resume(stored.call().accountSid(), callSid);
    });
  }

  /**
   * Starts Patchbay.
   *
   * @throws IllegalStateException if a port cannot be bound
   * @throws io.patchbay.store.StoreException if the store cannot be opened
   */
  public static Patchbay start(ServerConfig config) {
    return new Patchbay(config);
  }

  private static String adminToken(Path dataDir) {
    Path file = dataDir.resolve("admin-token");
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      String token = Sids.newApiToken();
      // On PostgreSQL without HTTPS nothing else has made the data folder yet.
      Files.createDirectories(dataDir);
      Files.writeString(file, token + "\n");
      DemoFiles.restrict(file);
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  /**
   * The base URL of links Patchbay hands out (recordings): HTTPS on localhost when it listens,
   * else plain HTTP.
   */
  public String publicBaseUrl() {
    ApiServer.Ports p = ports;
    if (p == null) {
      return "http://localhost";
    }
    return p.https() > 0 ? "https://localhost:" + p.https() : "http://localhost:" + p.http();
  }

  public Recordings recordings() {
    return recordings;
  }

  public ServerConfig config() {
    return config;
  }

  public Store store() {
    return store;
  }

  public Timelines timelines() {
    return timelines;
  }

  public Behaviours behaviours() {
    return behaviours;
  }

  /** Status callbacks: the outbox and its delivery. */
  public Callbacks callbacks() {
    return callbacks;
  }

  public ApiServer.Ports ports() {
    return ports;
  }

  public LocalCertificates certificates() {
    return certificates;
  }

  public String adminToken() {
    return adminToken;
  }

  /** The demo account, when this start created it (its token is known only then). */
  public Optional<DemoAccount> createdDemo() {
    return Optional.ofNullable(createdDemo);
  }

  /** This process's node id in the store (the owner of the calls it creates). */
  public String nodeId() {
    return nodeId;
  }

  /** How many calls left live by an earlier process were finished at this start. */
  public int recovered() {
    return recovered;
  }

  /** The account with {@code sid}. */
  public Optional<Account> account(String sid) {
    return store.account(sid);
  }

  @Override
  public void close() {
    stop(true);
  }

  /**
   * Stops as if the process had died (for tests of several nodes): listeners, timers and the
   * heartbeat stop, but live calls are left live and the node's heartbeat stays in the store,
   * so another node takes them over once it is stale.
   */
  public void crash() {
    stop(false);
  }

  /** Stops; {@code clean} also removes this node's heartbeat, handing its calls over at once. */
  private void stop(boolean clean) {
    api.close();
    cluster.halt();
    callbacks.close();
    timelines.close();
    if (clean) {
      cluster.close();
    }
    try {
      vertx.close().await();
    } catch (Exception e) {
      LOG.warn("closing Vert.x failed: {}", e.toString());
    }
    store.close();
    FolderLock.release(folderLock);
  }
}
