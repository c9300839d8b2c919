package org.brickbox.pipeline.rebuild;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.manifest.RunHistory;
import org.brickbox.beam.OperationLogs;
import org.brickbox.embed.Npy;
import org.brickbox.io.records.Hashes;
import org.brickbox.io.records.Json;
import org.brickbox.stages.embed.VectorJournal;
import org.brickbox.stages.embed.VectorShards;
import org.brickbox.stages.fuse.PhotoReference;
import org.brickbox.stages.render.RenderJournal;
import org.brickbox.stages.render.RenderRecord;

/**
 * What an earlier run left in an output directory (a path or any Beam FileSystem URI): its manifest, the last
 * finished run of the history, its render records and vector index lines, the record and vector shard files, its
 * photo references, which image files exist and the render and embed journals (the records of images and the
 * vectors made by a run that failed or was killed before it wrote its shards). Everything is empty for a fresh output.
 *
 * <p>A file that cannot be read whole (a record line cut off, a manifest cut in half, an {@code .npy} shorter
 * than its header says), or that the last finished run wrote and is now missing or different (a deleted index, an
 * edited QA file), is never trusted: it is listed in {@link #corrupt} with what is wrong, left out of
 * everything else, and the run redoes what it held ({@link #unfinished} is then true, so images are checked
 * against their records too).
 *
 * @param manifest {@code manifest.json}; status "running" means that run was interrupted
 * @param lastFinished the newest history entry (a finished or failed run), or null
 * @param recordFiles URIs of {@code records/renders*.jsonl}
 * @param vectorFiles URIs of {@code embeddings/vectors*.jsonl} (each beside its {@code .npy})
 * @param imageFiles paths under {@code images/} that exist, relative to the output directory
 * @param photoReferences the photo references of {@code records/photos*.jsonl}
 * @param photoFiles URIs of those files
 * @param corrupt each unreadable file, relative to the output directory, with what is wrong with it
 * @param made the render journal ({@link RenderJournal}): records of images made by runs that did not write their
 *     record shards, file by file, oldest first
 * @param madeVectors the embed journal ({@link VectorJournal}): vectors embedded by runs that did not write their
 *     vector shards, index file by index file (each beside its matrix), oldest first
 * @param verdicts the QA verdicts of the newest run that did not fail, as it wrote them
 */
