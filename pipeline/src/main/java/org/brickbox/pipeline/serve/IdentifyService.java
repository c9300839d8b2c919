package org.brickbox.pipeline.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.brickbox.fuse.PhotoPreparation;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.image.ImageCodecException;
import org.brickbox.io.image.ImageTooLargeException;
import org.brickbox.pipeline.identify.IdentifyReport;
import org.brickbox.pipeline.identify.PhotoIdentifier;
import org.brickbox.pipeline.identify.PhotoIdentifier.PreparedPhoto;

/**
 * Identifies the photos of one request with the one {@link PhotoIdentifier} of the server, as {@code identify} does
 * (prepare each photo, embed them, fuse), with the work spread so that requests run in parallel up to the cores:
 * at most {@code workers} photos are prepared at once, in arrival order (a request's first photo on its own thread,
 * the others beside it on a pool), and the model runs on the {@link EmbedBatcher}'s threads, which split a lone
 * request's crops across idle threads and embed requests that wait together in one pass.
 * Fusion, cheap, runs on the request's thread.
 */
final class IdentifyService implements AutoCloseable {
  private final PhotoIdentifier identifier;
  private final ExecutorService workers;
  /**
   * Photos being prepared, wherever: the request's thread prepares its first photo itself, which saves the hand-over
   * to a pool thread and back (about 0.7 ms of a lone request on two cores, BENCHMARKS.md "Serve"), so the pool's
   * size alone would not bound them. Fair: photos are taken in the order they came.
   */
  private final Semaphore preparing;
  /**
   * Cuts the crops that are the photo itself while the model is idle: the frame beside the segmentation, the tight
   * crop beside the masked one (each about 1 ms that a lone request's path no longer waits for, BENCHMARKS.md
   * "Serve"). Its own thread: it never waits for a permit or for another task, so a request waiting for its crops
   * cannot wait on a blocked worker.
   */
  private final ExecutorService earlyCutter;
  private final EmbedBatcher model;
  private final ServeMetrics metrics;
  /**
   * Identify requests in this service now: a request alone here has the cores to itself, so its crops are cut and
   * embedded side by side; beside others they are batched with theirs.
   */
  private final AtomicInteger identifying = new AtomicInteger();

  /**
   * The answer and where the time went: waiting for a worker, preparing the photos, waiting for the model, its pass,
   * fusing.
   */
  record Identified(IdentifyReport report, long prepareWaitNanos, long prepareNanos, long modelWaitNanos,
      long embedNanos, long fuseNanos) {}

