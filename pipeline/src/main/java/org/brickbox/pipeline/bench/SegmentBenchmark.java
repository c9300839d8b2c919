package org.brickbox.pipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.brickbox.fuse.BorderPlaneSegmenter;
import org.brickbox.fuse.Masks;
import org.brickbox.fuse.PhotoSegmenter;
import org.brickbox.fuse.Segmentation;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.records.Json;
import org.brickbox.pipeline.identify.PhotoFolder;

/**
 * {@code ./brickbox bench segment --photos=DIR --masks=DIR [--method=border-plane,grabcut] [--minConfidence=0.55]
 * [--limit=N] [--out=DIR]}: how well
 * the photo path finds the part, against ground-truth masks. {@code DIR/<part>/<capture>_<side>.<ext>} photos are
 * matched with {@code MASKS/<part>/<capture>_<side>.png} (8-bit grey, part above 127; the photo proxy's are rendered
 * by {@code runners/blender/photo_proxy_masks.py}); photos without a mask are skipped. For each segmenter: IoU of
 * its mask with the truth at the analysis resolution (a whole-frame fallback scores the truth's share of the frame,
 * which is its real overlap; a photo where the segmenter finds nothing scores 0), precision and recall, how often it
 * fell back, and its milliseconds per photo, wall and CPU of the thread (segmentation alone, decoding excluded).
 * {@code --minConfidence} replaces the segmenter's fallback threshold (0: never fall back), for calibrating it;
 * {@code --workSize} the resolution GrabCut analyses photos at (its cost against its accuracy). Rows by side, by part colour and, for the photo
 * proxy (its {@code manifest.json} or per-capture records beside the photos), by surface. Writes
 * {@code segment.json} with every photo's result to {@code --out}; the last line is the summary.
 */
public final class SegmentBenchmark {
  public static final Set<String> OPTIONS = Set.of("photos", "masks", "method", "out", "limit",
      "minConfidence", "workSize");
  static final String DEFAULT_OUT = "out/bench-segment";

  private SegmentBenchmark() {}

  /** One photo segmented by one method and scored against its true mask. */
  public record Row(String photo, String part, String capture, String side, String surface, String method,
      String result, double confidence, double iou, double precision, double recall, double truthCoverage,
      double milliseconds, double cpuMilliseconds, String reason, Segmentation.Cues cues) {}

  /**
   * Figures over a group of rows.
   *
   * @param detections share of photos segmented by the detections alone (GrabCut's mask not trusted)
   * @param fallbacks share of photos used whole (or found to hold no part)
   */
  public record Figures(String group, int photos, double meanIou, double medianIou, double atLeast08, double below05,
      double detections, double fallbacks, double meanMilliseconds, double meanCpuMilliseconds) {}

