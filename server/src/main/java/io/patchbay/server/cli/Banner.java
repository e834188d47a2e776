package io.patchbay.server.cli;

import io.patchbay.server.Patchbay;
import io.patchbay.server.demo.DemoAccount;
import io.patchbay.server.demo.DemoFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What {@code patchbay serve} prints once it listens. */
final class Banner {
  private Banner() {}

  static void print(PrintStream out, Patchbay p) {
    String http = "http://localhost:" + p.ports().http();
    String https = "https://localhost:" + p.ports().https();
    Path ca = p.certificates().caCertPath().toAbsolutePath();
    Path data = p.config().dataDir().toAbsolutePath();

    out.println("Patchbay is running.");
    if (p.ports().http() > 0) {
      out.println("  HTTP   " + http);
    }
    if (p.ports().https() > 0) {
      out.println("  HTTPS  " + https);
    }
    out.println("  Data   " + data);
    out.println("  Store  " + p.store().describe());
    out.println("  Clock  " + (p.config().speed() == 0
        ? "manual (advance it through the control plane)"
        : "speed " + p.config().speed()));
    if (p.recovered() > 0) {
      out.println("  Finished " + p.recovered() + " call(s) left live by the last run.");
    }
    out.println();
    if (p.ports().https() > 0) {
      // Without HTTPS the certificates are neither made nor needed (they may not exist).
      out.println("Local CA: " + ca);
      out.println("  export CURL_CA_BUNDLE=" + ca + "        # curl");
      out.println("  export REQUESTS_CA_BUNDLE=" + ca + "    # Python requests");
      out.println("  export SSL_CERT_FILE=" + ca + "         # Python httpx, OpenSSL");
      out.println("  export NODE_EXTRA_CA_CERTS=" + ca + "   # Node.js");
      out.println();
    }
    out.println("Control plane admin token: " + data.resolve("admin-token"));
    out.println();
    String preferred = p.ports().https() > 0 ? https : http;
    List<String> bases = new ArrayList<>();
    if (p.ports().http() > 0) {
      bases.add(http);
    }
    if (p.ports().https() > 0) {
      bases.add(https);
    }
    p.createdDemo().ifPresentOrElse(demo -> demo(out, demo, bases, preferred, data),
        () -> out.println("Demo account: see " + data.resolve(DemoFiles.FILE)));
    out.flush();
  }

  private static void demo(PrintStream out, DemoAccount d, List<String> bases, String preferred,
      Path data) {
    out.println("Demo account (also in " + data.resolve(DemoFiles.FILE) + "):");
    out.println("  account_sid     " + d.accountSid());
    out.println("  api_key         " + d.apiKey());
    out.println("  api_token       " + d.apiToken());
    out.println("  region          " + d.region().id());
    for (DemoAccount.Agent a : d.agents()) {
      out.println("  agent           " + a.name() + "  user_id " + a.userId()
          + "  device " + a.contactUri());
    }
    out.println("  virtual_number  " + d.virtualNumber());
    for (int i = 0; i < bases.size(); i++) {
      out.println((i == 0 ? "  base URLs       " : "                  ") + bases.get(i)
          + "/v2/accounts/" + d.accountSid());
    }
    out.println();
    out.println("Make a call:");
    out.println("  curl -s -X POST " + preferred.replace("://", "://" + d.apiKey() + ":"
        + d.apiToken() + "@") + "/v2/accounts/" + d.accountSid() + "/calls \\");
    if (preferred.startsWith("https:")) {
      out.println("    --cacert " + data.resolve("tls").resolve("ca.pem") + " \\");
    }
    out.println("    -H 'Content-Type: application/json' \\");
    out.println("    -d '{\"from\":{\"user_contact_uri\":\"" + d.agents().get(0).contactUri()
        + "\"},\"to\":{\"customer_contact_uri\":\"" + d.customerNumber()
        + "\"},\"virtual_number\":\"" + d.virtualNumber() + "\"}'");
  }
}
