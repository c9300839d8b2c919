package org.brickbox.pipeline;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.util.ReleaseInfo;
import org.brickbox.embed.DjlEngine;
import org.brickbox.embed.EmbeddingModel;
import org.brickbox.embed.ModelInfo;
import org.brickbox.embed.BuiltinModel;
import org.brickbox.embed.ModelSpec;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.ldraw.LDrawLimits;
import org.brickbox.io.ldraw.PartFilter;
import org.brickbox.io.ldraw.PartSelection;
import org.brickbox.io.ldraw.SelectedParts;
import org.brickbox.io.records.Hashes;
import org.brickbox.io.records.Json;
import org.brickbox.beam.WriteSortedShards;
import org.brickbox.pipeline.identify.CameraScale;
import org.brickbox.pipeline.manifest.RunInfo;
import org.brickbox.pipeline.manifest.RunRecorder;
import org.brickbox.pipeline.rebuild.PlannedKeys;
import org.brickbox.pipeline.rebuild.PreviousOutputs;
import org.brickbox.pipeline.rebuild.RebuildPlan;
import org.brickbox.pipeline.rebuild.RebuildPlanner;
import org.brickbox.triggers.RetrainRules;
import org.brickbox.triggers.TrainingInfo;
import org.brickbox.triggers.TriggerThresholds;
import org.brickbox.render.BackgroundMode;
import org.brickbox.render.PartRenderer;
import org.brickbox.render.PhotoSettings;
import org.brickbox.render.RenderSettings;
import org.brickbox.render.RenderStyle;
import org.brickbox.render.photo.CameraStageSettings;
import org.brickbox.stages.embed.EmbedConfig;
import org.brickbox.stages.fuse.FuseConfig;
import org.brickbox.stages.fuse.FuseStage;
import org.brickbox.fuse.HnswSearch;
import org.brickbox.fuse.ImageCues;
import org.brickbox.stages.render.ImageFormat;
import org.brickbox.stages.qa.QaConfig;
import org.brickbox.stages.qa.QaStage;
import org.brickbox.stages.render.RenderConfig;

/**
 * What a run will do, decided on the launching machine before the graph is built: which library, which parts
 * (and which requested ids are unknown), the render configuration and the run's identity for the manifest.
 */
