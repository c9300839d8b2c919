package org.brickbox.pipeline.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.brickbox.pipeline.identify.PhotoIdentifier;
import org.brickbox.pipeline.identify.PhotoIdentifier.EmbeddedPhoto;
import org.brickbox.pipeline.identify.PhotoIdentifier.PreparedPhoto;

/**
 * Runs the model for every request on one thread, batching requests that wait together: the DJL predictor is not
 * thread-safe, and one forward pass over many crops costs less than one per request. A request's photos are never
 * split across passes, and nothing waits to fill a batch: a request that finds the model idle runs alone at once, and
 * those that arrive while it runs are taken together (up to {@code maxBatch} crops, a request larger than that alone)
 * in the next pass. PyTorch parallelises each pass over its own threads.
 */
final class EmbedBatcher implements AutoCloseable {
  private final PhotoIdentifier identifier;
  private final int maxBatch;
  private final ServeMetrics metrics;
  private final LinkedBlockingQueue<Job> waiting = new LinkedBlockingQueue<>();
  private final Thread thread;
  /** Guards {@link #closed} with the queue, so that no request is queued after the thread's last look. */
  private final Object lock = new Object();
  private boolean closed;

  /** One request's photos, as the model saw them: how long it waited for the model and how long its pass took. */
  record Embedded(List<EmbeddedPhoto> photos, long waitNanos, long embedNanos) {}

  private record Job(List<PreparedPhoto> photos, int crops, long queuedAt, CompletableFuture<Embedded> result) {}

  /** Queued by {@link #close}: the thread stops when it takes it, after every request queued before it. */
  private static final Job STOP = new Job(List.of(), 0, 0, new CompletableFuture<>());

  EmbedBatcher(PhotoIdentifier identifier, int maxBatch, ServeMetrics metrics) {
    this.identifier = identifier;
    this.maxBatch = maxBatch;
    this.metrics = metrics;
    this.thread = new Thread(this::run, "brickbox-model");
    thread.setDaemon(true);
    thread.start();
  }

  /** Embeds one request's photos; blocks until its pass is done. */
  Embedded embed(List<PreparedPhoto> photos) throws InterruptedException {
    int crops = photos.stream().mapToInt(p -> p.prepared().crops().size()).sum();
    Job job = new Job(photos, crops, System.nanoTime(), new CompletableFuture<>());
    synchronized (lock) {
      if (closed) throw new IllegalStateException("the model is closed: the server is shutting down");
      waiting.add(job);
    }
    try {
      return job.result().get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  private void run() {
    while (true) {
      List<Job> batch = new ArrayList<>();
      Job first = takeUninterruptibly();
      if (first == STOP) return;
      batch.add(first);
      int crops = first.crops();
      // Only this thread takes from the queue, so what peek sees is what poll returns.
      for (Job next = waiting.peek(); next != null && next != STOP && crops + next.crops() <= maxBatch;
          next = waiting.peek()) {
        batch.add(waiting.poll());
        crops += next.crops();
      }
      embed(batch, crops);
    }
  }

  private Job takeUninterruptibly() {
    while (true) {
      try {
        return waiting.take();
      } catch (InterruptedException e) {
        // only close() stops this thread, by queueing STOP after the last request
      }
    }
  }

  private void embed(List<Job> batch, int crops) {
    long start = System.nanoTime();
    List<PreparedPhoto> photos = new ArrayList<>();
    for (Job job : batch) photos.addAll(job.photos());
    List<EmbeddedPhoto> embedded;
    try {
      embedded = identifier.embed(photos);
    } catch (RuntimeException | Error e) { // each request fails (500); the thread lives on for the next
      for (Job job : batch) job.result().completeExceptionally(e);
      return;
    }
    long took = System.nanoTime() - start;
    metrics.batch(crops);
    int next = 0;
    for (Job job : batch) {
      List<EmbeddedPhoto> own = embedded.subList(next, next + job.photos().size());
      next += job.photos().size();
      job.result().complete(new Embedded(List.copyOf(own), start - job.queuedAt(), took));
    }
  }

  /** Embeds what is queued, then stops the model thread; later requests are refused. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) return;
      closed = true;
      waiting.add(STOP);
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
