package org.brickbox.stages.qa;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.qa.QaRecord;
import org.brickbox.stages.fuse.ViewCues;

/**
 * What the QA stage returns: every image's verdict, the render keys of quarantined images (for Fuse to keep out
 * of the index), the files it wrote (for the manifest to wait on), its manifest section, dead letters and logs.
 */
public final class QaResult implements POutput {
  private final PCollection<QaRecord> records;
  private final PCollection<String> quarantinedKeys;
  private final PCollection<String> files;
  private final PCollection<KV<String, String>> section;
  private final PCollection<FailureRecord> failures;
  private final PCollection<OperationLogRecord> logs;
  private final PCollection<KV<String, ViewCues>> viewCues;

  QaResult(PCollection<QaRecord> records, PCollection<String> quarantinedKeys, PCollection<String> files,
      PCollection<KV<String, String>> section, PCollection<FailureRecord> failures,
      PCollection<OperationLogRecord> logs, PCollection<KV<String, ViewCues>> viewCues) {
    this.viewCues = viewCues;
    this.records = records;
    this.quarantinedKeys = quarantinedKeys;
    this.files = files;
    this.section = section;
    this.failures = failures;
    this.logs = logs;
  }

  /** One record per measured image: key, part, verdict, reasons, metrics. */
  public PCollection<QaRecord> records() {
    return records;
  }

  /** Render keys (e.g. {@code 3001/c4/v07}) of the quarantined images; their files stay on disk. */
  public PCollection<String> quarantinedKeys() {
    return quarantinedKeys;
  }

  /** URIs of {@code qa/metrics-*.jsonl} and {@code qa/quarantine.jsonl}. */
  public PCollection<String> files() {
    return files;
  }

  /** The single ("qa", JSON object) element for the manifest's sections. */
  public PCollection<KV<String, String>> section() {
    return section;
  }

  public PCollection<FailureRecord> failures() {
    return failures;
  }

  public PCollection<OperationLogRecord> logs() {
    return logs;
  }

  /** Each view's silhouette cues and colour by render key ({@link QaStage#VIEW_CUES}), or null when not asked for. */
  public PCollection<KV<String, ViewCues>> viewCues() {
    return viewCues;
  }

  @Override
  public Pipeline getPipeline() {
    return records.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    Map<TupleTag<?>, PValue> values = new LinkedHashMap<>();
    values.put(new TupleTag<QaRecord>("records"), records);
    values.put(new TupleTag<String>("quarantined-keys"), quarantinedKeys);
    values.put(new TupleTag<String>("files"), files);
    values.put(new TupleTag<KV<String, String>>("section"), section);
    values.put(new TupleTag<FailureRecord>("failures"), failures);
    values.put(new TupleTag<OperationLogRecord>("logs"), logs);
    if (viewCues != null) values.put(new TupleTag<KV<String, ViewCues>>("view-cues"), viewCues);
    return values;
  }

  @Override
  public void finishSpecifyingOutput(String transformName, PInput input, PTransform<?, ?> transform) {}
}
