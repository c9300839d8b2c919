package org.brickbox.io.manifest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.records.Json;

/**
 * {@code manifest.json}: the record of one run. Stages not yet part of the graph are listed as pending, and
 * {@code nextStage} names the first stage that has not completed, so a scheduler knows where to resume.
 * {@code sections} holds what stages report beyond counts, one JSON object per name (see {@link #SECTIONS}).
 */
public record Manifest(
    int formatVersion,
    String runId,
    String createdAt,
    String status,
    String nextStage,
    Map<String, String> versions,
    Map<String, Object> ldraw,
    Map<String, Object> options,
    String optionsHash,
    List<StageEntry> stages,
    Map<String, Long> counts,
    Map<String, String> outputHashes,
    Map<String, Map<String, Object>> sections,
    String error) {

  public static final int FORMAT_VERSION = 1;
  public static final String FILE = "manifest.json";
  /**
   * The sections a run may report: {@code accuracy} (Fuse's evaluation), {@code qa} (QA summary and quarantine),
   * {@code rebuild} (what an incremental rebuild skipped and redid), {@code triggers} (retrain rules and
   * recommendation). Each is produced by its own stage as a typed record and stored as its JSON object.
   */
  public static final List<String> SECTIONS = List.of("accuracy", "qa", "rebuild", "triggers");

  /** The manifest of the run whose outputs are in {@code outputDir} (a path or any Beam FileSystem URI). */
  public static Manifest read(String outputDir) throws IOException {
    return Json.read(OutputFiles.read(OutputFiles.resolve(outputDir, FILE)), Manifest.class);
  }

  /** Writes this manifest into {@code outputDir}, atomically; returns where it went. */
  public String write(String outputDir) throws IOException {
    var target = OutputFiles.resolve(outputDir, FILE);
    OutputFiles.writeAtomically(target, Json.pretty(this), "application/json");
    return target.toString();
  }

  /** The same manifest marked failed with the error that ended the run. */
  public Manifest withError(String message) {
    return new Manifest(formatVersion, runId, createdAt, "failed", nextStage, versions, ldraw, options, optionsHash,
        stages, counts, outputHashes, sections, message);
  }

  /** The same manifest with section {@code name} set to {@code value} (a record or map, stored as its JSON object). */
  public Manifest withSection(String name, Object value) {
    Map<String, Map<String, Object>> all = new java.util.TreeMap<>(sections == null ? Map.of() : sections);
    all.put(name, Json.mapper().convertValue(value, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}));
    return new Manifest(formatVersion, runId, createdAt, status, nextStage, versions, ldraw, options, optionsHash,
        stages, counts, outputHashes, all, error);
  }

  /** The named section converted to its typed record, or null when the run did not report it. */
  public <T> T section(String name, Class<T> type) {
    Map<String, Object> section = sections == null ? null : sections.get(name);
    return section == null ? null : Json.mapper().convertValue(section, type);
  }

  /** One stage's line in the manifest. */
  public record StageEntry(String name, String status, String version, StageSummary summary) {}
}
