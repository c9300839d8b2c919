package org.brickbox.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.brickbox.io.records.Hashes;
import org.brickbox.pipeline.identify.PhotoFolder;
import org.brickbox.stages.fuse.PhotoReference;
import org.brickbox.stages.fuse.PhotoTask;

/**
 * The user's labelled photos a run adds to the index ({@code --photos}), decided before the graph is built: the
 * photos to prepare and embed, the previous run's references still current (same photo bytes, same model), the
 * files of the folder that are not photos, and a hash of the whole set (each photo's camera scale included), which
 * goes into the run's versions so that a changed folder or calibration is never skipped as "nothing changed".
 *
 * @param skipped files of the folder that are not photos of its layout: each becomes a dead letter
 * @param parts the photographed parts against the parts the run renders; null for {@link #NONE}
 */
public record PhotoPlan(List<PhotoTask> tasks, List<PhotoReference> reused, List<PhotoFolder.Problem> skipped,
    String setHash, Parts parts) {
  public static final PhotoPlan NONE = new PhotoPlan(List.of(), List.of(), List.of(), null, null);
  /** The photo references a run with photos writes: {@code OUT/records/photos.jsonl} (one shard). */
  public static final String RECORDS_NAME = "photos";
  public static final int RECORDS_SHARDS = 1;

  public boolean isEmpty() {
    return setHash == null;
  }

  /** The SHA-256 of every photo of the folder (new, changed or reused). */
  public List<String> hashes() {
    List<String> hashes = new ArrayList<>();
    for (PhotoTask t : tasks) hashes.add(t.sha256());
    for (PhotoReference r : reused) hashes.add(r.sha256());
    return hashes;
  }

  /** The keys of the photos (new, changed or reused) whose SHA-256 is one of {@code hashes}. */
  public List<String> keysOf(java.util.Set<String> hashes) {
    List<String> keys = new ArrayList<>();
    for (PhotoTask t : tasks) if (hashes.contains(t.sha256())) keys.add(t.key());
    for (PhotoReference r : reused) if (hashes.contains(r.sha256())) keys.add(r.key());
    return keys;
  }

  /**
   * @param folder the photos folder ({@code DIR/<partId>/<capture>_<side>.jpg})
   * @param previous the photo references of the previous run in the output
   * @param modelVersion the version of the model this run embeds with
   * @param maxBytes a photo file larger than this is skipped (a dead letter naming the limit), never read
   * @param calibration each named photo's camera scale ({@link PhotoFolder#readScales}); null for none
   * @param pixelsPerMm the camera scale of every photo the calibration does not name; NaN for unknown
   * @param rendered the parts the run renders
   * @param inLibrary whether the LDraw library has a part of this id
   */
  public static PhotoPlan of(Path folder, List<PhotoReference> previous, String modelVersion, long maxBytes,
      Path calibration, double pixelsPerMm, Collection<String> rendered, Predicate<String> inLibrary) {
    PhotoFolder photos;
    ToDoubleFunction<Path> scales;
    try {
      photos = PhotoFolder.scan(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("--photos: cannot list " + folder, e);
    }
    try {
      scales = photos.scales(calibration, pixelsPerMm);
    } catch (IOException e) {
      throw new UncheckedIOException("--photosCalibration: cannot read " + calibration, e);
    }
    Map<String, PhotoReference> before = new HashMap<>();
    for (PhotoReference r : previous) before.put(r.key(), r);
    List<PhotoTask> tasks = new ArrayList<>();
    List<PhotoReference> reused = new ArrayList<>();
    List<PhotoFolder.Problem> skipped = new ArrayList<>(photos.skipped());
    StringBuilder set = new StringBuilder();
    for (PhotoFolder.Capture capture : photos.captures()) {
      for (Path photo : capture.photos()) {
        PhotoTask task;
        try {
          long size = Files.size(photo);
          if (size > maxBytes) {
            skipped.add(new PhotoFolder.Problem(photo.toString(), "file is " + size + " bytes, over the limit of "
                + maxBytes + " bytes per photo (--maxPhotoBytes)"));
            set.append(photo).append(" over-limit ").append(size).append('\n');
            continue;
          }
          double scale = scales.applyAsDouble(photo);
          task = new PhotoTask(PhotoTask.keyOf(capture.partId(), photo.getFileName().toString()), capture.partId(),
              capture.name(), photo.toAbsolutePath().toString(), Hashes.sha256Hex(Files.readAllBytes(photo)),
              Double.isNaN(scale) ? null : scale);
        } catch (IOException e) {
          throw new UncheckedIOException("--photos: cannot read " + photo, e);
        }
        // The scale is part of the set: a changed calibration rebuilds the index (with the references' new sizes).
        set.append(task.key()).append(' ').append(task.sha256()).append(' ').append(task.pixelsPerMm()).append('\n');
        PhotoReference old = before.get(task.key());
        if (old != null && old.current(task, modelVersion)) {
          reused.add(old.withScale(task.pixelsPerMm()));
        } else {
          tasks.add(task);
        }
      }
    }
    return new PhotoPlan(List.copyOf(tasks), List.copyOf(reused), List.copyOf(skipped),
        Hashes.sha256Hex(set.toString().getBytes(StandardCharsets.UTF_8)),
        Parts.of(tasks, reused, rendered, inLibrary));
  }

  /**
   * The manifest's {@value #SECTION} section, printed after the run.
   *
   * @param photographed parts with at least one photo in the folder
   * @param withoutRenders those the run does not render: indexed from their photos alone
   * @param notInLibrary those of them the LDraw library has no part file for (a part it lacks, or a folder name
   *     that is no part id)
   */
  public record Parts(int photographed, List<String> withoutRenders, List<String> notInLibrary) {
    public static final String SECTION = "photos";

    /**
     * The folder's parts set against those the run renders: a part only photographed is indexed from its photos
     * alone, which is what a part the library lacks needs and also what a mistyped folder name gets.
     */
    static Parts of(List<PhotoTask> tasks, List<PhotoReference> reused, Collection<String> rendered,
        Predicate<String> inLibrary) {
      SortedSet<String> photographed = new TreeSet<>();
      for (PhotoTask t : tasks) photographed.add(t.partId());
      for (PhotoReference r : reused) photographed.add(r.partId());
      Set<String> renderedSet = new HashSet<>(rendered);
      List<String> withoutRenders = photographed.stream().filter(p -> !renderedSet.contains(p)).toList();
      return new Parts(photographed.size(), withoutRenders,
          withoutRenders.stream().filter(inLibrary.negate()).toList());
    }
  }
}
