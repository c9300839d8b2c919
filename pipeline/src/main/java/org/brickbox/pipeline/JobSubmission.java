package org.brickbox.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.brickbox.pipeline.store.ObjectStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes options fit to leave this JVM before the graph is built: workers on other processes resolve the output
 * directory themselves, so a local {@code --out} becomes absolute; a Flink cluster runs the job from the jar
 * it is sent, so a remote {@code --flinkMaster} without {@code --filesToStage} stages a job jar: the lean
 * {@value #CLUSTER_JOB_JAR} built beside the self-contained jar this code was loaded from (without Flink, DJL and
 * JavaCPP, which a BrickBox session cluster's TaskManagers hold), or that self-contained jar when there is none.
 * Flink's MiniCluster in this JVM ({@code [local]}) runs every step once per core, up to
 * {@value #MAX_DEFAULT_LOCAL_PARALLELISM}, unless told otherwise: Beam's FlinkRunner would give it Flink's default
 * of 1, which renders on one core of many.
 */
final class JobSubmission {
  private static final Logger LOG = LoggerFactory.getLogger(JobSubmission.class);
  /** Flink masters that run inside this JVM and need nothing staged. */
  private static final Set<String> IN_PROCESS_MASTERS = Set.of("[local]", "[auto]", "[collection]");
  /** The MiniCluster started in this JVM. */
  private static final String LOCAL_MASTER = "[local]";
  /**
   * The most tasks per step a MiniCluster gets by default: its 64 MB of network buffers (Flink's default) carry this
   * graph's shuffles at 8 and run out at 16 ("Insufficient number of network buffers"); more needs
   * {@code taskmanager.memory.network.min/max} in a {@code --flinkConfDir} (256 MB carried 16; README, Flink).
   */
  static final int MAX_DEFAULT_LOCAL_PARALLELISM = 8;
  /** A class only the shaded job jar holds next to BrickBox: proof the jar can run the job on its own. */
  private static final String RUNNER_CLASS = FlinkRunner.class.getName().replace('.', '/') + ".class";

  /** The cluster job jar's file name, written next to {@code brickbox-all.jar} by the runners module. */
  static final String CLUSTER_JOB_JAR = "brickbox-job.jar";

  private JobSubmission() {}

  static void prepare(BrickBoxOptions options) {
    ObjectStores.prepare(options);
    if (!options.getOut().contains("://")) {
      options.setOut(Path.of(options.getOut()).toAbsolutePath().normalize().toString());
    }
    if (!FlinkRunner.class.isAssignableFrom(options.getRunner())) return;
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    if (LOCAL_MASTER.equals(flink.getFlinkMaster()) && flink.getParallelism() <= 0) {
      flink.setParallelism(defaultLocalParallelism(Runtime.getRuntime().availableProcessors()));
      LOG.info("Flink MiniCluster: --parallelism={} (one per core, at most {})", flink.getParallelism(),
          MAX_DEFAULT_LOCAL_PARALLELISM);
    }
    if (IN_PROCESS_MASTERS.contains(flink.getFlinkMaster()) || flink.getFilesToStage() != null) return;
    Path jar = jobJar(flink.getFlinkMaster());
    LOG.info("staging the job jar {} ({} MB) for {}", jar, size(jar) / 1_000_000, flink.getFlinkMaster());
    flink.setFilesToStage(List.of(jar.toString()));
  }

  static int defaultLocalParallelism(int cores) {
    return Math.max(1, Math.min(cores, MAX_DEFAULT_LOCAL_PARALLELISM));
  }

  private static Path jobJar(String master) {
    Path codeSource;
    try {
      codeSource = Path.of(JobSubmission.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the jar BrickBox runs from", e);
    }
    if (!Files.isRegularFile(codeSource) || !containsRunner(codeSource)) {
      throw new IllegalArgumentException("--flinkMaster=" + master + " sends the job to a cluster, which needs the "
          + "self-contained job jar, but BrickBox runs from " + codeSource + "; run it with "
          + "`java -jar runners/target/brickbox-all.jar` (./brickbox does) or pass --filesToStage=<job jar>");
    }
    return stagedJar(codeSource);
  }

  /** The lean cluster job jar beside the self-contained one when the build wrote it, else the self-contained one. */
  static Path stagedJar(Path selfContained) {
    Path lean = selfContained.resolveSibling(CLUSTER_JOB_JAR);
    return Files.isRegularFile(lean) && containsRunner(lean) ? lean : selfContained;
  }

  private static long size(Path jar) {
    try {
      return Files.size(jar);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
  }

  private static boolean containsRunner(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getEntry(RUNNER_CLASS) != null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
  }
}
