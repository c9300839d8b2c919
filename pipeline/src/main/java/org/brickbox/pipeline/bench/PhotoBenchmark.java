package org.brickbox.pipeline.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import java.util.Set;
import java.util.TreeSet;
import org.brickbox.embed.DjlEngine;
import org.brickbox.io.image.ImageHeader;
import org.brickbox.fuse.FusionWeights;
import org.brickbox.fuse.Identification;
import org.brickbox.fuse.ReferenceIndex;
import org.brickbox.fuse.ReferenceView;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.image.ImageCodecException;
import org.brickbox.io.records.Json;
import org.brickbox.fuse.CropPooling;
import org.brickbox.fuse.PhotoPreparation;
import org.brickbox.fuse.Segmentation;
import org.brickbox.fuse.CropFiles;
import org.brickbox.pipeline.identify.CameraScale;
import org.brickbox.pipeline.identify.PhotoFolder;
import org.brickbox.pipeline.identify.PhotoIdentifier;
import org.brickbox.fuse.PhotoReport;
import org.brickbox.pipeline.identify.PhotoIdentifier.EmbeddedPhoto;
import org.brickbox.pipeline.identify.PhotoIdentifier.PreparedPhoto;
import org.brickbox.pipeline.report.PhotoBenchPage;
import org.brickbox.pipeline.report.RunReport;
import org.brickbox.render.RenderKey;
import org.brickbox.stages.fuse.IndexStore;
import org.brickbox.stages.render.ImageFormat;

/**
 * {@code ./brickbox bench photos --index=OUT/index --photos=DIR [--top=5] [--out=out/bench-photos]}: BrickBox measured
 * on a labelled photo folder ({@link PhotoFolder}). Each capture is identified photo by photo and with all its photos
 * fused, through {@link PhotoIdentifier} (the code {@code identify} runs), with the model and index loaded once.
 * Prints per-part figures, the unusable photos and skipped files, the parts the index lacks and the confusions; writes
 * {@code photos.json} (every result) and {@code photos.html} (the confusions as pictures) to the report directory; the
 * last line is {@link PhotoScores#summaryLine()}. With {@code --shots=K,...} it measures the k-shot protocol instead
 * ({@link ShotsBenchmark}): the user's own labelled photos as references. With {@code --baseline=photos.json} (an
 * earlier run's report on the same photos) it also says which captures and photos the change since fixed and broke
 * ({@link PhotoComparison}).
 */
public final class PhotoBenchmark {
  public static final Set<String> OPTIONS = Set.of("index", "photos", "top", "out", "threads", "djlCacheDir", "crops",
      "cropSet", "cropPooling", "viewConfidence", "photoWeight", "weights", "shots", "seed", "splits", "shotReferences",
      "photoOnly", "photographedEvery", "baseline", "pixelsPerMm", "calibration");
  static final String DEFAULT_OUT = "out/bench-photos";
  static final String JSON_FILE = "photos.json";
  static final String HTML_FILE = "photos.html";
  static final String SHOTS_FILE = "shots.json";
  /** Each K's mean and range over the splits of {@code --splits}. */
  static final String SHOTS_SUMMARY_FILE = "shots-summary.json";
  static final String WEIGHTS_FILE = "weights.json";

  /**
   * What {@code photos.json} holds: the inputs, the figures, every capture's result and the files not used, and with
   * {@code --baseline} the comparison with that earlier report (else null).
   */
  public record Report(String index, String model, int indexParts, String photos, PhotoScores scores,
      List<CaptureResult> captures, List<PhotoFolder.Problem> skipped, PhotoComparison comparison) {
    Report withComparison(PhotoComparison c) {
      return new Report(index, model, indexParts, photos, scores, captures, skipped, c);
    }
  }

  private PhotoBenchmark() {}

