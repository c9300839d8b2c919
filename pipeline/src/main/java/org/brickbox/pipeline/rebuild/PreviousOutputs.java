package org.brickbox.pipeline.rebuild;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.manifest.RunHistory;
import org.brickbox.io.records.Json;
import org.brickbox.stages.embed.VectorShards;
import org.brickbox.stages.render.RenderRecord;

/**
 * What an earlier run left in an output directory (a path or any Beam FileSystem URI): its manifest, the last
 * finished run of the history, its render records and vector index lines, the record and vector shard files and
 * which image files exist. Everything is empty for a fresh output.
 *
 * @param manifest {@code manifest.json}; status "running" means that run was interrupted
 * @param lastFinished the newest history entry (a finished or failed run), or null
 * @param recordFiles URIs of {@code records/renders*.jsonl}
 * @param vectorFiles URIs of {@code embeddings/vectors*.jsonl} (each beside its {@code .npy})
 * @param imageFiles paths under {@code images/} that exist, relative to the output directory
 */
public record PreviousOutputs(Manifest manifest, Manifest lastFinished, List<RenderRecord> records,
    List<VectorShards.IndexLine> vectors, List<String> recordFiles, List<String> vectorFiles, Set<String> imageFiles) {

  public boolean interrupted() {
    return manifest != null && "running".equals(manifest.status());
  }

  /** The previous run did not finish cleanly (killed or failed): images on disk may be newer than their records. */
  public boolean unfinished() {
    return manifest != null && ("running".equals(manifest.status()) || "failed".equals(manifest.status()));
  }

  public static PreviousOutputs read(String out) throws IOException {
    Manifest manifest = OutputFiles.exists(OutputFiles.resolve(out, Manifest.FILE)) ? Manifest.read(out) : null;
    List<Manifest> last = RunHistory.recent(out, 1);
    List<String> recordFiles = match(out, "records/renders*.jsonl");
    List<String> vectorFiles = match(out, "embeddings/vectors*.jsonl");
    List<RenderRecord> records = new ArrayList<>();
    for (String uri : recordFiles) records.addAll(lines(uri, RenderRecord.class));
    List<VectorShards.IndexLine> vectors = new ArrayList<>();
    for (String uri : vectorFiles) vectors.addAll(lines(uri, VectorShards.IndexLine.class));
    String base = FileSystems.matchNewResource(out, true).toString();
    Set<String> images = new TreeSet<>();
    for (String uri : match(out, "images/**")) images.add(uri.substring(base.length()));
    return new PreviousOutputs(manifest, last.isEmpty() ? null : last.get(0), records, vectors, recordFiles,
        vectorFiles, images);
  }

  /** The photo references the previous run in {@code out} made ({@code records/photos*.jsonl}; none if none). */
  public static List<org.brickbox.stages.fuse.PhotoReference> photoReferences(String out) throws IOException {
    List<org.brickbox.stages.fuse.PhotoReference> references = new ArrayList<>();
    for (String uri : match(out, "records/photos*.jsonl")) {
      references.addAll(lines(uri, org.brickbox.stages.fuse.PhotoReference.class));
    }
    return references;
  }

  static <T> List<T> lines(String uri, Class<T> type) throws IOException {
    String text = new String(OutputFiles.read(FileSystems.matchNewResource(uri, false)), StandardCharsets.UTF_8);
    return text.lines().filter(l -> !l.isBlank()).map(l -> Json.read(l, type)).toList();
  }

  private static List<String> match(String out, String glob) throws IOException {
    MatchResult result = FileSystems.match(OutputFiles.resolve(out, glob).toString(), EmptyMatchTreatment.ALLOW);
    List<String> uris = new ArrayList<>();
    if (result.status() != MatchResult.Status.OK) return uris;
    for (MatchResult.Metadata m : result.metadata()) {
      if (!m.resourceId().getFilename().startsWith(".tmp-")) uris.add(m.resourceId().toString());
    }
    uris.sort(null);
    return uris;
  }
}
