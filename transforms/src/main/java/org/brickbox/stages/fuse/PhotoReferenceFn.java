package org.brickbox.stages.fuse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.brickbox.beam.OperationLogs;
import org.brickbox.beam.StageResult;
import org.brickbox.fuse.PhotoQuery;
import org.brickbox.fuse.ReferenceIndex;
import org.brickbox.io.records.OperationLogRecord.Status;
import org.brickbox.stages.embed.EmbeddingRecord;

/**
 * A prepared photo joined with its crops' vectors → its reference record, whose vector is the crops' mean direction
 * ({@link ReferenceIndex#photoVector}), as identify pools a photo's crops. A photo missing a crop's vector (the
 * crop's own dead letter says why) is a dead letter too: it is not indexed from part of its crops.
 */
final class PhotoReferenceFn extends DoFn<KV<String, CoGbkResult>, PhotoReference> {
  static final TupleTag<PhotoReference> PREPARED = new TupleTag<>("prepared") {};
  static final TupleTag<EmbeddingRecord> CROP_VECTORS = new TupleTag<>("crop-vectors") {};

  @ProcessElement
  public void process(@Element KV<String, CoGbkResult> element, MultiOutputReceiver out) {
    long start = System.nanoTime();
    PhotoReference prepared = element.getValue().getOnly(PREPARED, null);
    if (prepared == null) return; // vectors of a photo that failed preparation cannot exist; nothing to index
    Map<String, EmbeddingRecord> byKey = new HashMap<>();
    for (EmbeddingRecord e : element.getValue().getAll(CROP_VECTORS)) byKey.put(e.key(), e);
    List<float[]> vectors = new ArrayList<>();
    EmbeddingRecord any = null;
    for (String crop : prepared.crops()) {
      EmbeddingRecord e = byKey.get(PreparePhotoFn.cropKey(prepared.key(), crop));
      if (e == null) {
        IllegalStateException error = new IllegalStateException("crop " + crop + " was not embedded (see its own "
            + "failure record): the photo is left out of the index");
        out.get(StageResult.FAILURES).output(OperationLogs.failure(FuseStage.NAME, prepared.key(), prepared.photo(),
            error));
        out.get(StageResult.LOGS).output(OperationLogs.record(FuseStage.NAME, "photo_reference", prepared.key(),
            Status.FAILED, start, Map.of(), error.getMessage()));
        return;
      }
      vectors.add(e.vector());
      any = e;
    }
    float[] vector = ReferenceIndex.photoVector(new PhotoQuery(prepared.key(), vectors, prepared.shape()));
    out.get(FuseStage.PHOTOS).output(prepared.withVector(any.model(), any.modelVersion(), vector));
    out.get(StageResult.LOGS).output(OperationLogs.record(FuseStage.NAME, "photo_reference", prepared.key(),
        Status.OK, start, Map.of("crops", vectors.size()), null));
  }
}
