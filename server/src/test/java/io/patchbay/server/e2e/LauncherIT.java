package io.patchbay.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

  @Test
  void findJava_releaseFile_readsTheVersionWithoutStartingJava() throws Exception {
    Path home = fakeJdk("JAVA_VERSION=\"21.0.5\"\n");

    assertThat(javaMajor(home)).isEqualTo("21");
    assertThat(home.resolve("started")).as("the JDK's java must not run").doesNotExist();
  }

  @Test
  void findJava_java8ReleaseFile_readsTheMinorAsTheMajor() throws Exception {
    Path home = fakeJdk("JAVA_VERSION=\"1.8.0_402\"\n");

    assertThat(javaMajor(home)).isEqualTo("8");
  }

  @Test
  void findJava_noReleaseFile_asksJava() throws Exception {
    Path home = fakeJdk(null);

    assertThat(javaMajor(home)).isEqualTo("17");
    assertThat(home.resolve("started")).exists();
  }

  /**
   * A JDK folder whose {@code bin/java} only records that it ran and prints what
   * {@code -XshowSettings:properties} would for Java 17; with a {@code release} file when
   * {@code release} is not null.
   */
  private Path fakeJdk(String release) throws IOException {
    Path home = Files.createDirectories(tmp.resolve("jdk-" + System.nanoTime()));
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\ntouch \"" + home.resolve("started") + "\"\n"
        + "echo '    java.specification.version = 17' >&2\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    if (release != null) {
      Files.writeString(home.resolve("release"), release);
    }
    return home;
  }

  /** What scripts/find-java.sh's patchbay_java_major answers for the JDK at {@code home}. */
  private static String javaMajor(Path home) throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    Process p = PatchbayProcess.builder(List.of("bash", "-c",
        ". \"$1\" && patchbay_java_major \"$2\"", "find-java-test",
        root.resolve("scripts/find-java.sh").toString(), home.resolve("bin/java").toString()))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("find-java.sh finished").isTrue();
    return out;
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
