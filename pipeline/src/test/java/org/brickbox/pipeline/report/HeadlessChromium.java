package org.brickbox.pipeline.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium, headless, isolated from the network and from any profile: loads a local page and returns
 * its DOM after scripts ran, or a PNG screenshot, with everything the browser logged (console messages included).
 */
final class HeadlessChromium {
  private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

  private final Path executable;
  private final Path profile;

  private HeadlessChromium(Path executable, Path profile) {
    this.executable = executable;
    this.profile = profile;
  }

  /** The browser on PATH, or the calling test is skipped with the reason (CI installs it). */
  static HeadlessChromium findOrSkip(Path profile) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : NAMES) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) return new HeadlessChromium(candidate, profile);
      }
    }
    return org.junit.jupiter.api.Assumptions.abort(
        "chromium not installed (apt-get install -y chromium; .ci/run installs it)");
  }

  /** What a run of the browser printed: stdout (the DOM with --dump-dom) and its log (stderr). */
  record Output(String stdout, String log) {
    /** Messages the page wrote to the console, errors included: chromium logs each as a CONSOLE line. */
    List<String> consoleLines() {
      return log.lines().filter(l -> l.contains(":CONSOLE")).toList();
    }
  }

  Output dumpDom(Path page) throws IOException, InterruptedException {
    return run(page, "--virtual-time-budget=5000", "--dump-dom");
  }

  Output screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
    return run(page, "--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png);
  }

  private Output run(Path page, String... extra) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr",
        "--v=0"));
    command.addAll(List.of(extra));
    command.add(page.toUri().toString());
    Path stdout = Files.createTempFile(profile.getParent(), "chromium", ".out");
    Path stderr = Files.createTempFile(profile.getParent(), "chromium", ".log");
    Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
        .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("chromium did not finish in 120 s: " + command);
    }
    Output output = new Output(Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
    if (process.exitValue() != 0) {
      throw new IllegalStateException("chromium exited " + process.exitValue() + ": " + output.log());
    }
    return output;
  }
}