  public static void run(Map<String, String> o, PrintStream out) throws IOException {
    Path indexDir = IndexStore.locate(Path.of(required(o, "index")));
    Path photosDir = Path.of(required(o, "photos"));
    int top = whole(o, "top", "5");
    if (top < 1) throw new IllegalArgumentException("--top must be >= 1, was " + top);
    int threads = whole(o, "threads", "0");
    String reportDir = o.getOrDefault("out", DEFAULT_OUT);
    PhotoFolder folder = PhotoFolder.scan(photosDir);
    if (folder.captures().isEmpty()) {
      throw new IllegalArgumentException("--photos: no photos in " + photosDir + " (expected " + PhotoFolder.LAYOUT
          + "; " + folder.skipped().size() + " other files)");
    }
    PhotoPreparation.CropSet cropSet = o.containsKey("cropSet") ? PhotoPreparation.CropSet.parse(o.get("cropSet"))
        : PhotoPreparation.CropSet.DEFAULT;
    CropPooling pooling = o.containsKey("cropPooling") ? CropPooling.parse(o.get("cropPooling"))
        : PhotoIdentifier.DEFAULT_POOLING;
    String cropsDir = o.get("crops");
    ToDoubleFunction<Path> scale = scales(o, folder);
    if (o.containsKey("shotReferences") && !o.containsKey("shots")) {
      throw new IllegalArgumentException("--shotReferences writes the references of --shots: give --shots too");
    }
    int photoOnly = whole(o, "photoOnly", "0");
    if (photoOnly < 0) throw new IllegalArgumentException("--photoOnly must be >= 0, was " + photoOnly);
    if (o.containsKey("photoOnly") && !o.containsKey("shots")) {
      throw new IllegalArgumentException("--photoOnly measures parts known from the photos of --shots: give --shots"
          + " too");
    }
    int photographedEvery = whole(o, "photographedEvery", "1");
    if (photographedEvery < 1) {
      throw new IllegalArgumentException("--photographedEvery must be >= 1, was " + photographedEvery);
    }
    if (o.containsKey("photographedEvery") && !o.containsKey("shots")) {
      throw new IllegalArgumentException("--photographedEvery chooses which parts the photos of --shots are of: give"
          + " --shots too");
    }
    if (photographedEvery > 1 && photoOnly > 0) {
      throw new IllegalArgumentException("--photoOnly parts are known only from their photos: not with"
          + " --photographedEvery, which leaves some parts without photos");
    }
    // Measuring other fusion choices than the index's: --weights=W:S:T[:C] (several, comma-separated: compared on one
    // embedding of the photos), --viewConfidence=C, --photoWeight=W.
    List<FusionWeights> compared = new ArrayList<>();
    if (o.containsKey("weights")) {
      for (String one : o.get("weights").split(",")) compared.add(FusionWeights.parse(one, "--weights"));
    }
    if (o.containsKey("baseline") && (o.containsKey("shots") || compared.size() > 1)) {
      throw new IllegalArgumentException("--baseline compares one run's answers: not with --shots or several --weights");
    }
    // Read before the model loads: a wrong path should not cost a whole run.
    Report baseline = o.containsKey("baseline") ? readBaseline(Path.of(o.get("baseline"))) : null;
    UnaryOperator<FusionWeights> weightChange = fitted -> {
      FusionWeights w = compared.size() == 1 ? compared.get(0).withPhotoWeight(fitted.photoWeight()) : fitted;
      if (o.containsKey("viewConfidence")) w = w.withViewConfidence(Double.parseDouble(o.get("viewConfidence")));
      if (o.containsKey("photoWeight")) w = w.withPhotoWeight(Double.parseDouble(o.get("photoWeight")));
      return w;
    };
    try (PhotoIdentifier identifier = new PhotoIdentifier(indexDir, new DjlEngine(o.get("djlCacheDir"), threads),
        ImageHeader.DEFAULT_MAX_PIXELS, cropSet, pooling, weightChange)) {
      var manifest = identifier.index().manifest();
      String warning = identifier.photoWarning();
      if (warning != null) out.println(warning);
      Set<String> indexed = new TreeSet<>();
      for (ReferenceView v : identifier.index().index().views()) indexed.add(v.partId());
      PrepareTime time = new PrepareTime();
      if (o.containsKey("shots")) {
        List<Integer> shots = ShotsBenchmark.parseShots(o.get("shots"));
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        int splits = ShotsBenchmark.parseSplits(o.getOrDefault("splits", "1"));
        if (o.containsKey("shotReferences") && splits > 1) {
          throw new IllegalArgumentException("--shotReferences writes one split's references: not with --splits > 1"
              + " (give that split's --seed)");
        }
        if (o.containsKey("shotReferences")) ShotsBenchmark.requireUnwritten(Path.of(o.get("shotReferences")), shots);
        List<EmbeddedCapture> embedded = embedAll(identifier, folder, indexed, cropsDir, photosDir, scale, time);
        List<ShotsBenchmark.Row> rows = ShotsBenchmark.run(identifier, embedded, shots, top, seed, splits,
            !o.containsKey("photoWeight"), photoOnly, photographedEvery);
        out.printf("index %s: %d parts, model %s; photos %s: %d captures of %d parts%n", indexDir, manifest.parts(),
            manifest.modelVersion(), photosDir, folder.captures().size(),
            folder.captures().stream().map(PhotoFolder.Capture::partId).distinct().count());
        ShotsBenchmark.print(rows, top, out);
        out.println("report: " + write(reportDir, SHOTS_FILE, Json.pretty(rows), "application/json"));
        out.println("summary: " + write(reportDir, SHOTS_SUMMARY_FILE, Json.pretty(ShotsBenchmark.Summary.of(rows)),
            "application/json"));
        if (o.containsKey("shotReferences")) {
          for (Path written : ShotsBenchmark.writeReferences(Path.of(o.get("shotReferences")), embedded, shots, seed,
              photographedEvery)) {
            out.println("references: " + written + " (train --photos on it; its K's queries stay unseen)");
          }
        }
        return;
      }
      if (compared.size() > 1) {
        List<EmbeddedCapture> embedded = embedAll(identifier, folder, indexed, cropsDir, photosDir, scale, time);
        List<FusionWeights> rows = new ArrayList<>();
        rows.add(identifier.weights());
        for (FusionWeights w : compared) {
          rows.add(w.withPhotoWeight(identifier.weights().photoWeight()));
        }
        List<WeightsRow> table = compareWeights(identifier, embedded, rows, top);
        out.printf("index %s: %d parts, model %s; photos %s: %d captures%n", indexDir, manifest.parts(),
            manifest.modelVersion(), photosDir, folder.captures().size());
        printWeights(table, top, out);
        out.println("report: " + write(reportDir, WEIGHTS_FILE, Json.pretty(table), "application/json"));
        return;
      }
      List<CaptureResult> results = new ArrayList<>();
      for (PhotoFolder.Capture capture : folder.captures()) {
        results.add(identify(identifier, capture, indexed.contains(capture.partId()), top, cropsDir, photosDir, scale,
            time));
      }
      Report report = new Report(indexDir.toString(), manifest.modelVersion(), manifest.parts(), photosDir.toString(),
          PhotoScores.of(results, top), results, folder.skipped(), null);
      if (baseline != null) report = report.withComparison(PhotoComparison.of(o.get("baseline"), baseline, report));
      print(report, out);
      out.println(segmentationLine(results, identifier, time));
      Set<String> confused = new TreeSet<>();
      for (PhotoScores.Confusion c : report.scores().confusions()) confused.addAll(List.of(c.actual(), c.predicted()));
      Map<String, Path> references = referenceImages(indexDir, identifier.index().index().views(), confused);
      String json = write(reportDir, JSON_FILE, Json.pretty(report), "application/json");
      String html = write(reportDir, HTML_FILE, PhotoBenchPage.render(report, PhotoBenchmark::thumbnail,
          part -> references.containsKey(part) ? thumbnail(references.get(part).toString()) : null)
          .getBytes(StandardCharsets.UTF_8), "text/html");
      out.println("report: " + html + ", " + json);
      if (report.comparison() != null) report.comparison().lines(top).forEach(out::println);
      out.println(report.scores().summaryLine());
    }
  }