  public static void run(Map<String, String> o, PrintStream out) throws IOException {
    Path photos = Path.of(required(o, "photos"));
    Path masks = Path.of(required(o, "masks"));
    List<String> methods = List.of(o.getOrDefault("method", "border-plane,grabcut").split(","));
    for (String m : methods) {
      if (!m.equals("grabcut") && !m.equals("border-plane")) {
        throw new IllegalArgumentException("--method: grabcut or border-plane, was '" + m + "'");
      }
    }
    int limit = Integer.parseInt(o.getOrDefault("limit", "0"));
    double minConfidence = Double.parseDouble(o.getOrDefault("minConfidence",
        Double.toString(PhotoSegmenter.MIN_CONFIDENCE)));
    int workSize = Integer.parseInt(o.getOrDefault("workSize", Integer.toString(PhotoSegmenter.WORK_SIZE)));
    Map<String, JsonNode> scenes = ProxyScenes.read(photos);
    List<Path[]> pairs = pairs(photos, masks, limit);
    if (pairs.isEmpty()) throw new IllegalArgumentException("no photo in " + photos + " has a mask in " + masks);
    List<Row> rows = new ArrayList<>();
    for (Path[] pair : pairs) {
      DecodedImage photo = ImageCodec.decodeRgb(Files.readAllBytes(pair[0]));
      DecodedImage truth = ImageCodec.decodeGray(Files.readAllBytes(pair[1]));
      String part = pair[0].getParent().getFileName().toString();
      String base = pair[0].getFileName().toString().replaceFirst("\\.[^.]+$", "");
      int cut = base.lastIndexOf('_');
      String capture = cut > 0 ? base.substring(0, cut) : base;
      String side = cut > 0 ? base.substring(cut + 1) : "";
      JsonNode scene = scenes.get(part + "/" + capture);
      String surface = scene == null ? "?" : side.equals("below")
          ? "below: lid " + scene.path("scene").path("lid").asText("?") : scene.path("scene").path("surface").asText("?");
      for (String method : methods) {
        rows.add(score(pair[0].toString(), part, capture, side, surface, method, photo, truth, minConfidence,
            workSize));
      }
    }
    out.printf("%d photos with masks (%s), methods %s%n", pairs.size(), masks, String.join(", ", methods));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("photos", photos.toString());
    doc.put("masks", masks.toString());
    Map<String, List<Figures>> tables = new LinkedHashMap<>();
    for (String grouping : List.of("side", "colour", "surface")) {
      tables.put(grouping, table(out, grouping, rows, methods));
    }
    doc.put("tables", tables);
    doc.put("rows", rows);
    String dir = o.getOrDefault("out", DEFAULT_OUT);
    var target = OutputFiles.resolve(dir, "segment.json");
    OutputFiles.writeAtomically(target, Json.pretty(doc), "application/json");
    out.println("report: " + target);
    StringBuilder summary = new StringBuilder("segment:");
    for (String method : methods) {
      Figures f = figures(method, rows.stream().filter(r -> r.method().equals(method)).toList());
      summary.append(String.format(Locale.ROOT,
          " %s IoU %.3f (>=0.8 %.2f, detections %.2f, fallback %.2f, %.0f CPU ms/photo);", method, f.meanIou(),
          f.atLeast08(), f.detections(), f.fallbacks(), f.meanCpuMilliseconds()));
    }
    summary.append(" over ").append(pairs.size()).append(" photos");
    out.println(summary);
  }

