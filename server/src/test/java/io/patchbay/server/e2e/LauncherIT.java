package io.patchbay.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./patchbay} launcher at the repository root, on the jar just packaged. */
class LauncherIT {
  private static final List<String> OPTIONS = List.of("--data", "--host", "--http-port",
      "--https-port", "--speed", "--region", "--rate-limit", "--no-demo");
  private static final List<String> VARIABLES = List.of("PATCHBAY_DATA", "PATCHBAY_HOST",
      "PATCHBAY_HTTP_PORT", "PATCHBAY_HTTPS_PORT", "PATCHBAY_SPEED", "PATCHBAY_REGION",
      "PATCHBAY_RATE_LIMIT");

  @TempDir
  Path tmp;

  @Test
  void launcher_serveHelp_listsEveryOptionAndItsVariable() throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    Path launcher = root.resolve("patchbay");
    assertThat(launcher).as("the launcher at the repository root").isExecutable();
    Path jar = PatchbayProcess.jar();
    // The launcher rebuilds a stale jar with Maven; never start a build inside this build.
    assumeTrue(!newerThan(root, jar), "sources changed since the jar was packaged");

    Path out = tmp.resolve("help.out");
    Path err = tmp.resolve("help.err");
    ProcessBuilder pb = PatchbayProcess.builder(List.of(launcher.toString(), "serve", "--help"))
        .directory(tmp.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("./patchbay serve --help hung");
    }
    String help = Files.readString(out);
    String stderr = Files.readString(err);

    assertThat(p.exitValue()).as("exit code; stderr: %s", stderr).isZero();
    assertThat(stderr).as("the launcher must not have rebuilt").doesNotContain("Building");
    assertThat(help).startsWith("Usage: patchbay serve");
    assertThat(help).contains(OPTIONS);
    assertThat(help).contains(VARIABLES);
  }

  /** The launcher's own staleness rule: any src/main file or top pom newer than the jar. */
  private static boolean newerThan(Path root, Path jar) throws IOException {
    FileTime built = Files.getLastModifiedTime(jar);
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> isSource(root, f) || isTopPom(root, f))
          .anyMatch(f -> {
            try {
              return Files.getLastModifiedTime(f).compareTo(built) > 0;
            } catch (IOException e) {
              return true;
            }
          });
    }
  }

  private static boolean isSource(Path root, Path file) {
    String relative = root.relativize(file).toString().replace('\\', '/');
    return relative.contains("/src/main/") && !relative.startsWith(".");
  }

  private static boolean isTopPom(Path root, Path file) {
    return file.getFileName().toString().equals("pom.xml") && root.relativize(file)
        .getNameCount() <= 2;
  }
}
