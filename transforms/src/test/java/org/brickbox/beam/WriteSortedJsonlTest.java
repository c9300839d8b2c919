package org.brickbox.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class WriteSortedJsonlTest {

  @Test
  void writesEveryShardSortedByKeyWithNothingLostOrDuplicated(TestPipeline p, @TempDir Path dir) throws Exception {
    List<KV<String, String>> rows = new ArrayList<>();
    IntStream.range(0, 200).forEach(i -> rows.add(KV.of(String.format("k%03d", 199 - i), "{\"i\":" + i + "}")));
    PCollection<String> written = p
        .apply(Create.of(rows).withCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
        .apply(WriteSortedJsonl.to(dir.toString(), "rows", 3));
    PAssert.that(written).satisfies(uris -> {
      assertEquals(3, ((java.util.Collection<?>) uris).size());
      return null;
    });
    p.run().waitUntilFinish();

    List<String> all = new ArrayList<>();
    for (int shard = 0; shard < 3; shard++) {
      Path file = dir.resolve(String.format("rows-%05d-of-00003.jsonl", shard));
      assertTrue(Files.isRegularFile(file), file.toString());
      List<String> lines = Files.readAllLines(file);
      List<String> sorted = new ArrayList<>(lines);
      sorted.sort(java.util.Comparator.comparing(l -> 199 - Integer.parseInt(l.replaceAll("\\D", ""))));
      assertEquals(sorted, lines, "shard " + shard + " is sorted by key");
      all.addAll(lines);
    }
    assertEquals(200, all.size());
    assertEquals(200, all.stream().distinct().count());
    try (var files = Files.list(dir)) {
      assertEquals(3, files.count(), "no temporary files remain");
    }
  }

  @Test
  void emptyInputStillWritesTheSingleFile(TestPipeline p, @TempDir Path dir) throws Exception {
    p.apply(Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
        .apply(WriteSortedJsonl.to(dir.toString(), "failures", 1));
    p.run().waitUntilFinish();
    assertEquals(0, Files.size(dir.resolve("failures.jsonl")));
  }
}
