package org.brickbox.embed;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.records.Hashes;
import org.brickbox.io.records.JsonLines;

/** The images of one or more run outputs ({@code records/renders-*.jsonl} + images + masks), decoded in memory. */
public final class RenderedDataset {
  /** The fields of a render record that training needs. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Entry(String key, String partId, int colourCode, int viewIndex, String image, String mask,
      String imageSha256) {}

  /** One decoded sample. */
  public record Sample(Entry entry, DecodedImage image, byte[] mask) {}

  private final List<Sample> samples;
  private final List<Path> dirs;

  private RenderedDataset(List<Sample> samples, List<Path> dirs) {
    this.samples = samples;
    this.dirs = dirs;
  }

  public static RenderedDataset load(List<Path> dirs) {
    List<Object[]> todo = new ArrayList<>();
    for (Path dir : dirs) {
      try {
        for (Entry e : JsonLines.readAll(dir.resolve("records"), "renders-", ".jsonl", Entry.class)) {
          todo.add(new Object[] {dir, e});
        }
      } catch (IOException ex) {
        throw new UncheckedIOException("no rendered dataset in " + dir + " (records/renders-*.jsonl)", ex);
      }
    }
    if (todo.isEmpty()) throw new IllegalArgumentException("no render records in " + dirs);
    List<Sample> samples = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors())).submit(() ->
        todo.parallelStream().map(t -> decode((Path) t[0], (Entry) t[1])).toList()).join();
    List<Sample> sorted = new ArrayList<>(samples);
    sorted.sort(Comparator.comparing((Sample s) -> s.entry().key()).thenComparing(s -> s.entry().imageSha256()));
    return new RenderedDataset(sorted, dirs);
  }

  private static Sample decode(Path dir, Entry e) {
    try {
      DecodedImage image = ImageCodec.decodeRgb(Files.readAllBytes(dir.resolve(e.image())));
      byte[] mask = ImageCodec.decodeGray(Files.readAllBytes(dir.resolve(e.mask()))).pixels();
      return new Sample(e, image, mask);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot read " + e.image() + " in " + dir, ex);
    }
  }

  public List<Sample> samples() {
    return samples;
  }

  /** Part ids in sorted order: the class index of a part is its position here. */
  public List<String> classes() {
    return samples.stream().map(s -> s.entry().partId()).distinct().sorted().toList();
  }

  /** Hash of every record key and image hash, in order: names exactly the data a model saw. */
  public String snapshotHash() {
    StringBuilder text = new StringBuilder();
    for (Sample s : samples) text.append(s.entry().key()).append(' ').append(s.entry().imageSha256()).append('\n');
    return Hashes.sha256Hex(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public List<String> dirNames() {
    return dirs.stream().map(Path::toString).toList();
  }
}