  IdentifyService(PhotoIdentifier identifier, int workers, int modelThreads, int maxBatch, ServeMetrics metrics) {
    this.identifier = identifier;
    AtomicInteger n = new AtomicInteger();
    this.preparing = new Semaphore(workers, true);
    this.workers = Executors.newFixedThreadPool(workers, task -> {
      Thread t = new Thread(task, "brickbox-prepare-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.earlyCutter = Executors.newSingleThreadExecutor(task -> {
      Thread t = new Thread(task, "brickbox-early-crops");
      t.setDaemon(true);
      return t;
    });
    this.model = new EmbedBatcher(identifier, modelThreads, maxBatch, metrics);
    this.metrics = metrics;
  }

  PhotoIdentifier identifier() {
    return identifier;
  }

  int idleModelThreads() {
    return model.idleThreads();
  }

  /**
   * A photo prepared, with the crops that were cut before its part was found and sent to the model at once (none
   * unless the model was idle: under load, crops wait to be embedded with the others, in larger passes).
   */
  private record Started(PreparedPhoto photo, List<PhotoPreparation.Crop> early,
      CompletableFuture<EmbedBatcher.Pass> earlyPass) {}

  /**
   * @param pixelsPerMm each photo's camera scale at the part, NaN for unknown (checked by the caller)
   * @throws ApiException 422 for the first photo, in the order sent, that cannot be used
   */
  Identified identify(List<PhotoUpload> photos, int top, double[] pixelsPerMm) throws InterruptedException {
    identifying.incrementAndGet();
    try {
      return identifyCounted(photos, top, pixelsPerMm);
    } finally {
      identifying.decrementAndGet();
    }
  }

  private Identified identifyCounted(List<PhotoUpload> photos, int top, double[] pixelsPerMm)
      throws InterruptedException {
    long start = System.nanoTime();
    AtomicLong firstTaken = new AtomicLong(Long.MAX_VALUE);
    List<Future<Started>> photosInHand = new ArrayList<>();
    // The other photos first, so that they are prepared beside the first, which this thread prepares itself.
    for (int i = 1; i < photos.size(); i++) {
      PhotoUpload p = photos.get(i);
      double scale = pixelsPerMm[i];
      photosInHand.add(workers.submit(() -> prepareInTurn(p, scale, firstTaken)));
    }
    CompletableFuture<Started> first = new CompletableFuture<>();
    try {
      first.complete(prepareInTurn(photos.get(0), pixelsPerMm[0], firstTaken));
    } catch (RuntimeException | Error e) { // as a pool thread's failure would be: the others are still waited for
      first.completeExceptionally(e);
    }
    photosInHand.add(0, first);
    List<Started> started = new ArrayList<>();
    ApiException refused = null;
    // Every photo is waited for, even after one failed, so that no work of this request outlives it.
    for (int i = 0; i < photosInHand.size(); i++) {
      try {
        started.add(photosInHand.get(i).get());
      } catch (ExecutionException e) {
        if (refused == null) refused = unusable(i + 1, photos.get(i).name(), e.getCause());
      }
    }
    if (refused != null) {
      for (Started s : started) EmbedBatcher.settle(s.earlyPass());
      throw refused;
    }
    long preparedAt = System.nanoTime();
    List<DecodedImage> rest = new ArrayList<>();
    for (Started s : started) {
      for (PhotoPreparation.Crop c : s.photo().prepared().crops()) if (indexOf(s.early(), c) < 0) rest.add(c.image());
    }
    EmbedBatcher.Pass main = EmbedBatcher.await(model.submit(rest, alone()));
    long lastEnd = rest.isEmpty() ? preparedAt : main.end();
    List<float[]> vectors = new ArrayList<>();
    List<PreparedPhoto> prepared = new ArrayList<>(started.size());
    int next = 0;
    for (Started s : started) {
      prepared.add(s.photo());
      EmbedBatcher.Pass early = s.earlyPass() == null ? null : EmbedBatcher.await(s.earlyPass());
      if (early != null) lastEnd = Math.max(lastEnd, early.end());
      for (PhotoPreparation.Crop c : s.photo().prepared().crops()) {
        int e = indexOf(s.early(), c);
        vectors.add(e >= 0 ? early.vectors().get(e) : main.vectors().get(next++));
      }
    }
    // What the request spent on the model after its photos were prepared, so that the steps add up to the whole:
    // crops embedded while the photos were segmented are inside prepare.
    long modelWait = rest.isEmpty() ? 0 : Math.max(0, main.start() - preparedAt);
    long embed = Math.max(0, lastEnd - preparedAt - modelWait);
    long fuseStart = System.nanoTime();
    PhotoIdentifier.Answer answer = identifier.fuse(PhotoIdentifier.withVectors(prepared, vectors), top);
    IdentifyReport report = IdentifyReport.of(identifier, prepared, answer);
    return new Identified(report, firstTaken.get() - start, preparedAt - firstTaken.get(), modelWait, embed,
        System.nanoTime() - fuseStart);
  }

  /** {@link #prepare} once a photo may be prepared, noting when the request's first photo was taken. */
  private Started prepareInTurn(PhotoUpload p, double scale, AtomicLong firstTaken) {
    preparing.acquireUninterruptibly(); // bounded by the photos being prepared: none waits on anything but its work
    try {
      firstTaken.accumulateAndGet(System.nanoTime(), Math::min);
      return prepare(p, scale);
    } finally {
      preparing.release();
    }
  }

  /**
   * Decodes and prepares one photo; when its request is the only one and the model is idle (every thread waiting,
   * nothing queued), the crops known before the part is found (the frame of a square photo) are cut on the early-crop
   * thread and embedded while this thread segments the photo, and the tight crop is cut there while this thread cuts
   * the masked one: on two cores that takes two cuts and a pass off a lone request's path. Beside other requests a
   * crop alone would only take a pass from batching (a pass of one crop costs more per crop), and the cores are busy
   * anyway.
   */
  private Started prepare(PhotoUpload p, double scale) {
    ImageCodec.Reduced decoded = identifier.decode(p.bytes(), p.name());
    if (!alone() || !model.allIdle()) {
      return new Started(identifier.prepare(decoded, p.name(), scale, List::of, Runnable::run), List.of(), null);
    }
    CompletableFuture<List<PhotoPreparation.Crop>> early =
        CompletableFuture.supplyAsync(() -> identifier.cropsBeforeSegmentation(decoded), earlyCutter);
    CompletableFuture<EmbedBatcher.Pass> earlyPass = early.thenCompose(crops -> {
      if (!crops.isEmpty()) metrics.earlyCrops(crops.size());
      return model.submit(crops.stream().map(PhotoPreparation.Crop::image).toList(), true);
    });
    try {
      PreparedPhoto prepared = identifier.prepare(decoded, p.name(), scale, () -> joined(early), earlyCutter);
      return new Started(prepared, joined(early), earlyPass);
    } catch (RuntimeException e) {
      EmbedBatcher.settle(earlyPass);
      throw e;
    }
  }

  /** Whether this request is the only one being identified. */
  private boolean alone() {
    return identifying.get() == 1;
  }

  /** The early crops, waiting for them; a failed cut is rethrown as it was thrown. */
  private static List<PhotoPreparation.Crop> joined(CompletableFuture<List<PhotoPreparation.Crop>> early) {
    try {
      return early.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** Where {@code crop} itself (not an equal one) is in {@code crops}, or -1. */
  private static int indexOf(List<PhotoPreparation.Crop> crops, PhotoPreparation.Crop crop) {
    for (int i = 0; i < crops.size(); i++) if (crops.get(i) == crop) return i;
    return -1;
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
    earlyCutter.shutdown();
    try {
      workers.awaitTermination(1, TimeUnit.MINUTES);
      earlyCutter.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    model.close();
    identifier.close();
  }
}