  /**
   * The photos' camera scales: {@code --calibration=FILE} names photos and their pixels per millimetre
   * ({@link PhotoFolder#readScales}), {@code --pixelsPerMm=X} gives every other photo X; unknown without either.
   */
  static ToDoubleFunction<Path> scales(Map<String, String> o, PhotoFolder folder) throws IOException {
    return folder.scales(o.containsKey("calibration") ? Path.of(o.get("calibration")) : null,
        CameraScale.parse(o.get("pixelsPerMm"), "--pixelsPerMm"));
  }

  /**
   * One capture: every photo read and prepared on its own (an unusable one is noted and left out), the usable ones
   * embedded as one batch, then fused one by one and all together.
   */
  static CaptureResult identify(PhotoIdentifier identifier, PhotoFolder.Capture capture, boolean inIndex, int top,
      String cropsDir, Path photosDir, ToDoubleFunction<Path> scale, PrepareTime time) throws IOException {
    return score(identifier, identifier.index().index(),
        embed(identifier, capture, inIndex, cropsDir, photosDir, scale, time), top);
  }

  /**
   * A capture read, prepared and embedded: its usable photos embedded in folder order, the others with why.
   *
   * @param embedded the usable photos, in the order of {@code capture.photos()} without the unusable ones
   */
  record EmbeddedCapture(PhotoFolder.Capture capture, boolean inIndex, Map<Path, String> errors,
      List<EmbeddedPhoto> embedded) {}

