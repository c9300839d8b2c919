package org.brickbox.pipeline.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.brickbox.embed.DjlEngine;
import org.brickbox.fuse.PartScore;
import org.brickbox.fuse.PhotoPreparation;
import org.brickbox.io.records.Json;
import org.brickbox.fuse.Segmentation;
import org.brickbox.fuse.CropFiles;
import org.brickbox.io.image.ImageHeader;
import org.brickbox.pipeline.identify.CameraScale;
import org.brickbox.pipeline.identify.IdentifyReport;
import org.brickbox.pipeline.identify.PhotoIdentifier;
import org.brickbox.stages.fuse.IndexStore;

/**
 * {@code ./brickbox identify --index OUT/index photo.jpg [photo2.jpg ...] [--json] [--top=5]}: the most likely parts
 * for one physical part seen in the photos.
 */
final class Identify {
  private Identify() {}

  static final String USAGE = """
      usage: ./brickbox identify --index OUT/index photo.jpg [photo2.jpg ...] [--json] [--top=5] [--crops=DIR]
                                 [--pixelsPerMm=X|X1,X2,...] [--cropSet=segmented,tight,frame/frame,centre]
                                 [--maxPixels=50000000] [--djlCacheDir=DIR] [--threads=N]
        All photos show the same physical part (from different sides); their evidence is fused.
        Photos: PNG, JPEG or WebP, EXIF orientation honoured; the part alone on a surface works best.
        --maxPixels: a photo whose header declares more pixels is refused before decoding (a small file can declare
        a huge image: a decompression bomb); the default passes a 48-megapixel photo.
        Each photo is segmented (or, when that is not trusted, used whole) and embedded as several crops.
        --crops=DIR writes what was embedded: DIR/<n>-<photo>.<crop>.png with a .json sidecar each (segmentation
        method, confidence, box, crop window) and DIR/<n>-<photo>.mask.png.
        --pixelsPerMm: the camera's scale at the part, pixels of the photo (as taken) per millimetre, for a fixed
        camera (./brickbox calibrate fits it from labelled photos): the part's size then separates parts that differ
        in length (bricks 1 x 8 / 1 x 10, axles, beams), which shape alone cannot. One value for every photo, or one
        per photo in their order (X1,X2,X3: cameras at different distances). Unknown unless given.
        --cropSet: the crops of a segmented photo / of one used whole. segmented,tight embeds a third less than the
        default (serve's throughput) for about the same top-1 and a lower top-5 on the photo proxy (BENCHMARKS.md).
        A photo that cannot be read or shows nothing exits with 4.""";

