package org.brickbox.runners.flink;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.brickbox.io.records.Json;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A real standalone Flink session cluster for one test class, driven through the same scripts users run
 * ({@code runners/flink/*.sh}) on free ports and a work dir under {@code target/}. Started before the class,
 * always stopped after it, and by a shutdown hook if the test JVM is told to exit; a failed test gets the
 * cluster logs printed.
 */
final class SessionCluster implements BeforeAllCallback, AfterAllCallback, TestWatcher {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

  private final Path scripts = Path.of(System.getProperty("brickbox.flink.scripts", "flink")).toAbsolutePath();
  private final Path workDir = Path.of(System.getProperty("brickbox.flink.work", "target/flink-it")).toAbsolutePath();
  private final int taskManagers;
  private final int slots;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Thread stopOnExit = new Thread(this::stop, "stop-flink-session-cluster");
  private int restPort;
  private int rpcPort;

  SessionCluster(int taskManagers, int slots) {
    this.taskManagers = taskManagers;
    this.slots = slots;
  }

  /** What {@code --flinkMaster} is for this cluster. */
  String master() {
    return "127.0.0.1:" + restPort;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    restPort = freePort();
    rpcPort = freePort();
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    script("start-cluster.sh", "--taskmanagers=" + taskManagers, "--slots=" + slots);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
    Runtime.getRuntime().removeShutdownHook(stopOnExit);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    System.err.println("---- Flink cluster logs after " + context.getDisplayName() + " failed");
    try (Stream<Path> logs = Files.list(workDir.resolve("log"))) {
      for (Path log : Stream.concat(Stream.of(scriptLog()), logs.sorted()).toList()) {
        System.err.println("---- " + log + ", last lines:\n" + tail(log, 60));
      }
    } catch (IOException e) {
      System.err.println("cannot list the cluster logs in " + workDir + ": " + e);
    }
  }

  /** Everything the cluster scripts printed, across calls. */
  private Path scriptLog() {
    try {
      return Files.createDirectories(workDir).resolve("scripts.log");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + workDir, e);
    }
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  /** The pid of a running TaskManager started by the scripts, by its number (1 = the first). */
  long taskManagerPid(int number) {
    try {
      return Long.parseLong(Files.readString(workDir.resolve("pids/taskmanager-" + number + ".pid")).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("no pid file for taskmanager-" + number + " in " + workDir, e);
    }
  }

  /** Kills a TaskManager the hard way (no shutdown of its own) and waits until the process is gone. */
  void killTaskManager(int number) {
    ProcessHandle tm = ProcessHandle.of(taskManagerPid(number))
        .orElseThrow(() -> new IllegalStateException("taskmanager-" + number + " is not running"));
    tm.destroyForcibly();
    tm.onExit().orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** Starts one more TaskManager and waits until it has registered with the JobManager. */
  void addTaskManager() {
    script("start-taskmanager.sh");
  }

  /** A REST API resource of the JobManager, e.g. {@code /jobs/overview}. */
  JsonNode rest(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + master() + path))
        .timeout(Duration.ofSeconds(10)).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + path, e);
    }
  }

  private void stop() {
    script("stop-cluster.sh");
  }

  private void script(String name, String... args) {
    ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(scripts.resolve(name).toString()),
        Stream.of(args)).toList()).redirectErrorStream(true).redirectOutput(Redirect.appendTo(scriptLog().toFile()));
    builder.environment().putAll(Map.of("FLINK_WORK_DIR", workDir.toString(), "FLINK_REST_PORT",
        String.valueOf(restPort), "FLINK_RPC_PORT", String.valueOf(rpcPort)));
    int exit = ChildProcess.run(builder, SCRIPT_TIMEOUT);
    if (exit != 0) {
      throw new IllegalStateException(name + " exited with " + exit + ":\n" + tail(scriptLog(), 30));
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port", e);
    }
  }
}
