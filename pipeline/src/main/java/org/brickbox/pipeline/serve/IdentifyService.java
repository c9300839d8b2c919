package org.brickbox.pipeline.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.brickbox.fuse.PhotoPreparation;
import org.brickbox.io.image.ImageCodecException;
import org.brickbox.io.image.ImageTooLargeException;
import org.brickbox.pipeline.identify.IdentifyReport;
import org.brickbox.pipeline.identify.PhotoIdentifier;
import org.brickbox.pipeline.identify.PhotoIdentifier.PreparedPhoto;

/**
 * Identifies the photos of one request with the one {@link PhotoIdentifier} of the server, as {@code identify} does
 * (prepare each photo, embed them, fuse), with the work spread so that requests run in parallel up to the cores:
 * photos are prepared on {@code workers} threads (a request's photos in parallel, requests in arrival order), and
 * the model runs on the {@link EmbedBatcher}'s threads, which split a lone request's crops across idle threads and
 * embed requests that wait together in one pass.
 * Fusion, cheap, runs on the request's thread.
 */
final class IdentifyService implements AutoCloseable {
  private final PhotoIdentifier identifier;
  private final ExecutorService workers;
  private final EmbedBatcher model;

  /**
   * The answer and where the time went: waiting for a worker, preparing the photos, waiting for the model, its pass,
   * fusing.
   */
  record Identified(IdentifyReport report, long prepareWaitNanos, long prepareNanos, long modelWaitNanos,
      long embedNanos, long fuseNanos) {}

  IdentifyService(PhotoIdentifier identifier, int workers, int modelThreads, int maxBatch, ServeMetrics metrics) {
    this.identifier = identifier;
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(workers, task -> {
      Thread t = new Thread(task, "brickbox-prepare-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.model = new EmbedBatcher(identifier, modelThreads, maxBatch, metrics);
  }

  PhotoIdentifier identifier() {
    return identifier;
  }

  /**
   * @param pixelsPerMm each photo's camera scale at the part, NaN for unknown (checked by the caller)
   * @throws ApiException 422 for the first photo, in the order sent, that cannot be used
   */
  Identified identify(List<PhotoUpload> photos, int top, double[] pixelsPerMm) throws InterruptedException {
    long start = System.nanoTime();
    AtomicLong firstTaken = new AtomicLong(Long.MAX_VALUE);
    List<Future<PreparedPhoto>> preparing = new ArrayList<>();
    for (int i = 0; i < photos.size(); i++) {
      PhotoUpload p = photos.get(i);
      double scale = pixelsPerMm[i];
      preparing.add(workers.submit(() -> {
        firstTaken.accumulateAndGet(System.nanoTime(), Math::min);
        return identifier.prepare(p.bytes(), p.name(), scale);
      }));
    }
    List<PreparedPhoto> photosPrepared = new ArrayList<>();
    ApiException refused = null;
    // Every photo is waited for, even after one failed, so that no work of this request outlives it.
    for (int i = 0; i < preparing.size(); i++) {
      try {
        photosPrepared.add(preparing.get(i).get());
      } catch (ExecutionException e) {
        if (refused == null) refused = unusable(i + 1, photos.get(i).name(), e.getCause());
      }
    }
    if (refused != null) throw refused;
    long preparedAt = System.nanoTime();
    EmbedBatcher.Embedded embedded = model.embed(photosPrepared);
    long fuseStart = System.nanoTime();
    PhotoIdentifier.Answer answer = identifier.fuse(embedded.photos(), top);
    IdentifyReport report = IdentifyReport.of(identifier, photosPrepared, answer);
    return new Identified(report, firstTaken.get() - start, preparedAt - firstTaken.get(), embedded.waitNanos(),
        embedded.embedNanos(), System.nanoTime() - fuseStart);
  }

  /** What is wrong with one photo, as the error a client can branch on. */
  private static ApiException unusable(int photo, String name, Throwable failure) {
    if (!(failure instanceof PhotoIdentifier.UnusablePhotoException e)) {
      throw new IllegalStateException("preparing photo " + photo + " (" + name + ") failed", failure);
    }
    Throwable cause = e.getCause();
    String code = cause instanceof ImageTooLargeException ? "too-many-pixels"
        : cause instanceof ImageCodecException ? "not-an-image"
        : cause instanceof PhotoPreparation.NoPartFoundException ? "no-part"
        : "unusable-photo";
    return new ApiException(422, code, "photo " + photo + " (" + name + "): " + e.reason(), photo, e);
  }

  /** Finishes the photos being prepared and the model's queue, then closes the model and the index. */
  @Override
  public void close() {
    workers.shutdown();
    try {
      workers.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    model.close();
    identifier.close();
  }
}