  static Row score(String path, String part, String capture, String side, String surface, String method,
      DecodedImage photo, DecodedImage truth, double minConfidence, int workSize) {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long c0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    Segmentation s;
    String reason;
    try {
      s = method.equals("grabcut") ? PhotoSegmenter.segment(photo, minConfidence, workSize)
          : BorderPlaneSegmenter.segment(photo);
      reason = s.reason();
    } catch (IllegalArgumentException e) {
      s = null;
      reason = e.getMessage();
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
    if (s == null) {
      return new Row(path, part, capture, side, surface, method, "none", 0, 0, 0, 0, Double.NaN, ms, cpu, reason,
          null);
    }
    byte[] expected = truthAt(truth, s.width(), s.height());
    int found = Masks.count(s.mask());
    int truePart = Masks.count(expected);
    int both = Masks.count(Masks.and(s.mask(), expected));
    return new Row(path, part, capture, side, surface, method, s.method().label(), s.confidence(),
        Masks.iou(s.mask(), expected), found == 0 ? 0 : both / (double) found, truePart == 0 ? 1 : both / (double) truePart,
        truePart / (double) expected.length, ms, cpu, reason, s.cues());
  }

  /** The true mask scaled (area averaging) to the segmentation's resolution and cut at half coverage. */
  static byte[] truthAt(DecodedImage truth, int w, int h) {
    DecodedImage scaled = truth.width() == w && truth.height() == h ? truth : ImageCodec.scale(truth, w, h);
    byte[] out = new byte[w * h];
    for (int i = 0; i < out.length; i++) out[i] = (byte) ((scaled.pixels()[i] & 0xFF) > 127 ? 255 : 0);
    return out;
  }

  private static List<Figures> table(PrintStream out, String grouping, List<Row> rows, List<String> methods) {
    Map<String, List<Row>> groups = new TreeMap<>();
    for (Row r : rows) {
      String key = switch (grouping) {
        case "side" -> r.side();
        case "colour" -> r.capture();
        default -> r.surface();
      };
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    if (grouping.equals("surface") && groups.size() == 1 && groups.containsKey("?")) return List.of();
    out.printf("by %s:%n  %-22s %-13s %6s %9s %10s %7s %7s %10s %9s %8s %8s%n", grouping, grouping, "method",
        "photos", "mean IoU", "median IoU", ">=0.8", "<0.5", "detections", "fallback", "ms/photo", "CPU ms");
    List<Figures> table = new ArrayList<>();
    groups.put("all", rows);
    for (Map.Entry<String, List<Row>> g : groups.entrySet()) {
      for (String method : methods) {
        Figures f = figures(g.getKey(), g.getValue().stream().filter(r -> r.method().equals(method)).toList());
        table.add(f);
        out.printf(Locale.ROOT, "  %-22s %-13s %6d %9.3f %10.3f %7.2f %7.2f %10.2f %9.2f %8.1f %8.1f%n",
            g.getKey(), method, f.photos(), f.meanIou(), f.medianIou(), f.atLeast08(), f.below05(), f.detections(),
            f.fallbacks(), f.meanMilliseconds(), f.meanCpuMilliseconds());
      }
    }
    return table;
  }

  static Figures figures(String group, List<Row> rows) {
    int n = rows.size();
    if (n == 0) {
      return new Figures(group, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN);
    }
    double[] iou = rows.stream().mapToDouble(Row::iou).sorted().toArray();
    double mean = 0;
    for (double v : iou) mean += v / n;
    double median = n % 2 == 1 ? iou[n / 2] : (iou[n / 2 - 1] + iou[n / 2]) / 2;
    return new Figures(group, n, mean, median,
        rows.stream().filter(r -> r.iou() >= 0.8).count() / (double) n,
        rows.stream().filter(r -> r.iou() < 0.5).count() / (double) n,
        rows.stream().filter(r -> r.result().equals(Segmentation.Method.DETECTIONS.label())).count() / (double) n,
        rows.stream().filter(r -> r.result().equals(Segmentation.Method.WHOLE_FRAME.label())
            || r.result().equals("none")).count() / (double) n,
        rows.stream().mapToDouble(Row::milliseconds).average().orElse(Double.NaN),
        rows.stream().mapToDouble(Row::cpuMilliseconds).average().orElse(Double.NaN));
  }

  /** Photos of {@code photos} that have a mask of the same name (.png) in {@code masks}, in name order. */
  static List<Path[]> pairs(Path photos, Path masks, int limit) throws IOException {
    if (!Files.isDirectory(photos)) throw new IllegalArgumentException("--photos: " + photos + " is not a directory");
    if (!Files.isDirectory(masks)) throw new IllegalArgumentException("--masks: " + masks + " is not a directory");
    List<Path[]> pairs = new ArrayList<>();
    for (PhotoFolder.Capture capture : PhotoFolder.scan(photos).captures()) {
      for (Path photo : capture.photos()) {
        String name = photo.getFileName().toString().replaceFirst("\\.[^.]+$", "") + ".png";
        Path mask = masks.resolve(capture.partId()).resolve(name);
        if (Files.isRegularFile(mask)) pairs.add(new Path[] {photo, mask});
        if (limit > 0 && pairs.size() >= limit) return pairs;
      }
    }
    return pairs;
  }

  /** The photo proxy's scene records beside its photos, by {@code part/capture}: manifest.json's and unmerged ones. */
  static final class ProxyScenes {
    private ProxyScenes() {}

    static Map<String, JsonNode> read(Path photos) throws IOException {
      Map<String, JsonNode> scenes = new HashMap<>();
      Path manifest = photos.resolve("manifest.json");
      if (Files.isRegularFile(manifest)) {
        for (JsonNode job : Json.mapper().readTree(manifest.toFile()).path("jobs")) put(scenes, job);
      }
      Path records = photos.resolve(".photo-proxy").resolve("records");
      if (Files.isDirectory(records)) {
        try (Stream<Path> files = Files.list(records)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
            try {
              put(scenes, Json.mapper().readTree(f.toFile()));
            } catch (IOException e) {
              // a record being written right now: its capture is grouped as "?"
            }
          }
        }
      }
      return scenes;
    }

    private static void put(Map<String, JsonNode> scenes, JsonNode job) {
      if (job.hasNonNull("part") && job.hasNonNull("capture")) {
        scenes.put(job.get("part").asText() + "/" + job.get("capture").asText(), job);
      }
    }
  }

  private static String required(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null || v.isBlank()) throw new IllegalArgumentException("--" + name + " is required");
    return v;
  }
}