public record RunPlan(SelectedParts parts, RenderConfig render, EmbedConfig embed, FuseConfig fuse, RunInfo run,
    int recordShards, int vectorShards, RebuildPlan rebuild, RunRecorder recorder, QaConfig qa, PhotoPlan photos) {
  /** The run's version of the view cues ({@link ImageCues#VERSION}), where QA or Fuse runs. */
  public static final String CUES = "cues";

  /**
   * Options that say where things are, how work is split or how the run is judged, not what is built; not in the
   * options hash (an incremental and a full run build the same outputs). The photos and their camera scales decide
   * the index through the photo set's hash ({@link PhotoPlan#setHash}), not by re-rendering every part.
   */
  private static final Set<String> LOCATION_OPTIONS = Set.of("out", "ldrawDir", "viewsPerTask", "djlCacheDir",
      "incremental", "triggerThresholds", "photos", "photosCalibration", "photosPixelsPerMm");

  public static RunPlan from(BrickBoxOptions options) {
    Path root = LDrawLibrary.locate(options.getLdrawDir());
    LDrawLimits limits = new LDrawLimits(options.getMaxSubFileDepth(), options.getMaxTriangles(),
        options.getMaxLDrawFileBytes(), options.getMaxSubFiles());
    LDrawLibrary library = LDrawLibrary.shared(root, limits);
    SelectedParts parts = selection(options).select(library.catalog())
        .evenlySpaced(options.getSampleParts()).first(options.getMaxParts());
    RenderConfig render = new RenderConfig(root.toString(), library.fingerprint(), options.getOut(), renderSettings(options), limits,
        options.getMaxPartHeapMb() * (1L << 20), ImageFormat.parse(options.getImageFormat()),
        options.getPngCompression(), options.getWebpQuality(), options.getViewsPerTask());
    checkDirectRunnerSize(options, (long) parts.partIds().size() * render.settings().viewCount());

    EmbedConfig embed = null;
    ModelInfo model = null;
    if (options.getEmbed()) {
      if (options.getVectorShards() < 1) {
        throw new IllegalArgumentException("--vectorShards must be >= 1, was " + options.getVectorShards());
      }
      ModelSpec spec = modelFor(options.getModel(), render.settings().style());
      model = EmbeddingModel.describe(spec);
      embed = new EmbedConfig(spec, options.getEmbedBatchSize(), options.getEmbedMaxBufferingMs(),
          options.getEmbedBatchKeys(), new DjlEngine(options.getDjlCacheDir(), options.getEmbedThreads(),
          options.getEmbedDevice()));
    }

    Map<String, Object> brickboxOptions = brickBoxOptionValues(options);
    String optionsHash = Hashes.sha256Hex(Json.line(brickboxOptions));
    Map<String, String> versions = new TreeMap<>();
    versions.put("brickbox", Versions.BRICKBOX);
    versions.put("beam", ReleaseInfo.getReleaseInfo().getSdkVersion());
    versions.put("java", System.getProperty("java.version"));
    versions.put("runner", options.getRunner().getSimpleName());
    versions.put("renderer", PartRenderer.RENDERER_VERSION);
    Map<String, String> stageVersions = new TreeMap<>(Map.of("render", PartRenderer.RENDERER_VERSION));
    if (model != null) {
      versions.put("embedModel", model.spec());
      versions.put("embedModelVersion", model.version());
      versions.put("djl", ai.djl.engine.Engine.getDjlVersion());
      stageVersions.put("embed", model.version());
    }
    FuseConfig fuse = embed != null && options.getFuse() ? fuseConfig(options, optionsHash, render) : null;
    QaConfig qa = QaPlan.config(options);
    // Stage versions decide outputs too: a rerun after QA's or Fuse's logic changed must not short-circuit to
    // the previous run's index and accuracy (see rebuildPlan).
    if (fuse != null) {
      stageVersions.put("fuse", FuseStage.VERSION);
      versions.put("fuse", FuseStage.VERSION);
    }
    if (qa != null) {
      stageVersions.put(QaStage.NAME, QaStage.VERSION);
      versions.put(QaStage.NAME, QaStage.VERSION);
    }
    // So do the cues read off each view's image (silhouette, colour, length), which QA keeps and the index compares
    // photos by: a new way of reading them must not short-circuit to an index of the old ones. Each view's cues carry
    // their version, so the rerun reads only those again; QA's verdicts stand.
    if (fuse != null || qa != null) versions.put(CUES, ImageCues.VERSION);
    // The photos folder's content, not its location, decides the index: its hash is a version.
    PreviousOutputs previous;
    try {
      // Read even for a full rebuild: keys no longer planned and an interrupted run are handled either way.
      previous = PreviousOutputs.read(options.getOut());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the previous run in " + options.getOut(), e);
    }
    PhotoPlan photos = photoPlan(options, fuse, model, previous, parts, library);
    if (!photos.isEmpty()) versions.put("photos", photos.setHash());
    Map<String, Object> ldraw = new LinkedHashMap<>();
    ldraw.put("root", root.toString());
    ldraw.put("version", library.version());
    Map<String, Long> planned = new LinkedHashMap<>();
    planned.put("parts.selected", (long) parts.partIds().size());
    planned.put("parts.unknown", (long) parts.unknownIds().size());
    planned.put("render.keys.planned", (long) parts.partIds().size() * render.settings().viewCount());
    // ---- incremental rebuild and retrain triggers
    TrainingInfo training = embed == null ? null : TrainingInfo.of(EmbeddingModel.trainingRecord(embed.model()));
    if (training != null) {
      Set<String> trained = new java.util.HashSet<>(training.parts());
      planned.put(RetrainRules.UNTRAINED_KEYS, parts.partIds().stream().filter(p -> !trained.contains(p)).count()
          * render.settings().viewCount());
    }
    RebuildPlan rebuild = rebuildPlan(options, library, parts, render, model, versions, optionsHash, photos,
        previous);
    planned.put("render.keys.skipped", (long) rebuild.carriedKeys().size());
    if (!previous.corrupt().isEmpty()) planned.put("rebuild.corrupt_files", (long) previous.corrupt().size());
    if (embed != null) planned.put("embed.images.skipped", (long) rebuild.reusedVectorKeys().size());
    if (!photos.isEmpty()) {
      planned.put("photos.planned", (long) photos.tasks().size());
      planned.put("photos.reused", (long) photos.reused().size());
      // A photo the model was not trained on (train --photos) is new data for the retrain rule.
      Set<String> seen = training == null ? Set.of() : new java.util.HashSet<>(training.photos());
      planned.put(RetrainRules.UNTRAINED_PHOTOS, photos.hashes().stream().filter(h -> !seen.contains(h)).count());
      fuse = fuse.withTrainedPhotos(photos.keysOf(seen));
    }
    RunRecorder recorder = new RunRecorder(TriggerThresholds.parse(options.getTriggerThresholds()), training);

    String runId = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
        + "-" + optionsHash.substring(0, 8);
    RunInfo run = new RunInfo(runId, options.getOut(), versions, stageVersions, ldraw, brickboxOptions, optionsHash,
        planned);
    return new RunPlan(parts, render, embed, fuse, run, options.getRecordShards(), options.getVectorShards(), rebuild,
        recorder, qa, photos);
  }

  /** Compares every planned key's inputs with what the previous run in {@code --out} recorded. */
  private static RebuildPlan rebuildPlan(BrickBoxOptions options, LDrawLibrary library, SelectedParts parts,
      RenderConfig render, ModelInfo model, Map<String, String> versions, String optionsHash, PhotoPlan photos,
      PreviousOutputs previous) {
    Set<String> shardFiles = new java.util.TreeSet<>();
    for (int i = 0; i < options.getRecordShards(); i++) {
      shardFiles.add(WriteSortedShards.shardBaseName("renders", i, options.getRecordShards()) + ".jsonl");
    }
    for (int i = 0; model != null && i < options.getVectorShards(); i++) {
      shardFiles.add(WriteSortedShards.shardBaseName("vectors", i, options.getVectorShards()) + ".jsonl");
    }
    for (int i = 0; !photos.isEmpty() && i < PhotoPlan.RECORDS_SHARDS; i++) {
      shardFiles.add(WriteSortedShards.shardBaseName(PhotoPlan.RECORDS_NAME, i, PhotoPlan.RECORDS_SHARDS) + ".jsonl");
    }
    Map<String, String> deciding = new TreeMap<>(versions);
    // The runner, Beam and Java do not change outputs; the renderer, model, view cues and the QA and Fuse stages do.
    deciding.keySet().retainAll(Set.of("brickbox", "renderer", "embedModel", "embedModelVersion", "fuse",
        QaStage.NAME, CUES, "photos"));
    var current = new RebuildPlanner.Current(options.getIncremental(), options.getViewsPerTask(),
        model == null ? null : model.spec(), model == null ? null : model.version(),
        optionsHash, deciding, shardFiles, photos.tasks().size(),
        options.getQaBaseline() == null || options.getQaBaseline().isBlank() ? null : options.getQaBaseline());
    return RebuildPlanner.plan(PlannedKeys.of(library, parts.partIds(), render), previous, current,
        PlannedKeys.intactIn(options.getOut()));
  }

  /** The photos {@code --photos} adds to the index; none without the option. It needs the embed and fuse stages. */
  private static PhotoPlan photoPlan(BrickBoxOptions options, FuseConfig fuse, ModelInfo model,
      PreviousOutputs previous, SelectedParts parts, LDrawLibrary library) {
    String calibration = options.getPhotosCalibration();
    double scale = CameraScale.parse(options.getPhotosPixelsPerMm(), "--photosPixelsPerMm");
    if (options.getPhotos() == null || options.getPhotos().isBlank()) {
      if ((calibration != null && !calibration.isBlank()) || !Double.isNaN(scale)) {
        throw new IllegalArgumentException("--photosCalibration and --photosPixelsPerMm give --photos their camera's "
            + "scale: they need --photos=DIR");
      }
      return PhotoPlan.NONE;
    }
    if (fuse == null) {
      throw new IllegalArgumentException("--photos adds reference views to the index: it needs --embed=true and "
          + "--fuse=true");
    }
    return PhotoPlan.of(Path.of(options.getPhotos()), previous.photoReferences(), model.version(),
        options.getMaxPhotoBytes(), calibration == null || calibration.isBlank() ? null : Path.of(calibration), scale,
        parts.partIds(), library.catalog()::contains);
  }

  private static FuseConfig fuseConfig(BrickBoxOptions o, String optionsHash, RenderConfig render) {
    long splitSeed = o.getFuseSplitSeed() >= 0 ? o.getFuseSplitSeed() : o.getSeed();
    return new FuseConfig(o.getOut(), optionsHash.substring(0, 12), o.getFuseQueryViews(), o.getFuseValidationViews(),
        splitSeed, o.getFuseGroupSize(), o.getAmbiguousMargin(), o.getIndexSearch(), o.getIndexExactLimit(),
        new HnswSearch.Parameters(o.getHnswMaxConnections(), o.getHnswBeamWidth(), o.getHnswEfSearch()),
        render.settings().imageSize(), o.getMaxPhotoPixels(), List.of());
  }

  /** Refuses a run too large for the DirectRunner before any work, naming the command to use instead. */
  static void checkDirectRunnerSize(BrickBoxOptions options, long images) {
    int limit = options.getDirectRunnerMaxImages();
    if (limit <= 0 || images <= limit || !options.getRunner().getSimpleName().equals("DirectRunner")) return;
    throw new IllegalArgumentException(images + " images are planned, more than the DirectRunner is meant for "
        + "(--directRunnerMaxImages=" + limit + "): run the same graph on Flink's embedded cluster on this machine "
        + "with --runner=FlinkRunner --flinkMaster=[local] (same outputs), or on a cluster (README, Flink); "
        + "--directRunnerMaxImages=0 lifts the limit");
  }

  static PartSelection selection(BrickBoxOptions o) {
    List<String> ids = new ArrayList<>();
    if (o.getParts() != null && !o.getParts().isBlank()) ids.addAll(Arrays.asList(o.getParts().split(",")));
    if (o.getPartsFile() != null) {
      ids.addAll(((PartSelection.Explicit) PartSelection.idFile(Path.of(o.getPartsFile()))).ids());
    }
    if (!ids.isEmpty()) return new PartSelection.Explicit(ids);
    Set<String> categories = new LinkedHashSet<>();
    for (String c : o.getCategories().split(",")) if (!c.isBlank()) categories.add(c.trim());
    return PartSelection.matching(new PartFilter(categories, o.getExcludeAliases(), o.getExcludeStickers(),
        o.getExcludePatterned(), o.getExcludeMinifig()));
  }

  static RenderSettings renderSettings(BrickBoxOptions o) {
    RenderSettings.Builder b = RenderSettings.builder()
        .imageSize(o.getImageSize())
        .supersampling(o.getSupersampling())
        .viewCount(o.getViews())
        .elevationDeg(o.getMinElevation(), o.getMaxElevation())
        .rotationJitterDeg(o.getRotationJitter())
        .background(parseBackground(o.getBackground()))
        .backgroundRgb(parseRgb(o.getBackgroundColour()))
        .edges(o.getEdges())
        .seed(o.getSeed())
        .style(parseStyle(o.getStyle()))
        .photo(photoSettings(o));
    String colour = o.getColour().trim();
    if (colour.equalsIgnoreCase("palette")) {
      if (!o.getPalette().isBlank()) b.palette(parseCodes(o.getPalette(), "--palette"));
    } else {
      b.fixedColour(parseCodes(colour, "--colour").get(0));
    }
    return b.build();
  }

  /**
   * The model {@code --model} names; {@code builtin} is the built-in model trained for the run's style: the
   * photographic one for PHOTO, the CAD one for CAD (fused three-view top-1 on held-out CAD renders 0.975 against
   * 0.893 for the photographic model, BENCHMARKS.md). {@code builtin:photo} and {@code builtin:cad} name one outright.
   */
  static ModelSpec modelFor(String option, RenderStyle style) {
    if (option.trim().equals("builtin") && style == RenderStyle.CAD) return ModelSpec.builtin(BuiltinModel.CAD);
    return ModelSpec.parse(option);
  }

  static RenderStyle parseStyle(String name) {
    try {
      return RenderStyle.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--style must be one of " + Arrays.toString(RenderStyle.values())
          + ", was '" + name + "'", e);
    }
  }

  static PhotoSettings photoSettings(BrickBoxOptions o) {
    double[] focal = parseRange(o.getFocalLength(), "--focalLength");
    double[] framing = parseRange(o.getFraming(), "--framing");
    return new PhotoSettings(o.getShadows(), o.getContactShadows(), o.getRestingPoses(), o.getFreePoses(),
        o.getUndersideViews(), focal[0], focal[1], framing[0], framing[1], o.getSurfaces(), o.getSpecular(),
        o.getColourVariation(), CameraStageSettings.only(parseEffects(o.getCameraEffects())));
  }

  /** "A-B" or "A" (both ends A). */
  private static double[] parseRange(String text, String option) {
    String[] ends = text.trim().split("\\s*-\\s*");
    try {
      double lo = Double.parseDouble(ends[0]);
      double hi = ends.length == 1 ? lo : Double.parseDouble(ends[1]);
      if (ends.length > 2 || lo > hi) throw new NumberFormatException();
      return new double[] {lo, hi};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be MIN-MAX or one number, was '" + text + "'", e);
    }
  }

  private static Set<CameraStageSettings.Effect> parseEffects(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("all")) return EnumSet.allOf(CameraStageSettings.Effect.class);
    Set<CameraStageSettings.Effect> effects = EnumSet.noneOf(CameraStageSettings.Effect.class);
    if (t.equalsIgnoreCase("none") || t.isEmpty()) return effects;
    for (String name : t.split(",")) {
      effects.add(CameraStageSettings.Effect.parse(name.trim()).orElseThrow(() -> new IllegalArgumentException(
          "--cameraEffects: unknown effect '" + name.trim() + "'; use all, none or a comma list of "
              + CameraStageSettings.Effect.names())));
    }
    return effects;
  }

  private static BackgroundMode parseBackground(String name) {
    try {
      return BackgroundMode.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--background must be one of " + Arrays.toString(BackgroundMode.values())
          + ", was '" + name + "'", e);
    }
  }

  /** "RRGGBB" (an optional leading '#' or '0x' allowed) as 0xRRGGBB; blank = null. */
  private static Integer parseRgb(String text) {
    String hex = text.trim().replaceFirst("^(#|0x)", "");
    if (hex.isEmpty()) return null;
    if (!hex.matches("[0-9A-Fa-f]{6}")) {
      throw new IllegalArgumentException("--backgroundColour takes six hex digits RRGGBB, e.g. 1B2A34, not '" + text + "'");
    }
    return Integer.parseInt(hex, 16);
  }

  private static List<Integer> parseCodes(String text, String option) {
    List<Integer> codes = new ArrayList<>();
    for (String token : text.split(",")) {
      String t = token.trim();
      if (t.isEmpty()) continue;
      try {
        codes.add(t.startsWith("0x") ? Integer.parseUnsignedInt(t.substring(2), 16) : Integer.parseInt(t));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " takes LDraw colour codes such as 4 or 0x2FF0000, not '" + t + "'");
      }
    }
    if (codes.isEmpty()) throw new IllegalArgumentException(option + " needs at least one colour code");
    return codes;
  }

  /** Every BrickBox option that decides what is built, by name, in name order (the options hash input). */
  static Map<String, Object> brickBoxOptionValues(BrickBoxOptions options) {
    Map<String, Object> values = new TreeMap<>();
    Method[] getters = BrickBoxOptions.class.getDeclaredMethods();
    Arrays.sort(getters, Comparator.comparing(Method::getName));
    for (Method m : getters) {
      if (!m.getName().startsWith("get") || m.getParameterCount() != 0) continue;
      String name = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
      if (LOCATION_OPTIONS.contains(name)) continue;
      try {
        Object value = m.invoke(options);
        if (value != null) values.put(name, value);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read option " + name, e);
      }
    }
    return values;
  }
}
