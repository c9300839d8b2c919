package org.brickbox.pipeline.store;

import java.util.Arrays;
import org.brickbox.io.db.StoreRow;
import org.brickbox.io.db.StoreTable;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.records.Hashes;
import org.brickbox.io.records.Json;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.qa.QaRecord;
import org.brickbox.stages.embed.EmbeddingRecord;
import org.brickbox.stages.render.RenderRecord;

/** The rows a run's records become, one pure mapping per table (no Beam, no database). */
public final class StoreRows {
  private StoreRows() {}

  public static StoreRow part(String runId, RenderRecord r) {
    return row(StoreTable.PARTS, r.partId(), r.partId(), r.description(), r.category(), r.libraryVersion(),
        r.closureHash(), runId);
  }

  /** Image and mask as full URIs under the run's output directory, so readers need no base path. */
  public static StoreRow render(String runId, String outputDir, RenderRecord r) {
    return row(StoreTable.RENDERS, r.key(), r.key(), r.partId(), r.colourCode(), r.colourName(), r.viewIndex(),
        r.seed(), OutputFiles.resolve(outputDir, r.image()).toString(),
        r.mask() == null ? null : OutputFiles.resolve(outputDir, r.mask()).toString(), r.format(), r.width(),
        r.height(), Json.line(r.view()), r.imageSha256(), r.maskSha256(), r.closureHash(), r.settingsHash(),
        r.rendererVersion(), runId);
  }

  public static StoreRow embedding(String runId, EmbeddingRecord e) {
    return row(StoreTable.EMBEDDINGS, e.key() + "@" + e.modelVersion(), e.key(), e.modelVersion(), e.model(),
        e.partId(), e.vector().length, e.vector(), runId);
  }

  /**
   * Log rows are named by a hash of the run and the whole record: a retried batch writes the same ids again
   * (no duplicates), while a rerun's logs are new rows of the new run.
   */
  public static StoreRow log(String runId, OperationLogRecord l) {
    String line = Json.line(l);
    return row(StoreTable.OPERATION_LOGS, l.stage() + "/" + l.operation() + "/" + l.key(),
        Hashes.sha256Hex(runId + "\n" + line), runId, l.timestamp(), l.stage(), l.operation(), l.key(),
        l.status().name(), l.worker(), l.metadata() == null ? null : Json.line(l.metadata()), l.durationMs(),
        l.error());
  }

  /** The QA verdict and metrics of one image. */
  public static StoreRow qaMetrics(String runId, QaRecord r) {
    return row(StoreTable.QA_METRICS, r.key(), r.key(), runId, r.passed(), r.reasons().toArray(String[]::new),
        Json.line(r.metrics()));
  }

  public static StoreRow run(String outputDir, Manifest m, String manifestJson) {
    return row(StoreTable.RUNS, m.runId(), m.runId(), m.status(), m.createdAt(), outputDir, m.optionsHash(),
        manifestJson);
  }

  private static StoreRow row(StoreTable table, String key, Object... values) {
    return new StoreRow(table, key, Arrays.asList(values));
  }
}