  /** Every capture of the folder embedded once (the k-shot protocol and --weights score them many times). */
  private static List<EmbeddedCapture> embedAll(PhotoIdentifier identifier, PhotoFolder folder, Set<String> indexed,
      String cropsDir, Path photosDir, ToDoubleFunction<Path> scale, PrepareTime time) throws IOException {
    List<EmbeddedCapture> embedded = new ArrayList<>();
    for (PhotoFolder.Capture capture : folder.captures()) {
      embedded.add(embed(identifier, capture, indexed.contains(capture.partId()), cropsDir, photosDir, scale, time));
    }
    return embedded;
  }

  /**
   * Reads and prepares every photo of the capture on its own, and embeds the usable ones as one batch.
   *
   * @param scale each photo's camera scale (pixels per millimetre), NaN where unknown
   */
  static EmbeddedCapture embed(PhotoIdentifier identifier, PhotoFolder.Capture capture, boolean inIndex,
      String cropsDir, Path photosDir, ToDoubleFunction<Path> scale, PrepareTime time) throws IOException {
    Map<Path, String> errors = new HashMap<>();
    List<PreparedPhoto> usable = new ArrayList<>();
    for (Path photo : capture.photos()) {
      try {
        byte[] bytes = Files.readAllBytes(photo);
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        PreparedPhoto prepared;
        try {
          prepared = identifier.prepare(bytes, photo.toString(), scale.applyAsDouble(photo));
        } finally {
          time.add(System.nanoTime() - t0, THREADS.getCurrentThreadCpuTime() - c0);
        }
        usable.add(prepared);
        if (cropsDir != null) {
          String stem = photosDir.relativize(photo).toString().replaceFirst("\\.[^.]+$", "");
          CropFiles.write(cropsDir, stem, photo.toString(), prepared.prepared());
        }
      } catch (IOException e) {
        errors.put(photo, "cannot read the file (" + e + ")");
      } catch (PhotoIdentifier.UnusablePhotoException e) {
        errors.put(photo, e.reason());
      }
    }
    return new EmbeddedCapture(capture, inIndex, errors, usable.isEmpty() ? List.of() : identifier.embed(usable));
  }

  /**
   * One row of {@code --weights}' comparison: the weights (the first row is the index's own, after any
   * --viewConfidence and --photoWeight) and their figures over the same embedded photos.
   */
  record WeightsRow(FusionWeights weights, boolean indexOwn, double fusedTop1, double fusedTopK, double singleTop1,
      int captures) {}

