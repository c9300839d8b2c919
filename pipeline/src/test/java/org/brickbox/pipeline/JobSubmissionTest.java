package org.brickbox.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** What a run's options become before submission; the staging of the real jar is covered by the runners IT. */
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
}
