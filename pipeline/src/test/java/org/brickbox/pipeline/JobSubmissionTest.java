package org.brickbox.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run's options become before submission and which jar is staged; staging the real jars is covered by the
 * runners IT. */
class JobSubmissionTest {

  private static BrickBoxOptions prepared(String... args) {
    PipelineOptionsFactory.register(BrickBoxOptions.class);
    BrickBoxOptions options = PipelineOptionsFactory.fromArgs(args).as(BrickBoxOptions.class);
    JobSubmission.prepare(options);
    return options;
  }

  @Test
  void aRelativeOutputDirectoryBecomesAbsoluteAndAUriStaysAsItIs() {
    assertEquals(Path.of("out/x").toAbsolutePath().toString(), prepared("--out=out/./x").getOut());
    assertEquals("gs://bucket/run", prepared("--out=gs://bucket/run").getOut());
  }

  @Test
  void inProcessFlinkStagesNothing() {
    assertNull(prepared("--runner=FlinkRunner", "--flinkMaster=[local]").as(FlinkPipelineOptions.class)
        .getFilesToStage());
  }

  @Test
  void theMiniClusterRunsOnEveryCoreUnlessToldOtherwise() {
    assertEquals(JobSubmission.defaultLocalParallelism(Runtime.getRuntime().availableProcessors()),
        prepared("--runner=FlinkRunner", "--flinkMaster=[local]").as(FlinkPipelineOptions.class).getParallelism());
    assertEquals(2, JobSubmission.defaultLocalParallelism(2));
    assertEquals(8, JobSubmission.defaultLocalParallelism(64), "no more than the MiniCluster's network buffers carry");
    assertEquals(1, prepared("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=1")
        .as(FlinkPipelineOptions.class).getParallelism());
    // A cluster's own default (parallelism.default of its configuration) decides there.
    assertEquals(-1, prepared("--runner=FlinkRunner", "--flinkMaster=127.0.0.1:8081", "--filesToStage=/jobs/x.jar")
        .as(FlinkPipelineOptions.class).getParallelism());
  }

  @Test
  void anExplicitJarIsKept() {
    assertEquals(List.of("/jobs/x.jar"), prepared("--runner=FlinkRunner", "--flinkMaster=127.0.0.1:8081",
        "--filesToStage=/jobs/x.jar").as(FlinkPipelineOptions.class).getFilesToStage());
  }

  @Test
  void aRemoteMasterFromOutsideTheJobJarIsAClearError() {
    // Tests load BrickBox from target/classes, which a cluster cannot run.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> prepared("--runner=FlinkRunner", "--flinkMaster=127.0.0.1:8081"));
    assertTrue(e.getMessage().contains("--filesToStage"), e.getMessage());
  }

  /** A jar holding one (empty) entry: enough for the check that a jar carries the Flink runner. */
  private static Path jar(Path file, String entry) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
      jar.putNextEntry(new JarEntry(entry));
      jar.closeEntry();
    }
    return file;
  }

  @Test
  void theLeanClusterJarBesideTheSelfContainedOneIsStagedWhenItCarriesTheRunner(@TempDir Path dir)
      throws IOException {
    String runner = "org/apache/beam/runners/flink/FlinkRunner.class";
    Path all = jar(dir.resolve("brickbox-all.jar"), runner);
    assertEquals(all, JobSubmission.stagedJar(all), "no lean jar: the self-contained one");
    jar(dir.resolve(JobSubmission.CLUSTER_JOB_JAR), "org/brickbox/Other.class");
    assertEquals(all, JobSubmission.stagedJar(all), "a lean jar without the runner cannot run the job");
    Path lean = jar(dir.resolve(JobSubmission.CLUSTER_JOB_JAR), runner);
    assertEquals(lean, JobSubmission.stagedJar(all));
  }
}
