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

/**
 * The images of one or more run outputs ({@code records/renders-*.jsonl} + images + masks), held in memory as
 * their encoded files and decoded when a sample is used. Decoded, 67,000 photographic renders at 224 px took
 * 13.5 GB of heap; encoded they take about a fifth of that, and a decode costs far less than a training step.
 */
public final class RenderedDataset {
  /** The fields of a render record that training needs. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Entry(String key, String partId, int colourCode, int viewIndex, String image, String mask,
      String imageSha256) {}

  /** One sample: its record and its image and mask files as written by the render stage. */
  public record Sample(Entry entry, byte[] encodedImage, byte[] encodedMask) {
    public DecodedImage image() {
      return ImageCodec.decodeRgb(encodedImage);
    }

    public byte[] mask() {
      return ImageCodec.decodeGray(encodedMask).pixels();
    }
  }

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
        todo.parallelStream().map(t -> read((Path) t[0], (Entry) t[1])).toList()).join();
    List<Sample> sorted = new ArrayList<>(samples);
    sorted.sort(Comparator.comparing((Sample s) -> s.entry().key()).thenComparing(s -> s.entry().imageSha256()));
    return new RenderedDataset(sorted, dirs);
  }

  /** Reads a sample and decodes it once, so an unreadable or mismatched file stops the load, named. */
  private static Sample read(Path dir, Entry e) {
    Sample sample;
    try {
      sample = new Sample(e, Files.readAllBytes(dir.resolve(e.image())), Files.readAllBytes(dir.resolve(e.mask())));
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot read " + e.image() + " in " + dir, ex);
    }
    DecodedImage image;
    byte[] mask;
    try {
      image = sample.image();
      mask = sample.mask();
    } catch (RuntimeException ex) {
      throw new IllegalArgumentException("cannot decode " + e.image() + " or " + e.mask() + " in " + dir + ": "
          + ex.getMessage(), ex);
    }
    if (mask.length != image.width() * image.height()) {
      throw new IllegalArgumentException(e.mask() + " in " + dir + " is not the size of " + e.image());
    }
    return sample;
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