  static List<WeightsRow> compareWeights(PhotoIdentifier identifier, List<EmbeddedCapture> embedded,
      List<FusionWeights> weights, int top) {
    List<WeightsRow> rows = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      List<CaptureResult> results = new ArrayList<>();
      for (EmbeddedCapture c : embedded) {
        results.add(score(identifier, identifier.index().index(), c, top, weights.get(i)));
      }
      PhotoScores s = PhotoScores.of(results, top);
      rows.add(new WeightsRow(weights.get(i), i == 0, s.fusedTop1(), s.fusedTopK(), s.singleTop1(), s.captures()));
    }
    return rows;
  }

  private static void printWeights(List<WeightsRow> rows, int top, PrintStream out) {
    out.printf("  %-36s %11s %11s %12s%n", "weights (shape W:S, pool T, view C)", "fused top-1", "fused top-" + top,
        "single top-1");
    for (WeightsRow r : rows) {
      FusionWeights w = r.weights();
      out.printf(Locale.ROOT, "  %-36s %11.3f %11.3f %12.3f%s%n", String.format(Locale.ROOT, "%s:%s:%s:%s",
          w.shapeWeight(), w.shapeScale(), w.poolTemperature(), w.viewConfidence()), r.fusedTop1(), r.fusedTopK(),
          r.singleTop1(), r.indexOwn() ? "   (the index's)" : "");
    }
  }

  /** An embedded capture identified against {@code references}: each usable photo alone, then all fused. */
  static CaptureResult score(PhotoIdentifier identifier, ReferenceIndex references, EmbeddedCapture c, int top) {
    return score(identifier, references, c, top, identifier.weights());
  }

  /** {@link #score(PhotoIdentifier, ReferenceIndex, EmbeddedCapture, int)} with the given fusion weights. */
  static CaptureResult score(PhotoIdentifier identifier, ReferenceIndex references, EmbeddedCapture c, int top,
      FusionWeights weights) {
    List<CaptureResult.PhotoResult> photos = new ArrayList<>();
    int next = 0;
    String partId = c.capture().partId();
    for (Path photo : c.capture().photos()) {
      if (c.errors().containsKey(photo)) {
        photos.add(new CaptureResult.PhotoResult(photo.toString(), null, 0, c.errors().get(photo), null));
      } else {
        EmbeddedPhoto one = c.embedded().get(next++);
        Identification alone = identifier.fuse(references, List.of(one), top, weights).identification();
        photos.add(new CaptureResult.PhotoResult(photo.toString(), alone.best(), alone.rankOf(partId), null,
            PhotoReport.of(photo.toString(), one.photo().prepared())));
      }
    }
    if (c.embedded().isEmpty()) {
      return new CaptureResult(partId, c.capture().name(), c.inIndex(), photos, List.of(), 0);
    }
    Identification fused = identifier.fuse(references, c.embedded(), top, weights).identification();
    return new CaptureResult(partId, c.capture().name(), c.inIndex(), photos, fused.candidates(),
        fused.rankOf(partId));
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();
  /** Time spent preparing photos (decode, segment, cut the crops): wall and thread CPU nanoseconds. */
  static final class PrepareTime {
    private long photos;
    private long wall;
    private long cpu;

    synchronized void add(long wallNanos, long cpuNanos) {
      photos++;
      wall += wallNanos;
      cpu += cpuNanos;
    }

    synchronized String perPhoto() {
      return photos == 0 ? "no photos prepared" : String.format(Locale.ROOT,
          "prepare %.0f ms/photo (%.0f CPU ms: decode, segment, crops)", wall / 1e6 / photos, cpu / 1e6 / photos);
    }
  }

  /** How the usable photos were used: segmented, or whole frame after a fallback; the crops and their pooling. */
  static String segmentationLine(List<CaptureResult> results, PhotoIdentifier identifier, PrepareTime time) {
    int segmented = 0;
    int whole = 0;
    int cut = 0;
    for (CaptureResult c : results) {
      for (CaptureResult.PhotoResult p : c.photos()) {
        if (p.segmentation() == null) continue;
        if (p.segmentation().method().equals(Segmentation.Method.WHOLE_FRAME.label())) whole++;
        else segmented++;
        if (!p.segmentation().cut().isEmpty()) cut++;
      }
    }
    return String.format(Locale.ROOT, "segmentation: %d photos segmented (%d of them cut by the border), %d used "
        + "whole (not trusted); crops %s pooled by %s; photos weighed %s; %s", segmented, cut, whole,
        identifier.cropSet(), identifier.pooling().label(), identifier.weights().viewConfidence() > 0
            ? "by confidence (" + identifier.weights().viewConfidence() + ")" : "alike", time.perPhoto());
  }

  private static Report readBaseline(Path file) {
    Report report;
    try {
      report = Json.read(Files.readAllBytes(file), Report.class);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("--baseline: cannot read " + file + " as a bench photos report ("
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""))
          + ")", e);
    }
    if (report == null || report.captures() == null || report.scores() == null) {
      throw new IllegalArgumentException("--baseline: " + file + " is not a bench photos report (photos.json): it has "
          + "no captures");
    }
    return report;
  }

  private static void print(Report report, PrintStream out) {
    PhotoScores s = report.scores();
    out.printf("index %s: %d parts, model %s%n", report.index(), report.indexParts(), report.model());
    out.printf("photos %s: %d captures of %d parts, %d photos (unusable: %d), other files skipped: %d%n",
        report.photos(), s.captures(), s.parts(), s.photos(), s.unusablePhotos(), report.skipped().size());
    String topK = "top-" + s.top();
    out.printf("  %-14s %-8s %8s %6s %11s %9s %12s%n", "part", "in index", "captures", "photos", "fused top-1",
        "fused " + topK, "single top-1");
    for (PhotoScores.PartRow p : s.perPart()) {
      out.printf("  %-14s %-8s %8d %6d %11.3f %9.3f %12.3f%n", p.partId(), p.inIndex() ? "yes" : "NO", p.captures(),
          p.photos(), p.fusedTop1(), p.fusedTopK(), p.singleTop1());
    }
    out.printf("  %-14s %-8s %8d %6d %11.3f %9.3f %12.3f%n", "all", "", s.captures(), s.photos(), s.fusedTop1(),
        s.fusedTopK(), s.singleTop1());
    List<String> unusable = new ArrayList<>();
    for (CaptureResult c : report.captures()) {
      for (CaptureResult.PhotoResult p : c.photos()) if (p.error() != null) unusable.add(p.path() + ": " + p.error());
    }
    list(out, "unusable photos (each a single-photo miss; a capture with none usable is a miss)", unusable);
    list(out, "skipped files (not photos of the layout " + PhotoFolder.LAYOUT + ")",
        report.skipped().stream().map(p -> p.path() + ": " + p.reason()).toList());
    list(out, "parts not in the index (cannot be right: their captures count as misses)", s.partsNotInIndex());
    list(out, "confusions (true part -> fused answer: captures)", s.confusions().stream()
        .map(c -> c.actual() + " -> " + c.predicted() + ": " + c.count() + " " + c.captures()).toList());
  }

  private static void list(PrintStream out, String title, List<String> lines) {
    if (lines.isEmpty()) return;
    out.println(title + ":");
    for (String line : lines) out.println("  " + line);
  }

  /**
   * For each of {@code parts} that the index holds, the image file of its first reference view in the run output
   * that holds the index ({@code OUT/index} next to {@code OUT/images}); parts whose image is not there are left out.
   */
  static Map<String, Path> referenceImages(Path indexDir, List<ReferenceView> views, Set<String> parts) {
    Path run = indexDir.toAbsolutePath().normalize().getParent();
    Map<String, Path> images = new LinkedHashMap<>();
    if (run == null) return images;
    for (ReferenceView v : views) {
      if (!parts.contains(v.partId()) || images.containsKey(v.partId())) continue;
      // The image path is named by part, colour and view; the seed is not part of it.
      RenderKey key = new RenderKey(v.partId(), v.colourCode(), v.viewIndex(), 0);
      for (ImageFormat format : ImageFormat.values()) {
        Path image = run.resolve(format.imagePath(key));
        if (Files.isRegularFile(image)) {
          images.put(v.partId(), image);
          break;
        }
      }
    }
    return images;
  }

  /** A photo or render as a small inline image, or null when it cannot be read (the page then shows its name). */
  private static String thumbnail(String path) {
    try {
      return RunReport.thumbnail(Files.readAllBytes(Path.of(path)));
    } catch (IOException | ImageCodecException e) {
      return null;
    }
  }

  private static String write(String dir, String name, byte[] bytes, String mimeType) throws IOException {
    var target = OutputFiles.resolve(dir, name);
    OutputFiles.writeAtomically(target, bytes, mimeType);
    return target.toString();
  }

  private static String required(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null || v.isBlank()) throw new IllegalArgumentException("--" + name + " is required");
    return v;
  }

  private static int whole(Map<String, String> o, String name, String fallback) {
    String v = o.getOrDefault(name, fallback);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + v + "'");
    }
  }
}
