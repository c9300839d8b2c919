package org.brickbox.pipeline.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.brickbox.embed.DjlEngine;
import org.brickbox.fuse.ReferenceView;
import org.brickbox.io.image.ImageHeader;
import org.brickbox.io.records.Json;
import org.brickbox.pipeline.identify.CameraScaleFit;
import org.brickbox.pipeline.identify.PhotoFolder;
import org.brickbox.pipeline.identify.PhotoIdentifier;
import org.brickbox.stages.fuse.IndexStore;

/**
 * {@code ./brickbox calibrate --index OUT/index --photos=DIR}: the scale of the camera(s) that took a photo folder,
 * labelled or not, for {@code --pixelsPerMm}, fitted on the photos themselves ({@link CameraScaleFit}).
 */
final class Calibrate {
  private Calibrate() {}

  static final String USAGE = """
      usage: ./brickbox calibrate --index OUT/index --photos=DIR [--unlabelled] [--out=FILE] [--calibration=FILE]
                                  [--djlCacheDir=DIR] [--threads=N]
        The scale of the camera(s) that took a photo folder, in pixels per millimetre at the parts: each photo of a
        part the index has, with the part whole in the frame, gives one estimate (its length along it in pixels over
        the size of its part in the index's %d reference views most like the photo); one camera's photos share a side
        name (front, below...), and the median per side and over all photos is printed with the interquartile range.
        A labelled folder (DIR/<partId>/<capture>_<side>.jpg, as for bench photos) gives each photo its part; an
        unlabelled one (DIR/<capture>_<side>.jpg, a machine's own photos) or --unlabelled takes each capture's answer,
        identified without a scale, as its part: wrong answers are mostly parts of about the same size, so the median
        hardly moves. Give the scale to identify or serve as --pixelsPerMm (a side per camera), or per photo in a
        --calibration file for bench photos. Twenty photos or more of a side make a steady median; a wide range means
        photos from cameras at different distances. --out=FILE writes every photo's estimate and the scales as JSON;
        --calibration=FILE gives every photo of the folder its side's scale (the median over all photos for a side
        without an estimate), as lines <path in DIR><TAB><pixels/mm>: for a labelled folder, the file bench photos
        --calibration and run --photosCalibration read. Exits with 4 when no photo gives one.""".formatted(
          CameraScaleFit.NEAREST_VIEWS);

  /** Fewer estimates than this make a side's median unsteady, and the printout says so. */
  static final int STEADY_PHOTOS = 20;

