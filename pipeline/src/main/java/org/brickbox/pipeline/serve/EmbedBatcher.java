package org.brickbox.pipeline.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.brickbox.embed.Embedder;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.pipeline.identify.PhotoIdentifier;

/**
 * Runs the model for every request on {@code threads} model threads, each with its own DJL predictor (a predictor is
 * not thread-safe; the model is shared), batching what waits together: one forward pass over several crops costs
 * less per crop than one per crop. Nothing waits to fill a batch: a model thread that finds work runs at once and
 * takes whatever else waits (up to {@code maxBatch} crops, a larger slice alone).
 *
 * <p>A lone request's crops are split into as many slices as there are idle model threads when it arrives, so that
 * they are embedded in parallel passes: with one PyTorch thread per pass, two passes of one or two crops on two cores
 * take about half the time of one pass over three crops with two PyTorch threads, which small batches hardly
 * parallelise (BENCHMARKS.md, "Serve: a model thread per core"). Beside other requests a request stays whole, to be
 * batched with theirs: the cores are busy anyway, and a larger pass costs less per crop.
 */
final class EmbedBatcher implements AutoCloseable {
  private final int maxBatch;
  private final ServeMetrics metrics;
  private final LinkedBlockingDeque<Slice> waiting = new LinkedBlockingDeque<>();
  private final List<Thread> threads = new ArrayList<>();
  /** Model threads waiting for work: how many slices a request arriving now is cut into. */
  private final AtomicInteger idle = new AtomicInteger();
  /** Guards {@link #closed} with the queue, so that no request is queued after the threads' last look. */
  private final Object lock = new Object();
  private boolean closed;

  /**
   * One submission's vectors, in the order of its images, and when it went through the model: its first pass
   * started, its last pass ended ({@link System#nanoTime}).
   */
  record Pass(List<float[]> vectors, long start, long end) {}

  /** One submission on its way through the model: its vectors as the slices come back. */
  private static final class Request {
    final float[][] vectors;
    final CompletableFuture<Pass> result = new CompletableFuture<>();
    private int slicesLeft;
    private long firstStart = Long.MAX_VALUE;
    private long lastEnd;

    Request(int images, int slices) {
      this.vectors = new float[images][];
      this.slicesLeft = slices;
    }

    /** Records one slice's vectors; the last slice completes the request. */
    synchronized void done(int from, List<float[]> sliceVectors, long start, long end) {
      for (int i = 0; i < sliceVectors.size(); i++) vectors[from + i] = sliceVectors.get(i);
      firstStart = Math.min(firstStart, start);
      lastEnd = Math.max(lastEnd, end);
      if (--slicesLeft == 0) result.complete(new Pass(List.of(vectors), firstStart, lastEnd));
    }

    void failed(Throwable e) {
      result.completeExceptionally(e);
    }
  }

  /** Crops {@code from} to {@code from + images.size()} of a request. */
  private record Slice(Request request, int from, List<DecodedImage> images) {}

  /** Queued by {@link #close}, once per thread: a thread stops when it takes it, after every slice queued before. */
  private static final Slice STOP = new Slice(null, 0, List.of());

  /**
   * @param count model threads, each running its own passes (set PyTorch's threads per pass to match the cores:
   *     one per pass when there is a thread per core)
   */
  EmbedBatcher(PhotoIdentifier identifier, int count, int maxBatch, ServeMetrics metrics) {
    if (count < 1) throw new IllegalArgumentException("model threads must be >= 1, was " + count);
    this.maxBatch = maxBatch;
    this.metrics = metrics;
    // Every predictor is made here, so that one that cannot be made fails the server's start, not a thread unseen.
    List<Embedder> embedders = new ArrayList<>();
    try {
      for (int t = 0; t < count; t++) embedders.add(identifier.newEmbedder());
    } catch (RuntimeException e) {
      embedders.forEach(Embedder::close);
      throw e;
    }
    for (int t = 0; t < count; t++) {
      Embedder embedder = embedders.get(t);
      Thread thread = new Thread(() -> run(embedder), "brickbox-model-" + (t + 1));
      thread.setDaemon(true);
      threads.add(thread);
    }
    for (Thread thread : this.threads) thread.start();
  }

