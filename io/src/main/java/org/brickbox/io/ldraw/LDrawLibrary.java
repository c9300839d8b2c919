package org.brickbox.io.ldraw;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An opened LDraw library: its file index, colours, version, part catalogue and a cache of parsed files.
 * Thread-safe; meant to be opened once per JVM ({@link #shared}) and used by every worker thread.
 */
public final class LDrawLibrary {
  private static final String LDCONFIG = "ldconfig.ldr";
  private static final Pattern UPDATE = Pattern.compile("!LDRAW_ORG .*UPDATE (\\d{4}-\\d{2})");
  private static final Map<SharedKey, LDrawLibrary> SHARED = new ConcurrentHashMap<>();

  private final LibraryIndex index;
  private final ColourTable colours;
  private final String version;
  private final LDrawLimits limits;
  private final ParsedFileCache cache;
  private final PartCatalog catalog;

  private LDrawLibrary(LibraryIndex index, ColourTable colours, String version, LDrawLimits limits) {
    this.index = index;
    this.colours = colours;
    this.version = version;
    this.limits = limits;
    this.cache = new ParsedFileCache(index, limits.maxFileBytes());
    this.catalog = new PartCatalog(index, cache);
  }

  /**
   * Finds the library: the {@code --ldrawDir} option if given, else env {@code LDRAW_DIR}, else the per-user
   * cache {@code ${BRICKBOX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/brickbox}/ldraw} once setup completed it.
   */
  public static Path locate(String ldrawDirOptionOrNull) {
    return locate(ldrawDirOptionOrNull, System.getenv(), System.getProperty("user.home"));
  }

  static Path locate(String option, Map<String, String> env, String userHome) {
    if (option != null && !option.isBlank()) return requireLibrary(Path.of(option), "--ldrawDir");
    String fromEnv = env.get("LDRAW_DIR");
    if (fromEnv != null && !fromEnv.isBlank()) return requireLibrary(Path.of(fromEnv), "LDRAW_DIR");
    Path cache = cacheDir(env, userHome).resolve("ldraw");
    if (Files.isRegularFile(cache.resolve(".brickbox-complete"))) return requireLibrary(cache, "the BrickBox cache");
    throw new LDrawException("no LDraw library found: run ./brickbox setup to install it into " + cache
        + ", or set LDRAW_DIR or --ldrawDir to an LDraw library directory (one holding LDConfig.ldr and parts/)");
  }

  private static Path cacheDir(Map<String, String> env, String userHome) {
    String brickbox = env.get("BRICKBOX_CACHE");
    if (brickbox != null && !brickbox.isBlank()) return Path.of(brickbox);
    String xdg = env.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(env.getOrDefault("HOME", userHome), ".cache");
    return base.resolve("brickbox");
  }

  private static Path requireLibrary(Path dir, String source) {
    if (!Files.isDirectory(dir.resolve("parts"))) {
      throw new LDrawException(source + " points to " + dir + ", which is not an LDraw library (no parts/"
          + " directory): run ./brickbox setup, or set LDRAW_DIR or --ldrawDir to the library directory");
    }
    return dir;
  }

  public static LDrawLibrary open(Path root) {
    return open(root, LDrawLimits.DEFAULT);
  }

  public static LDrawLibrary open(Path root, LDrawLimits limits) {
    try {
      LibraryIndex index = LibraryIndex.build(root);
      if (!index.contains(LDCONFIG)) throw new LDrawException(root + " lacks LDConfig.ldr: is this an LDraw library?");
      Path ldconfigPath = index.path(LDCONFIG);
      return new LDrawLibrary(index, ColourTable.load(ldconfigPath), readVersion(index.root(), ldconfigPath), limits);
    } catch (IOException e) {
      throw new LDrawException("cannot open LDraw library " + root + ": " + e.getMessage(), e);
    }
  }

  /** The library opened once per JVM for {@code root} with default limits, for use from many worker threads. */
  public static LDrawLibrary shared(Path root) {
    return shared(root, LDrawLimits.DEFAULT);
  }

  /**
   * The library opened once per JVM for {@code root} and {@code limits} as it is now, for use from many worker
   * threads: reopened when a file was edited, added or removed since (its {@link #fingerprint()} changed), so a
   * long-lived JVM (a test, a Flink TaskManager) never renders from a stale parse.
   */
  public static LDrawLibrary shared(Path root, LDrawLimits limits) {
    try {
      return shared(root, limits, LibraryIndex.build(root).fingerprint());
    } catch (IOException e) {
      throw new LDrawException("cannot open LDraw library " + root + ": " + e.getMessage(), e);
    }
  }

  /** The shared library for {@code root} and {@code limits} in the state {@code fingerprint} names. */
  public static LDrawLibrary shared(Path root, LDrawLimits limits, String fingerprint) {
    SharedKey wanted = new SharedKey(root.toAbsolutePath().normalize(), limits, fingerprint);
    SHARED.keySet().removeIf(k -> k.root().equals(wanted.root()) && !k.fingerprint().equals(fingerprint));
    return SHARED.computeIfAbsent(wanted, key -> open(key.root(), key.limits()));
  }

  private record SharedKey(Path root, LDrawLimits limits, String fingerprint) {}

  /** Identity of the library files' state when opened: equal fingerprints, same files. */
  public String fingerprint() {
    return index.fingerprint();
  }

  /** {@code .brickbox-version} if present, else the newest {@code !LDRAW_ORG ... UPDATE yyyy-mm} of LDConfig. */
  private static String readVersion(Path root, Path ldconfig) throws IOException {
    Path versionFile = root.resolve(".brickbox-version");
    if (Files.isRegularFile(versionFile)) return Files.readString(versionFile, StandardCharsets.ISO_8859_1).trim();
    String newest = "unknown";
    Matcher m = UPDATE.matcher(Files.readString(ldconfig, StandardCharsets.ISO_8859_1));
    while (m.find()) {
      if (newest.equals("unknown") || m.group(1).compareTo(newest) > 0) newest = m.group(1);
    }
    return newest;
  }

  /** The real path of the library root. */
  public Path root() {
    return index.root();
  }

  public ColourTable colours() {
    return colours;
  }

  public String version() {
    return version;
  }

  public LDrawLimits limits() {
    return limits;
  }

  /** The top-level parts ({@code parts/*.dat}) with lazily read headers. */
  public PartCatalog catalog() {
    return catalog;
  }

  /**
   * Loads and flattens one part by id ({@code 3001} or {@code 3001.dat}, any case).
   *
   * @throws LDrawException when the part does not exist or cannot be built (missing or escaping sub-file,
   *     cycle, nesting or size over the limits); the message names file, line and reference chain
   */
  public PartGeometry load(String partId) {
    return load(partId, size -> {});
  }

  /**
   * Loads and flattens one part, first handing its size to {@code beforeFlattening}, which may refuse it (by
   * throwing) before any of its geometry is built.
   */
  public PartGeometry load(String partId, Consumer<PartSize> beforeFlattening) {
    PartClosure closure = closure(partId);
    beforeFlattening.accept(closure.size());
    Mesh mesh = Flattener.flatten(closure, colours, limits.maxDepth());
    return new PartGeometry(PartCatalog.normaliseId(partId), closure.root().header(), mesh, closure.warnings(),
        closure.hash());
  }

  /**
   * The hash of a part's whole sub-file closure (as {@link PartGeometry#closureHash()}), without flattening it:
   * what an incremental rebuild compares to decide whether the part's images are still current.
   *
   * @throws LDrawException when the part does not exist or cannot be built, as {@link #load} would
   */
  public String closureHash(String partId) {
    return closure(partId).hash();
  }

  /**
   * How much geometry a part expands to, without building it.
   *
   * @throws LDrawException when the part does not exist or cannot be built, as {@link #load} would
   */
  public PartSize size(String partId) {
    return closure(partId).size();
  }

  /** The part's checked sub-file closure ({@link ClosureWalker}); a part not in the catalogue is refused. */
  private PartClosure closure(String partId) {
    if (!catalog.contains(partId)) throw new LDrawException("part '" + partId + "' not found in " + root() + "/parts");
    return ClosureWalker.walk(cache, limits, PartCatalog.keyOf(PartCatalog.normaliseId(partId)));
  }

  /** Number of file parses so far; each file is parsed at most once. */
  long parseCount() {
    return cache.parseCount();
  }

  @Override
  public String toString() {
    return "LDrawLibrary{" + root() + ", version " + version + "}";
  }
}
