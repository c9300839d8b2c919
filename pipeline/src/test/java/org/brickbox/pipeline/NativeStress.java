package org.brickbox.pipeline;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the given test classes or packages round after round in this one JVM, so native memory misuse (a buffer
 * freed while PyTorch or OpenCV still points into it, a double free) meets the allocator's reuse of that memory
 * and shows up as a failed assertion or a glibc abort instead of hiding behind a fresh JVM per run. Started by
 * {@code runners/scripts/stress-native.sh} with glibc's heap checking on; exits non-zero at the first failing round.
 *
 * <p>Arguments: {@code [--rounds=N] name...}, where a name ending in {@code .*} selects a package and any other
 * a class.
 */
public final class NativeStress {
  private NativeStress() {}

  public static void main(String[] args) {
    int rounds = 10;
    List<DiscoverySelector> selectors = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--rounds=")) {
        rounds = Integer.parseInt(arg.substring("--rounds=".length()));
      } else if (arg.endsWith(".*")) {
        selectors.add(selectPackage(arg.substring(0, arg.length() - 2)));
      } else {
        selectors.add(selectClass(arg));
      }
    }
    if (selectors.isEmpty() || rounds < 1) {
      System.err.println("usage: NativeStress [--rounds=N] (test.Class | test.package.*)...");
      System.exit(2);
    }
    Launcher launcher = LauncherFactory.create();
    PrintWriter out = new PrintWriter(System.out, true);
    long tests = 0;
    for (int round = 1; round <= rounds; round++) {
      SummaryGeneratingListener listener = new SummaryGeneratingListener();
      long started = System.nanoTime();
      launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(), listener);
      TestExecutionSummary summary = listener.getSummary();
      tests += summary.getTestsSucceededCount();
      out.printf("stress round %d/%d: %d tests, %d failed, %d skipped, %.1f s%n", round, rounds,
          summary.getTestsFoundCount(), summary.getTotalFailureCount(), summary.getTestsSkippedCount(),
          (System.nanoTime() - started) / 1e9);
      if (summary.getTotalFailureCount() > 0 || summary.getTestsFoundCount() == 0) {
        summary.printFailuresTo(out, 30);
        out.printf("stress: FAILED in round %d%n", round);
        System.exit(1);
      }
    }
    out.printf("stress: clean, %d rounds, %d tests passed in one JVM%n", rounds, tests);
  }
}
