package org.brickbox.pipeline.serve;

import java.net.URI;
import org.brickbox.pipeline.identify.PhotoIdentifier;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code ./brickbox serve}: the index and the model loaded once, behind Jetty. {@link #close} is graceful: the
 * server stops accepting, requests in flight get up to {@code --shutdownSeconds} to finish (a request arriving
 * meanwhile is answered 503), then the model and the index are closed.
 */
public final class IdentifyServer implements AutoCloseable {
  /** Jetty's threads beyond one per admitted identify request: acceptor, selector, health, metrics, refusals. */
  private static final int SPARE_THREADS = 16;

  private final Server server;
  private final ServerConnector connector;
  private final IdentifyService service;
  private final ServeMetrics metrics;
  private boolean closed;

  private IdentifyServer(Server server, ServerConnector connector, IdentifyService service, ServeMetrics metrics) {
    this.server = server;
    this.connector = connector;
    this.service = service;
    this.metrics = metrics;
  }

  /** Loads the index and its model, and starts listening. */
  public static IdentifyServer start(ServeOptions options) throws Exception {
    ServeMetrics metrics = new ServeMetrics();
    IdentifyService service = new IdentifyService(
        new PhotoIdentifier(options.index(), options.engine(), options.maxPixels(), options.cropSet()),
        options.workers(),
        options.modelThreads(), options.maxBatch(), metrics);
    if (!Double.isNaN(options.pixelsPerMm())) {
      try {
        service.identifier().requireScale(options.pixelsPerMm()); // an index without sizes: refused before listening
      } catch (IllegalArgumentException e) {
        service.close();
        throw e;
      }
    }
    QueuedThreadPool threads = new QueuedThreadPool(options.queue() + SPARE_THREADS, 4);
    threads.setName("brickbox-http");
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(options.host());
    connector.setPort(options.port());
    server.addConnector(connector);
    server.setHandler(new GracefulHandler(new ApiHandler(service, metrics, options)));
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(options.shutdownSeconds() * 1000L);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      service.close();
      throw new IllegalArgumentException("cannot listen on " + options.host() + ":" + options.port() + ": "
          + e.getMessage(), e);
    }
    return new IdentifyServer(server, connector, service, metrics);
  }

  /** The port listened on (the one taken when {@code --port=0}). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The base address, e.g. {@code http://127.0.0.1:8080}. */
  public URI uri() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  public PhotoIdentifier identifier() {
    return service.identifier();
  }

  /** Photos identified so far, counted when their request's answer is ready. */
  public long photosIdentified() {
    return metrics.photos();
  }

  /** Forward passes of the model so far, and the crops they held: their ratio is the mean batch. */
  public long modelBatches() {
    return metrics.batches();
  }

  public long modelCrops() {
    return metrics.batchedCrops();
  }

  /** Crops embedded while their photo was still being segmented. */
  public long earlyCrops() {
    return metrics.earlyCrops();
  }

  /** Model threads waiting for work now. */
  public int idleModelThreads() {
    return service.idleModelThreads();
  }

  /** Blocks until the server has stopped. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("stopping the server failed: " + e.getMessage(), e);
    } finally {
      service.close();
    }
  }
}
