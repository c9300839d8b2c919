package org.brickbox.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker's live counts: published per JVM into the job's folder, summed on read, never a reason to fail. */
class LiveProgressTest {
  @TempDir Path dir;

  @Test
  void countsArePublishedOnFlushAndSummedWithOtherWorkers() throws Exception {
    LiveProgress.Options options = PipelineOptionsFactory.as(LiveProgress.Options.class);
    Path folder = dir.resolve("progress/job-1");
    options.setLiveProgressDir(folder.toString());
    LiveProgress.count(options, "brickbox.render", "render_view.ok", 2);
    LiveProgress.count(options, "brickbox.render", "render_view.ok", 3);
    LiveProgress.count(options, "embed", "images_embedded", 4);
    LiveProgress.flush(options);
    Files.writeString(folder.resolve("worker-other.json"),
        "{\"worker\":\"other\",\"counters\":{\"brickbox.render/render_view.ok\":10}}");
    assertEquals(Map.of("brickbox.render/render_view.ok", 15L, "embed/images_embedded", 4L),
        LiveProgress.read(folder.toString()));
    try (var files = Files.list(folder)) {
      assertEquals(2, files.count(), "one file per worker JVM, no temporaries left");
    }
  }

  @Test
  void aCountersFirstCountIsPublishedAtOnceWithoutWaitingForAFlush() throws Exception {
    LiveProgress.Options options = PipelineOptionsFactory.as(LiveProgress.Options.class);
    String folder = dir.resolve("progress/job-2").toString();
    options.setLiveProgressDir(folder);
    LiveProgress.count(options, "embed", "images_embedded", 32);
    assertEquals(Map.of("embed/images_embedded", 32L), LiveProgress.read(folder));
  }

  @Test
  void withoutAFolderNothingIsCountedAndAnUnwritableOneFailsNothing() throws Exception {
    LiveProgress.Options none = PipelineOptionsFactory.as(LiveProgress.Options.class);
    LiveProgress.count(none, "embed", "images_embedded", 1);
    LiveProgress.flush(none);

    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    LiveProgress.Options blocked = PipelineOptionsFactory.as(LiveProgress.Options.class);
    blocked.setLiveProgressDir(file.resolve("progress").toString());
    LiveProgress.count(blocked, "embed", "images_embedded", 1);
    LiveProgress.flush(blocked); // logs a warning once; the job goes on
    assertTrue(Files.isRegularFile(file));
    assertEquals(Map.of(), LiveProgress.read(dir.resolve("nothing-here").toString()));
  }
}