public record PreviousOutputs(Manifest manifest, Manifest lastFinished, List<RenderRecord> records,
    List<VectorShards.IndexLine> vectors, List<String> recordFiles, List<String> vectorFiles, Set<String> imageFiles,
    List<PhotoReference> photoReferences, List<String> photoFiles, List<String> corrupt, List<MadeRecords> made,
    List<MadeVectors> madeVectors, Verdicts verdicts) {

  private static final Pattern OUTPUT_PATH = Pattern.compile("[A-Za-z0-9_.=+-]+(/[A-Za-z0-9_.=+-]+)*");

  /** How many runs back the history is searched for one that did not fail. */
  static final int VERDICT_LOOKBACK = 10;

  /** One file of the render journal: the records of one render task's images. */
  public record MadeRecords(String file, List<RenderRecord> records) {}

  /** One index file of the embed journal: one batch's vectors, each with the SHA-256 of its image. */
  public record MadeVectors(String file, List<VectorShards.IndexLine> lines) {}

  /**
   * QA verdict files ({@code qa/metrics*.jsonl}) an earlier run wrote that still hold what it wrote.
   *
   * @param run that run's history entry (its QA version and options say how it measured), or null
   * @param files their URIs; empty when there is no such run
   */
  public record Verdicts(Manifest run, List<String> files) {
    public static final Verdicts NONE = new Verdicts(null, List.of());
  }

  public boolean interrupted() {
    return manifest != null && "running".equals(manifest.status());
  }

  /**
   * The previous run did not finish cleanly (killed or failed) or left corrupt files: images on disk may be newer
   * than their records.
   */
  public boolean unfinished() {
    return !corrupt.isEmpty()
        || manifest != null && ("running".equals(manifest.status()) || "failed".equals(manifest.status()));
  }

  public static PreviousOutputs read(String out) throws IOException {
    String base = FileSystems.matchNewResource(out, true).toString();
    List<String> corrupt = new ArrayList<>();
    Manifest manifest = null;
    if (OutputFiles.exists(OutputFiles.resolve(out, Manifest.FILE))) {
      try {
        manifest = Manifest.read(out);
      } catch (IOException | RuntimeException e) {
        corrupt.add(Manifest.FILE + ": " + briefly(e));
      }
    }
    Manifest lastFinished = null;
    try {
      List<Manifest> last = RunHistory.recent(out, 1);
      lastFinished = last.isEmpty() ? null : last.get(0);
    } catch (IOException | RuntimeException e) {
      corrupt.add(RunHistory.DIR + "/ (newest entry): " + briefly(e));
    }
    // What the last finished run wrote is checked first, so that a shard it wrote which now holds other lines (they
    // may all parse) is reported and left out rather than trusted.
    Map<String, String> notAsWritten = lastFinished == null ? Map.of() : notAsWritten(out, lastFinished, corrupt);
    List<String> recordFiles = new ArrayList<>();
    List<RenderRecord> records = trusted(out, "records/renders*.jsonl", RenderRecord.class,
        asWritten(base, notAsWritten, (uri, lines) -> {}), recordFiles, corrupt);
    List<String> vectorFiles = new ArrayList<>();
    List<VectorShards.IndexLine> vectors = trusted(out, "embeddings/vectors*.jsonl", VectorShards.IndexLine.class,
        asWritten(base, notAsWritten, PreviousOutputs::checkMatrixBeside), vectorFiles, corrupt);
    List<String> photoFiles = new ArrayList<>();
    List<PhotoReference> photos = trusted(out, "records/photos*.jsonl", PhotoReference.class,
        asWritten(base, notAsWritten, (uri, lines) -> {}), photoFiles, corrupt);
    Set<String> images = new TreeSet<>();
    for (String uri : match(out, "images/**")) images.add(uri.substring(base.length()));
    reportNotAsWritten(notAsWritten, corrupt);
    List<MadeRecords> made = new ArrayList<>();
    trustedFiles(out, RenderJournal.files(out), RenderRecord.class, (uri, lines) -> {}, corrupt,
        (uri, lines) -> made.add(new MadeRecords(uri, lines)));
    List<MadeVectors> madeVectors = new ArrayList<>();
    trustedFiles(out, VectorJournal.files(out), VectorShards.IndexLine.class, (uri, lines) -> {
      checkMatrixBeside(uri, lines);
      for (VectorShards.IndexLine line : lines) {
        if (line.imageSha256() == null) throw new IOException("line " + line.key() + " names no image SHA-256");
      }
    }, corrupt, (uri, lines) -> madeVectors.add(new MadeVectors(uri, lines)));
    Verdicts verdicts = verdicts(out, lastFinished, notAsWritten, corrupt);
    return new PreviousOutputs(manifest, lastFinished, records, vectors, recordFiles, vectorFiles, images,
        List.copyOf(photos), List.copyOf(photoFiles), List.copyOf(corrupt), List.copyOf(made),
        List.copyOf(madeVectors), verdicts);
  }

  /**
   * The QA verdict files of the newest run in the history that did not fail (searched {@link #VERDICT_LOOKBACK}
   * runs back), those still as it wrote them: a rebuild reuses the measurements in them ({@code QaStage.EARLIER}).
   * After a failed run the verdicts of the run before it are on disk unless the failed one replaced them.
   */
  private static Verdicts verdicts(String out, Manifest last, Map<String, String> lastNotAsWritten,
      List<String> corrupt) {
    Manifest run = last;
    if (last != null && "failed".equals(last.status())) {
      run = null;
      try {
        for (Manifest m : RunHistory.recent(out, VERDICT_LOOKBACK)) if (!"failed".equals(m.status())) run = m;
      } catch (IOException | RuntimeException e) {
        corrupt.add(RunHistory.DIR + "/ (the " + VERDICT_LOOKBACK + " newest entries): " + briefly(e));
        return Verdicts.NONE;
      }
    }
    if (run == null || run.outputHashes() == null) return Verdicts.NONE;
    List<String> files = new ArrayList<>();
    for (Map.Entry<String, String> written : new TreeMap<>(run.outputHashes()).entrySet()) {
      String path = written.getKey();
      if (!path.startsWith("qa/metrics") || !path.endsWith(".jsonl") || !isOutputPath(path)) continue;
      // The last run's files were checked with all it wrote; an earlier run's are checked here.
      if (run == last ? lastNotAsWritten.containsKey(path) : problem(out, path, written.getValue(), run) != null) {
        continue;
      }
      files.add(OutputFiles.resolve(out, path).toString());
    }
    return new Verdicts(run, List.copyOf(files));
  }

  /**
   * What is wrong with a file an earlier run wrote (missing, changed or unreadable), or null when it still holds
   * what it wrote.
   */
  private static String problem(String out, String path, String sha256, Manifest run) {
    try {
      ResourceId file = OutputFiles.resolve(out, path);
      if (!OutputFiles.exists(file)) return "missing (run " + run.runId() + " wrote it)";
      if (!sha256(file).equals(sha256)) return "changed since run " + run.runId() + " wrote it (SHA-256 differs)";
      return null;
    } catch (IOException | RuntimeException e) {
      return "unreadable: " + briefly(e);
    }
  }

  /**
   * Every file the last finished run wrote (its manifest's output hashes: records, vectors, index, queries, QA) that
   * is not on disk as it was written, with what is wrong: a rerun with nothing changed keeps them, so a deleted index
   * or an edited file would otherwise be reported as built.
   */
  private static Map<String, String> notAsWritten(String out, Manifest last, List<String> corrupt) {
    Map<String, String> problems = new TreeMap<>();
    if (last.outputHashes() == null) return problems;
    for (Map.Entry<String, String> written : new TreeMap<>(last.outputHashes()).entrySet()) {
      if (!isOutputPath(written.getKey())) {
        corrupt.add(RunHistory.DIR + "/ (newest entry): names " + Json.line(written.getKey())
            + ", not a file an output holds");
        continue;
      }
      String problem = problem(out, written.getKey(), written.getValue(), last);
      if (problem != null) problems.put(written.getKey(), problem);
    }
    return problems;
  }

  /**
   * Whether a manifest's name of a written file is one a run writes: a relative path of plain names. A damaged or
   * edited history could name anything (a path out of the output, a URI, a name with a line break); such a name is
   * reported, never opened.
   */
  static boolean isOutputPath(String path) {
    return OUTPUT_PATH.matcher(path).matches()
        && Arrays.stream(path.split("/")).noneMatch(name -> name.equals(".") || name.equals(".."));
  }

  /**
   * {@code check}, then the file (and a vector index file's matrix) must be as the last run wrote it: what is
   * damaged is reported as such first, what merely differs after.
   */
  private static <T> FileCheck<T> asWritten(String base, Map<String, String> notAsWritten, FileCheck<T> check) {
    return (uri, lines) -> {
      check.check(uri, lines);
      String path = uri.substring(base.length());
      String problem = notAsWritten.get(path);
      if (problem != null) throw new IOException(problem);
      if (path.endsWith(".jsonl")) {
        String matrix = path.substring(0, path.length() - ".jsonl".length()) + ".npy";
        if (notAsWritten.containsKey(matrix)) throw new IOException(matrix + " " + notAsWritten.get(matrix));
      }
    };
  }

  /**
   * The files of {@link #notAsWritten} not already reported (a shard found unreadable, or its other half, is not
   * listed twice).
   */
  private static void reportNotAsWritten(Map<String, String> notAsWritten, List<String> corrupt) {
    for (Map.Entry<String, String> problem : notAsWritten.entrySet()) {
      String path = problem.getKey();
      // A vector shard is one file to the reader: its .jsonl stands for the .npy beside it.
      String shard = path.contains(".") ? path.substring(0, path.lastIndexOf('.') + 1) : path;
      if (corrupt.stream().anyMatch(c -> c.startsWith(shard))) continue;
      corrupt.add(path + ": " + problem.getValue());
    }
  }

  /** SHA-256 of a file, streamed (an index's vectors can be hundreds of MB). */
  private static String sha256(ResourceId file) throws IOException {
    MessageDigest digest = Hashes.sha256();
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** What else a file of lines must satisfy to be trusted. */
  private interface FileCheck<T> {
    void check(String uri, List<T> lines) throws IOException;
  }

  /**
   * The lines of every file matching {@code glob} that reads whole and passes {@code check}; such files are added
   * to {@code files}, the others to {@code corrupt} with what is wrong (relative to {@code out}).
   */
  private static <T> List<T> trusted(String out, String glob, Class<T> type, FileCheck<T> check, List<String> files,
      List<String> corrupt) throws IOException {
    List<T> values = new ArrayList<>();
    trustedFiles(out, match(out, glob), type, check, corrupt, (uri, lines) -> {
      values.addAll(lines);
      files.add(uri);
    });
    return values;
  }

  /**
   * Each of {@code uris}, in order, that reads whole and passes {@code check} goes to {@code trusted} with its lines;
   * the others to {@code corrupt} with what is wrong (relative to {@code out}).
   */
  private static <T> void trustedFiles(String out, List<String> uris, Class<T> type, FileCheck<T> check,
      List<String> corrupt, BiConsumer<String, List<T>> trusted) {
    String base = FileSystems.matchNewResource(out, true).toString();
    for (String uri : uris) {
      List<T> lines;
      try {
        lines = lines(uri, type);
        check.check(uri, lines);
      } catch (IOException | RuntimeException e) {
        corrupt.add(uri.substring(base.length()) + ": " + briefly(e));
        continue;
      }
      trusted.accept(uri, lines);
    }
  }

  /** {@link #checkMatrix} of the {@code .npy} beside an index file ({@code .jsonl}). */
  private static void checkMatrixBeside(String indexUri, List<VectorShards.IndexLine> lines) throws IOException {
    checkMatrix(indexUri.substring(0, indexUri.length() - ".jsonl".length()) + ".npy", lines);
  }

  /**
   * The vectors' matrix beside an index file: its header must say one row per index line, of the lines' dimension,
   * and match its size; every line must point at a row of it.
   */
  private static void checkMatrix(String npyUri, List<VectorShards.IndexLine> lines) throws IOException {
    int rows = lines.size();
    MatchResult match = FileSystems.match(npyUri, EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
      throw new IOException("its matrix " + npyUri.substring(npyUri.lastIndexOf('/') + 1) + " is missing");
    }
    long size = match.metadata().get(0).sizeBytes();
    byte[] head;
    try (InputStream in = Channels.newInputStream(FileSystems.open(match.metadata().get(0).resourceId()))) {
      head = in.readNBytes(4096);
    }
    Npy.Shape shape = Npy.shape(head, size);
    if (shape.rows() != rows) {
      throw new IOException("its matrix has " + shape.rows() + " rows for " + rows + " index lines");
    }
    for (VectorShards.IndexLine line : lines) {
      if (line.row() < 0 || line.row() >= rows || line.dimension() != shape.columns()) {
        throw new IOException("index line " + line.key() + " points at row " + line.row() + " of dimension "
            + line.dimension() + " in a matrix of " + rows + " x " + shape.columns());
      }
    }
  }

  /**
   * The fields a line of each kind must have: a line without one is not a whole record. Fuzzing (issue 18) found the
   * rebuild planner failing on a render record that lacked its image path, and (2026-12-05) on a photo reference
   * that lacked its crops; a reference is written with its crops, model and vector, so one without them is damaged;
   * (2026-12-06) on a journal's render record that lacked its image's SHA-256, which every render record is written
   * with and the planner matches vectors and images by.
   */
  private static final Map<Class<?>, List<String>> REQUIRED = Map.of(
      RenderRecord.class, List.of("key", "partId", "image", "mask", "imageSha256", "maskSha256", "closureHash",
          "colourHash", "settingsHash", "rendererVersion"),
      VectorShards.IndexLine.class, List.of("key", "partId", "model", "modelVersion"),
      PhotoReference.class, List.of("key", "partId", "photo", "sha256", "crops", "model", "modelVersion", "vector"));

  /** The first required field {@code value} lacks, or null. */
  private static String missingField(Object value) {
    for (String field : REQUIRED.getOrDefault(value.getClass(), List.of())) {
      try {
        if (value.getClass().getMethod(field).invoke(value) == null) return field;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("no field " + field + " in " + value.getClass().getSimpleName(), e);
      }
    }
    return null;
  }

  static <T> List<T> lines(String uri, Class<T> type) throws IOException {
    String text = new String(OutputFiles.read(FileSystems.matchNewResource(uri, false)), StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    List<T> values = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) continue;
      T value;
      try {
        value = Json.read(lines.get(i), type);
      } catch (RuntimeException e) {
        throw new IOException("line " + (i + 1) + " is not a whole record (" + briefly(e) + ")", e);
      }
      String missing = value == null ? "everything (null)" : missingField(value);
      if (missing != null) throw new IOException("line " + (i + 1) + " is not a whole record (no " + missing + ")");
      values.add(value);
    }
    if (!text.isEmpty() && !text.endsWith("\n")) throw new IOException("its last line is cut off (no newline)");
    return values;
  }

  /** The first line of what went wrong: JSON parsers add the source position and reference chain on the next. */
  private static String briefly(Exception e) {
    String description = OperationLogs.describe(e);
    int end = description.indexOf('\n');
    return end < 0 ? description : description.substring(0, end);
  }

  private static List<String> match(String out, String glob) throws IOException {
    MatchResult result = FileSystems.match(OutputFiles.resolve(out, glob).toString(), EmptyMatchTreatment.ALLOW);
    List<String> uris = new ArrayList<>();
    if (result.status() != MatchResult.Status.OK) return uris;
    for (MatchResult.Metadata m : result.metadata()) {
      if (!m.resourceId().getFilename().startsWith(OutputFiles.TEMP_PREFIX)) uris.add(m.resourceId().toString());
    }
    uris.sort(null);
    return uris;
  }
}
