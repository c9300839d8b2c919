package org.brickbox.pipeline;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.brickbox.beam.LiveProgress;
import org.brickbox.pipeline.progress.ProgressOptions;
import org.brickbox.pipeline.store.StoreOptions;

/**
 * BrickBox's own options, grouped by the stage they shape, in the order a user meets them: what {@code run --help}
 * prints first and what README's options table lists. Every option of the options interfaces is in exactly one
 * group (a test checks), so a new option cannot go unlisted.
 */
public final class OptionGroups {
  /** One option: its name, value type, default ({@code (none)} or {@code (empty)}) and description. */
  public record Option(String name, String type, String defaultValue, String description) {}

  /** A titled group of options. */
  public record Group(String title, List<Option> options) {}

  /** The interfaces whose options are BrickBox's own. */
  static final List<Class<?>> INTERFACES = List.of(BrickBoxOptions.class, ProgressOptions.class,
      LiveProgress.Options.class, StoreOptions.class);

  private static final Map<String, List<String>> NAMES = new LinkedHashMap<>();

  static {
    NAMES.put("Library, output and parts", List.of("ldrawDir", "out", "parts", "partsFile", "categories",
        "excludeAliases", "excludeStickers", "excludePatterned", "excludeMinifig", "maxParts", "sampleParts"));
    NAMES.put("Render", List.of("style", "imageSize", "views", "seed", "supersampling", "minElevation",
        "maxElevation", "rotationJitter", "colour", "palette", "background", "backgroundColour", "edges", "shadows",
        "contactShadows", "restingPoses", "freePoses", "undersideViews", "focalLength", "framing", "surfaces",
        "specular", "colourVariation", "cameraEffects", "imageFormat", "webpQuality", "pngCompression"));
    NAMES.put("Embed", List.of("embed", "model", "embedBatchSize", "embedMaxBufferingMs", "embedBatchKeys",
        "embedDevice", "embedThreads", "vectorShards", "djlCacheDir"));
    NAMES.put("QA", List.of("qa", "qaThresholds", "qaBaseline", "qaMinSharpness", "qaMinSnrDb", "qaMinContrast",
        "qaMinCoverage", "qaMaxCoverage", "qaMaxBorder", "qaMaxSaturated", "qaMaxCrushed", "qaMinSsim",
        "qaNearDuplicateBits", "qaMaxEmbeddingDistance"));
    NAMES.put("Fuse: index and identification", List.of("fuse", "photos", "photosCalibration", "photosPixelsPerMm",
        "fuseQueryViews", "fuseValidationViews", "fuseSplitSeed", "fuseGroupSize", "ambiguousMargin", "indexSearch",
        "indexExactLimit", "hnswMaxConnections", "hnswBeamWidth", "hnswEfSearch"));
    NAMES.put("Incremental rebuilds and retrain triggers", List.of("incremental", "triggerThresholds"));
    NAMES.put("Work split and limits", List.of("maxTriangles", "maxPartHeapMb", "maxSubFileDepth", "maxSubFiles",
        "maxLDrawFileBytes", "maxPhotoBytes", "maxPhotoPixels", "directRunnerMaxImages", "viewsPerTask", "recordShards"));
    NAMES.put("Progress", List.of("progress", "progressIntervalSeconds", "liveProgressDir"));
    NAMES.put("Production stores (PostgreSQL; S3 with the S3 options below)", List.of("database", "databaseUser",
        "databasePasswordFile", "databaseSchema", "migrateDatabase", "databaseBatchSize", "databaseRetrySeconds",
        "s3PathStyleAccess"));
  }

  private OptionGroups() {}

  /** The groups, each option read off its getter's {@code @Description} and {@code @Default}. */
  public static List<Group> groups() {
    Map<String, Option> all = options();
    List<Group> groups = new ArrayList<>();
    NAMES.forEach((title, names) -> {
      List<Option> options = new ArrayList<>();
      for (String name : names) {
        Option o = all.get(name);
        if (o == null) throw new IllegalStateException("option group '" + title + "' lists --" + name + ", no option");
        options.add(o);
      }
      groups.add(new Group(title, List.copyOf(options)));
    });
    return groups;
  }

  /** Every option the interfaces declare, by name. */
  static Map<String, Option> options() {
    Map<String, Option> options = new LinkedHashMap<>();
    for (Class<?> type : INTERFACES) {
      for (Method m : type.getDeclaredMethods()) {
        if (!m.getName().startsWith("get") || !m.isAnnotationPresent(Description.class)) continue;
        String name = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
        options.put(name, new Option(name, m.getReturnType().getSimpleName(), defaultOf(m),
            m.getAnnotation(Description.class).value()));
      }
    }
    return options;
  }

  /** Names listed in the groups, in order, with repeats (a test wants none). */
  static List<String> listedNames() {
    return NAMES.values().stream().flatMap(List::stream).toList();
  }

  private static String defaultOf(Method getter) {
    for (Annotation a : getter.getAnnotations()) {
      if (a.annotationType().getEnclosingClass() != Default.class) continue;
      try {
        Object value = a.annotationType().getMethod("value").invoke(a);
        String text = value instanceof Class<?> c ? c.getSimpleName() : String.valueOf(value);
        return text.isEmpty() ? "(empty)" : text;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read the default of " + getter.getName(), e);
      }
    }
    return "(none)";
  }
}