  static int run(List<String> args, PrintStream out) throws IOException {
    String indexDir = null;
    String photosDir = null;
    String reportFile = null;
    String calibrationFile = null;
    String djlCacheDir = null;
    boolean ignoreLabels = false;
    int threads = 0;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--index") && i + 1 < args.size()) indexDir = args.get(++i);
      else if (a.startsWith("--index=")) indexDir = a.substring("--index=".length());
      else if (a.startsWith("--photos=")) photosDir = a.substring("--photos=".length());
      else if (a.equals("--unlabelled")) ignoreLabels = true;
      else if (a.startsWith("--out=")) reportFile = a.substring("--out=".length());
      else if (a.startsWith("--calibration=")) calibrationFile = a.substring("--calibration=".length());
      else if (a.startsWith("--djlCacheDir=")) djlCacheDir = a.substring("--djlCacheDir=".length());
      else if (a.startsWith("--threads=")) threads = Integer.parseInt(a.substring("--threads=".length()));
      else throw new IllegalArgumentException("unknown argument '" + a + "'\n" + USAGE);
    }
    if (indexDir == null || photosDir == null) throw new IllegalArgumentException("--index and --photos are required\n" + USAGE);
    PhotoFolder folder = PhotoFolder.scan(Path.of(photosDir));
    boolean labelled = !folder.captures().isEmpty();
    if (!labelled) folder = PhotoFolder.scanUnlabelled(Path.of(photosDir));
    if (folder.captures().isEmpty()) {
      throw new IllegalArgumentException("--photos: no photos in " + photosDir + " (expected " + PhotoFolder.LAYOUT
          + ", or " + PhotoFolder.UNLABELLED_LAYOUT + " without labels)");
    }
    boolean byAnswer = ignoreLabels || !labelled;
    List<CameraScaleFit.PhotoEstimate> estimates = new ArrayList<>();
    List<String> unused = new ArrayList<>();
    try (PhotoIdentifier identifier = new PhotoIdentifier(IndexStore.locate(Path.of(indexDir)),
        new DjlEngine(djlCacheDir, threads), ImageHeader.DEFAULT_MAX_PIXELS)) {
      identifier.requireSizes();
      var index = identifier.index().index();
      Set<String> indexed = new TreeSet<>();
      for (ReferenceView v : index.views()) if (!v.photo()) indexed.add(v.partId());
      for (PhotoFolder.Capture capture : folder.captures()) {
        String label = labelled ? capture.partId() : null;
        if (!byAnswer && !indexed.contains(label)) {
          for (Path photo : capture.photos()) unused.add(photo + ": part " + label + " has no rendered view in the index");
          continue;
        }
        List<PhotoIdentifier.PreparedPhoto> prepared = new ArrayList<>();
        List<Path> preparedPhotos = new ArrayList<>();
        for (Path photo : capture.photos()) {
          try {
            prepared.add(identifier.prepare(Files.readAllBytes(photo), photo.toString()));
            preparedPhotos.add(photo);
          } catch (IOException e) {
            unused.add(photo + ": cannot read the file (" + e + ")");
          } catch (PhotoIdentifier.UnusablePhotoException e) {
            unused.add(photo + ": " + e.reason());
          }
        }
        if (prepared.isEmpty()) continue;
        List<PhotoIdentifier.EmbeddedPhoto> embedded = identifier.embed(prepared);
        String part = byAnswer ? identifier.fuse(embedded, 1).identification().best() : label;
        for (int i = 0; i < embedded.size(); i++) {
          Path photo = preparedPhotos.get(i);
          double partLength = prepared.get(i).partLength();
          if (Double.isNaN(partLength)) {
            unused.add(photo + ": the part is not whole in the frame (cut by the border, or the photo used whole)");
            continue;
          }
          double size = index.typicalSize(embedded.get(i).query(), part, CameraScaleFit.NEAREST_VIEWS);
          if (Double.isNaN(size)) {
            unused.add(photo + ": part " + part + " has no reference view with a size");
            continue;
          }
          estimates.add(new CameraScaleFit.PhotoEstimate(photo.toString(), part, label,
              PhotoFolder.nameOf(photo.getFileName().toString()).side(), partLength / size));
        }
      }
    }
    List<CameraScaleFit.Scale> scales = CameraScaleFit.fit(estimates);
    out.printf("calibrate: %d photos of %s give an estimate, %d do not%n", estimates.size(), photosDir, unused.size());
    if (byAnswer) {
      out.println("  " + (labelled ? "labels set aside (--unlabelled)" : "no labels")
          + ": each capture identified without a scale, its answer's size taken as the part's");
      if (labelled) {
        long agree = estimates.stream().filter(e -> e.partId().equals(e.label())).count();
        out.printf("  the answers agree with the folder's labels on %d of %d estimates%n", agree, estimates.size());
      }
    }
    for (String u : unused) out.println("  not used: " + u);
    out.printf("  %-12s %7s %12s %22s%n", "side", "photos", "pixels/mm", "interquartile range");
    for (CameraScaleFit.Scale s : scales) {
      out.printf(Locale.ROOT, "  %-12s %7d %12.3f %11.3f .. %.3f%s%n", s.side().isEmpty() ? "(none)" : s.side(),
          s.photos(), s.pixelsPerMm(), s.lowerQuartile(), s.upperQuartile(),
          s.photos() < STEADY_PHOTOS ? "   (under " + STEADY_PHOTOS + " photos: not yet a steady median)" : "");
    }
    if (reportFile != null) {
      writeWhole(Path.of(reportFile), Json.pretty(new CameraScaleFit.Report(indexDir, photosDir, !byAnswer, scales,
          estimates, unused)));
      out.println("report: " + reportFile);
    }
    if (estimates.isEmpty()) return BrickBoxCli.UNUSABLE_INPUT; // no scale to give the photos: no calibration file
    if (calibrationFile != null) {
      StringBuilder lines = new StringBuilder("# pixels per millimetre at the part, each photo its side's scale, by "
          + "./brickbox calibrate" + (byAnswer ? " without labels" : "") + " over " + indexDir + "\n");
      for (PhotoFolder.Capture capture : folder.captures()) {
        for (Path photo : capture.photos()) {
          String side = PhotoFolder.nameOf(photo.getFileName().toString()).side();
          lines.append(String.format(Locale.ROOT, "%s\t%.4f%n", folder.root().relativize(photo),
              CameraScaleFit.scaleOf(scales, side)));
        }
      }
      writeWhole(Path.of(calibrationFile), lines.toString().getBytes(StandardCharsets.UTF_8));
      out.println("calibration: " + calibrationFile);
    }
    return BrickBoxCli.OK;
  }

  /** Writes {@code file} whole or not at all: a reader never finds half a report. */
  private static void writeWhole(Path file, byte[] bytes) throws IOException {
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
    try {
      Files.write(partial, bytes);
      Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial); // gone after the move; after a failure, not left behind
    }
  }
}