  /** Model threads waiting for work now. */
  int idleThreads() {
    return idle.get();
  }

  /** Whether every model thread waits for work: nothing else is being embedded or waits to be. */
  boolean allIdle() {
    return idle.get() == threads.size() && waiting.isEmpty();
  }

  /**
   * Queues images to embed; the future completes when every slice has been through the model (exceptionally when a
   * pass failed).
   *
   * @param spread cut them into as many slices as model threads are idle (a lone request: its passes side by side);
   *     else one slice, to be batched with what else waits
   * @throws IllegalStateException once the model is closed
   */
  CompletableFuture<Pass> submit(List<DecodedImage> images, boolean spread) {
    if (images.isEmpty()) {
      long now = System.nanoTime();
      return CompletableFuture.completedFuture(new Pass(List.of(), now, now));
    }
    int slices = spread ? Math.max(1, Math.min(idle.get(), images.size())) : 1;
    Request request = new Request(images.size(), slices);
    synchronized (lock) {
      if (closed) throw new IllegalStateException("the model is closed: the server is shutting down");
      for (int s = 0; s < slices; s++) {
        int from = s * images.size() / slices;
        int to = (s + 1) * images.size() / slices;
        waiting.add(new Slice(request, from, List.copyOf(images.subList(from, to))));
      }
    }
    return request.result;
  }

  /** Waits for a submission however it ends: a request that stops early leaves no pass of its own running. */
  static void settle(CompletableFuture<Pass> pass) {
    if (pass != null) pass.exceptionally(failed -> null).join();
  }

  /** The vectors of a submission, waiting for it; a failed pass is rethrown as it was thrown. */
  static Pass await(CompletableFuture<Pass> pass) throws InterruptedException {
    try {
      return pass.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  private void run(Embedder own) {
    try (Embedder embedder = own) {
      while (true) {
        Slice first = takeUninterruptibly();
        if (first == STOP) return;
        List<Slice> batch = new ArrayList<>();
        batch.add(first);
        int crops = first.images().size();
        // What waits joins this pass up to maxBatch, except a slice of a request already in it (left to another
        // thread: it was split to run beside it); the first slice that cannot join goes back where it was.
        for (Slice next = waiting.pollFirst(); next != null; next = waiting.pollFirst()) {
          if (next == STOP || inBatch(batch, next.request()) || crops + next.images().size() > maxBatch) {
            waiting.addFirst(next);
            break;
          }
          batch.add(next);
          crops += next.images().size();
        }
        embed(embedder, batch, crops);
      }
    }
  }

  private static boolean inBatch(List<Slice> batch, Request request) {
    for (Slice slice : batch) if (slice.request() == request) return true;
    return false;
  }

  private Slice takeUninterruptibly() {
    idle.incrementAndGet();
    try {
      while (true) {
        try {
          return waiting.take();
        } catch (InterruptedException e) {
          // only close() stops these threads, by queueing STOP after the last request
        }
      }
    } finally {
      idle.decrementAndGet();
    }
  }

  private void embed(Embedder embedder, List<Slice> batch, int crops) {
    long start = System.nanoTime();
    List<DecodedImage> images = new ArrayList<>(crops);
    for (Slice slice : batch) images.addAll(slice.images());
    List<float[]> vectors;
    try {
      vectors = embedder.embed(images);
    } catch (RuntimeException | Error e) { // each request fails (500); the thread lives on for the next
      for (Slice slice : batch) slice.request().failed(e);
      return;
    }
    long end = System.nanoTime();
    metrics.batch(crops);
    int next = 0;
    for (Slice slice : batch) {
      int n = slice.images().size();
      slice.request().done(slice.from(), vectors.subList(next, next + n), start, end);
      next += n;
    }
  }

  /** Embeds what is queued, then stops the model threads; later requests are refused. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) return;
      closed = true;
      for (int t = 0; t < threads.size(); t++) waiting.add(STOP);
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