  static int run(List<String> args, PrintStream out) {
    String indexDir = null;
    boolean json = false;
    int top = PhotoIdentifier.DEFAULT_TOP;
    String djlCacheDir = null;
    int threads = 0;
    String cropsDir = null;
    long maxPixels = ImageHeader.DEFAULT_MAX_PIXELS;
    String pixelsPerMm = null;
    PhotoPreparation.CropSet cropSet = PhotoPreparation.CropSet.DEFAULT;
    List<Path> photos = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--index") && i + 1 < args.size()) indexDir = args.get(++i);
      else if (a.startsWith("--index=")) indexDir = a.substring("--index=".length());
      else if (a.equals("--json")) json = true;
      else if (a.startsWith("--top=")) top = Integer.parseInt(a.substring("--top=".length()));
      else if (a.startsWith("--djlCacheDir=")) djlCacheDir = a.substring("--djlCacheDir=".length());
      else if (a.startsWith("--threads=")) threads = Integer.parseInt(a.substring("--threads=".length()));
      else if (a.startsWith("--crops=")) cropsDir = a.substring("--crops=".length());
      else if (a.startsWith("--maxPixels=")) maxPixels = Long.parseLong(a.substring("--maxPixels=".length()));
      else if (a.startsWith("--pixelsPerMm=")) pixelsPerMm = a.substring("--pixelsPerMm=".length());
      else if (a.startsWith("--cropSet=")) cropSet = PhotoPreparation.CropSet.parse(a.substring("--cropSet=".length()));
      else if (a.startsWith("--")) throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
      else photos.add(Path.of(a));
    }
    if (indexDir == null) throw new IllegalArgumentException("--index is required\n" + USAGE);
    if (photos.isEmpty()) throw new IllegalArgumentException("no photos given\n" + USAGE);
    if (top < 1) throw new IllegalArgumentException("--top must be >= 1");
    double[] scales = CameraScale.parseEach(pixelsPerMm, "--pixelsPerMm", photos.size());
    List<byte[]> bytes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Path photo : photos) {
      try {
        bytes.add(Files.readAllBytes(photo));
        names.add(photo.toString());
      } catch (IOException e) {
        throw new CliException(photo + ": cannot read the photo (" + e.getMessage() + ")", BrickBoxCli.UNUSABLE_INPUT);
      }
    }
    try (PhotoIdentifier identifier = new PhotoIdentifier(IndexStore.locate(Path.of(indexDir)),
        new DjlEngine(djlCacheDir, threads), maxPixels, cropSet)) {
      // On stderr: stdout may be the JSON answer a program reads.
      String warning = identifier.photoWarning();
      if (warning != null) System.err.println(warning);
      List<PhotoIdentifier.PreparedPhoto> prepared = identifier.prepareAll(bytes, names, scales);
      if (cropsDir != null) writeCrops(cropsDir, prepared);
      PhotoIdentifier.Answer answer = identifier.fuse(identifier.embed(prepared), top);
      if (json) {
        out.println(new String(Json.pretty(IdentifyReport.of(identifier, prepared, answer)), StandardCharsets.UTF_8));
        return BrickBoxCli.OK;
      }
      out.printf("%d photo(s) of one part, against %d parts (%d reference views):%n", names.size(),
          identifier.index().manifest().parts(), identifier.index().manifest().references());
      out.printf("  %-4s %-12s %-44s %7s %10s %7s%n", "rank", "part", "name", "score", "embedding", "shape");
      for (PhotoIdentifier.PreparedPhoto p : prepared) out.println("  " + describe(p));
      int rank = 1;
      for (PartScore p : answer.identification().candidates()) {
        out.printf("  %-4d %-12s %-44s %7.3f %10.3f %7.3f%n", rank++, p.partId(), clip(p.description(), 44),
            p.score(), p.embedding(), p.shape());
      }
      if (answer.colour() != null) out.printf("colour: %s (LDraw %d)%n", answer.colour().name(), answer.colour().code());
      if (answer.identification().ambiguous()) {
        out.printf("ambiguous: the first two scores differ by only %.3f; another photo from a different side helps%n",
            answer.identification().margin());
      }
      return BrickBoxCli.OK;
    } catch (PhotoIdentifier.UnusablePhotoException e) {
      throw new CliException(e.getMessage(), BrickBoxCli.UNUSABLE_INPUT);
    }
  }

  /** One line on how a photo was used, e.g. {@code a.jpg: part found (grabcut, confidence 0.93), 3 crops}. */
  static String describe(PhotoIdentifier.PreparedPhoto p) {
    Segmentation s = p.prepared().segmentation();
    String how = s.segmented()
        ? String.format(Locale.ROOT, "part found (%s, confidence %.2f%s)", s.method().label(), s.confidence(),
            s.cut().isEmpty() ? "" : ", cut at the " + String.join(" and ", s.cut()))
        : "whole frame used: " + s.reason();
    return p.name() + ": " + how + "; crops " + String.join(", ",
        p.prepared().crops().stream().map(c -> c.kind().label()).toList());
  }

  private static void writeCrops(String dir, List<PhotoIdentifier.PreparedPhoto> photos) {
    int n = 1;
    for (PhotoIdentifier.PreparedPhoto p : photos) {
      String stem = n++ + "-" + Path.of(p.name()).getFileName().toString().replaceFirst("\\.[^.]+$", "");
      try {
        CropFiles.write(dir, stem, p.name(), p.prepared());
      } catch (IOException e) {
        throw new CliException("--crops: cannot write to " + dir + " (" + e.getMessage() + ")", BrickBoxCli.RUN_FAILED);
      }
    }
  }

  private static String clip(String text, int width) {
    if (text == null) return "";
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }
}
