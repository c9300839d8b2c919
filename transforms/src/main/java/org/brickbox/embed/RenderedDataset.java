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
      return maskImage().pixels();
    }

    /** The mask with its size (one grey byte per pixel), decoded without the image. */
    public DecodedImage maskImage() {
      return ImageCodec.decodeGray(encodedMask);
    }

    /** The same image and mask under another key (a repeat of a sample; the files are shared, not copied). */
    public Sample withKey(String key) {
      return new Sample(new Entry(key, entry.partId(), entry.colourCode(), entry.viewIndex(), entry.image(),
          entry.mask(), entry.imageSha256()), encodedImage, encodedMask);
    }
  }

  private final List<Sample> samples;
  private final List<Path> dirs;
  private final List<String> photoHashes;

  private RenderedDataset(List<Sample> samples, List<Path> dirs, List<String> photoHashes) {
    this.samples = samples;
    this.dirs = dirs;
    this.photoHashes = photoHashes;
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
    return new RenderedDataset(sorted(samples), dirs, List.of());
  }

  private static List<Sample> sorted(List<Sample> samples) {
    List<Sample> sorted = new ArrayList<>(samples);
    sorted.sort(Comparator.comparing((Sample s) -> s.entry().key()).thenComparing(s -> s.entry().imageSha256()));
    return sorted;
  }

  /**
   * This dataset and labelled photos: {@code photoSamples} (their crops, already prepared at the renders' size,
   * {@link #photoSample}) train beside the renders, and {@code photoHashes} (the SHA-256 of each photo's file) go
   * into the model's record so that a later run knows which of a user's photos the model has seen.
   */
  public RenderedDataset withPhotos(List<Sample> photoSamples, List<String> photoHashes) {
    List<Sample> all = new ArrayList<>(samples);
    all.addAll(photoSamples);
    java.util.TreeSet<String> hashes = new java.util.TreeSet<>(this.photoHashes);
    hashes.addAll(photoHashes);
    return new RenderedDataset(sorted(all), dirs, List.copyOf(hashes));
  }

  /**
   * A training sample from a photo's crop (RGB, {@code width × height}): its mask is the whole image, since a crop
   * of a photo has no render mask (augmentation then never swaps its background). View index 0: photos always
   * train, never validate, so the validation figures stay those of the renders.
   *
   * @param key unique per sample, e.g. {@code photo/3001/a_1.jpg#segmented#r0} for the first repeat of a crop
   */
  public static Sample photoSample(String key, String partId, byte[] rgb, int width, int height) {
    byte[] png = ImageCodec.encodeRgbPng(rgb, width, height);
    byte[] full = new byte[width * height];
    java.util.Arrays.fill(full, (byte) 255);
    return new Sample(new Entry(key, partId, -1, 0, key, key, Hashes.sha256Hex(png)), png,
        ImageCodec.encodeGrayPng(full, width, height));
  }

  /** SHA-256 of the photos trained on ({@link #withPhotos}), sorted. */
  public List<String> photoHashes() {
    return photoHashes;
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
