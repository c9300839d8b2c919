package org.brickbox.pipeline.serve;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.brickbox.embed.DjlEngine;
import org.brickbox.fuse.PhotoPreparation;
import org.brickbox.pipeline.identify.CameraScale;
import org.brickbox.io.image.ImageHeader;
import org.brickbox.stages.fuse.IndexStore;

/**
 * What {@code ./brickbox serve} (and {@code bench serve}, which starts the same server) is told: where to listen, the
 * index, how much work runs at once and the limits that keep a hostile request from hurting the server.
 *
 * @param workers photos prepared (decoded, segmented, cropped) at once
 * @param modelThreads forward passes of the model at once, each on its own thread
 * @param maxBatch most crops in one forward pass of the model
 * @param cropSet the crops each photo is embedded as
 * @param queue identify requests in progress at once, waiting ones included
 * @param maxBodyBytes largest request body
 * @param maxPixels a photo whose header declares more is refused before decoding
 */
public record ServeOptions(Path index, String host, int port, int workers, int modelThreads, int maxBatch, int queue,
    int maxPhotos, long maxBodyBytes, long maxPixels, int shutdownSeconds, double pixelsPerMm,
    PhotoPreparation.CropSet cropSet, DjlEngine engine) {

  /** One option as {@code --help} shows it; {@code defaultValue} null means required. */
  record Option(String name, String defaultValue, String description) {}

  static final List<Option> OPTIONS = List.of(
      new Option("index", null, "the reference index to identify against (a run's OUT/index, or OUT itself)"),
      new Option("host", "127.0.0.1", "the address to listen on; 0.0.0.0 listens on every interface (no TLS, no"
          + " authentication: put a proxy in front)"),
      new Option("port", "8080", "the port; 0 takes a free one (printed at start)"),
      new Option("workers", "cores", "photos decoded and prepared at once; cores: one per core"),
      new Option("modelThreads", "cores", "forward passes of the model at once, each on its own thread (a lone"
          + " request's crops are split across idle ones); cores: one per core"),
      new Option("maxBatch", "48", "most crops in one forward pass (2-3 a photo, --cropSet): requests that wait"
          + " together are embedded together"),
      new Option("queue", "32", "identify requests in progress at once, waiting ones included; more are answered 503"),
      new Option("maxPhotos", "8", "most photos in one request"),
      new Option("maxBodyMB", "32", "largest request body in MiB; a larger one is answered 413 (up to twice this "
          + "is read and dropped first, so that a client still sending sees the answer)"),
      new Option("maxPixels", Long.toString(ImageHeader.DEFAULT_MAX_PIXELS), "a photo whose header declares more"
          + " pixels is refused before decoding (a decompression bomb)"),
      new Option("pixelsPerMm", "", "the camera's scale at the part (pixels per millimetre), for requests that do not"
          + " send their own ('pixelsPerMm' field); empty: unknown"),
      new Option("cropSet", PhotoPreparation.CropSet.DEFAULT.toString(), "the crops of a segmented photo / of one"
          + " used whole, as identify --cropSet: segmented,tight embeds a third less (more photos/s) for about the same"
          + " top-1 and a lower top-5 (BENCHMARKS.md)"),
      new Option("shutdownSeconds", "30", "on Ctrl-C or SIGTERM, how long requests in flight get to finish"),
      new Option("djlCacheDir", "", "where PyTorch's natives are unpacked; empty: ~/.djl.ai"),
      new Option("threads", "1", "PyTorch threads in each forward pass; 0: one per core (for --modelThreads=1): small"
          + " batches run faster as one pass per core than as one pass over every core"));

  public static Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    for (Option o : OPTIONS) names.add(o.name());
    return names;
  }

  /** The options, one a line: {@code --name=default  description}. */
  public static String describe() {
    StringBuilder s = new StringBuilder();
    for (Option o : OPTIONS) {
      String flag = "--" + o.name() + "=" + (o.defaultValue() == null ? "DIR" : o.defaultValue());
      s.append(String.format(Locale.ROOT, "  %-22s %s%n", flag, o.description()));
    }
    return s.toString().stripTrailing();
  }

  /** Reads {@code --name=value} options (names checked by the caller); missing ones take their defaults. */
  public static ServeOptions parse(Map<String, String> values) {
    String index = values.get("index");
    if (index == null || index.isBlank()) throw new IllegalArgumentException("--index is required (see --help)");
    return new ServeOptions(IndexStore.locate(Path.of(index)), text(values, "host"), number(values, "port", 0, 65535),
        coresOrNumber(values, "workers"), coresOrNumber(values, "modelThreads"),
        number(values, "maxBatch", 1, 4096), number(values, "queue", 1, 10_000), number(values, "maxPhotos", 1, 1000),
        number(values, "maxBodyMB", 1, 4096) * 1024L * 1024L, longNumber(values, "maxPixels"),
        number(values, "shutdownSeconds", 0, 3600), CameraScale.parse(text(values, "pixelsPerMm"), "--pixelsPerMm"),
        PhotoPreparation.CropSet.parse(text(values, "cropSet")),
        new DjlEngine(text(values, "djlCacheDir"), number(values, "threads", 0, 256)));
  }

  /** The value given, or the option's default. */
  private static String text(Map<String, String> values, String name) {
    String given = values.get(name);
    if (given != null) return given.strip();
    return OPTIONS.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow().defaultValue();
  }

  /** "cores" (one per core) or a number of threads. */
  private static int coresOrNumber(Map<String, String> values, String name) {
    return text(values, name).equals("cores") ? Runtime.getRuntime().availableProcessors()
        : number(values, name, 1, 256);
  }

  private static int number(Map<String, String> values, String name, int min, int max) {
    String text = text(values, name);
    try {
      int n = Integer.parseInt(text);
      if (n >= min && n <= max) return n;
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw new IllegalArgumentException("--" + name + " must be a whole number from " + min + " to " + max + ", was '"
        + text + "'");
  }

  private static long longNumber(Map<String, String> values, String name) {
    String text = text(values, name);
    try {
      long n = Long.parseLong(text);
      if (n >= 1) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--" + name + " must be a whole number >= 1, was '" + text + "'");
  }
}
