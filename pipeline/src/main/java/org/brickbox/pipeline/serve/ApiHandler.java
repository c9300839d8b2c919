package org.brickbox.pipeline.serve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.brickbox.io.records.Json;
import org.brickbox.pipeline.identify.CameraScale;
import org.brickbox.pipeline.identify.PhotoIdentifier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Attributes;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: {@code POST /v1/identify}, {@code GET /health}, {@code GET /metrics}. Every answer but the metrics is
 * JSON; every refusal is an {@link ApiException.Body} with a 4xx status that names what was wrong, and the server
 * goes on serving. Limits are checked before work is spent: requests in progress ({@code --queue}) before the body
 * is read, the body's size ({@code --maxBodyMB}) before and while it is read, the number of photos
 * ({@code --maxPhotos}) before any is decoded, each photo's pixels ({@code --maxPixels}) from its header.
 */
final class ApiHandler extends Handler.Abstract {
  static final String IDENTIFY = "/v1/identify";
  static final String HEALTH = "/health";
  static final String METRICS = "/metrics";
  /**
   * The multipart parser's own bound on fields, so that a body of many tiny parts costs little; up to it, too many
   * photos get their own clear error.
   */
  private static final int MAX_FORM_PARTS = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  private final IdentifyService service;
  private final ServeMetrics metrics;
  private final ServeOptions options;
  private final Semaphore admitted;
  private final long startedAt = System.nanoTime();

  ApiHandler(IdentifyService service, ServeMetrics metrics, ServeOptions options) {
    this.service = service;
    this.metrics = metrics;
    this.options = options;
    this.admitted = new Semaphore(options.queue());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    long start = System.nanoTime();
    int status;
    try {
      status = switch (path) {
        case IDENTIFY -> {
          requireMethod(request, "POST");
          yield identify(request, response, callback, start);
        }
        case HEALTH -> {
          requireMethod(request, "GET");
          yield write(response, callback, 200, "application/json", Json.line(health()) + "\n");
        }
        case METRICS -> {
          requireMethod(request, "GET");
          yield write(response, callback, 200, "text/plain; version=0.0.4", metrics.prometheus());
        }
        default -> throw new ApiException(404, "not-found", "no such path '" + path + "' (POST " + IDENTIFY + ", GET "
            + HEALTH + ", GET " + METRICS + ")");
      };
    } catch (ApiException e) {
      discardUnread(request);
      status = refuse(response, callback, e);
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", request.getMethod(), path, e);
      discardUnread(request);
      status = refuse(response, callback, new ApiException(500, "internal-error", "the server failed: " + e));
    }
    metrics.request(List.of(IDENTIFY, HEALTH, METRICS).contains(path) ? path : "other", status);
    if (path.equals(IDENTIFY)) metrics.identifyLatency(System.nanoTime() - start);
    return true;
  }

  private int identify(Request request, Response response, Callback callback, long start) {
    if (!admitted.tryAcquire()) {
      throw new ApiException(503, "busy", options.queue() + " identify requests are in progress, the most --queue"
          + " allows; retry shortly");
    }
    metrics.started();
    try {
      Form form = readForm(request);
      long read = System.nanoTime() - start;
      IdentifyService.Identified identified = service.identify(form.photos(), form.top(), form.pixelsPerMm());
      metrics.photos(form.photos().size());
      IdentifyResponse answer = new IdentifyResponse(identified.report(),
          IdentifyResponse.Timings.of(read, identified, System.nanoTime() - start));
      return write(response, callback, 200, "application/json", Json.line(answer) + "\n");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "shutting-down", "the server is stopping");
    } finally {
      metrics.finished();
      admitted.release();
    }
  }

  /**
   * What an identify request asks: its photos, in the order sent, how many candidates to answer and each photo's
   * camera scale (NaN: unknown).
   */
  private record Form(List<PhotoUpload> photos, int top, double[] pixelsPerMm) {}

  /** Reads the form, refusing what breaks a limit or is not the form {@code /v1/identify} takes. */
  private Form readForm(Request request) {
    long limit = options.maxBodyBytes();
    if (request.getLength() > limit) throw bodyTooLarge(request.getLength() + " bytes", limit);
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (contentType == null || !"multipart/form-data".equalsIgnoreCase(contentType.split(";")[0].strip())) {
      throw new ApiException(415, "not-multipart", "send the photos as multipart/form-data, one field named 'photo'"
          + " per photo (curl -F photo=@a.jpg), not " + (contentType == null ? "a body without a type" : contentType));
    }
    byte[] body = readAtMost(request, limit);
    MultiPartConfig config = new MultiPartConfig.Builder().maxParts(MAX_FORM_PARTS).maxSize(limit).maxPartSize(limit)
        .maxMemoryPartSize(limit).useFilesForPartsWithoutFileName(false).build();
    List<PhotoUpload> photos = new ArrayList<>();
    int top = PhotoIdentifier.DEFAULT_TOP;
    String pixelsPerMm = null;
    try (MultiPartFormData.Parts parts = MultiPartFormData.getParts(Content.Source.from(ByteBuffer.wrap(body)),
        new Attributes.Mapped(), contentType, config)) {
      for (MultiPart.Part part : parts) {
        switch (part.getName() == null ? "" : part.getName()) {
          case "photo" -> photos.add(new PhotoUpload(
              part.getFileName() == null || part.getFileName().isBlank() ? "photo-" + (photos.size() + 1)
                  : part.getFileName(), bytes(part)));
          case "top" -> top = top(part.getContentAsString(StandardCharsets.UTF_8));
          case "pixelsPerMm" -> pixelsPerMm = part.getContentAsString(StandardCharsets.UTF_8);
          default -> throw new ApiException(400, "unknown-field", "unknown form field '" + part.getName()
              + "' (expected 'photo', one per photo, and optionally 'top' and 'pixelsPerMm')");
        }
      }
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ApiException(400, "bad-multipart", "the multipart/form-data body cannot be read: " + rootMessage(e));
    }
    if (photos.isEmpty()) {
      throw new ApiException(400, "no-photo", "no photo: send each photo as a form field named 'photo'"
          + " (curl -F photo=@a.jpg)");
    }
    if (photos.size() > options.maxPhotos()) {
      throw new ApiException(400, "too-many-photos", photos.size() + " photos; at most " + options.maxPhotos()
          + " in one request (--maxPhotos), all of one physical part");
    }
    return new Form(photos, top, scales(pixelsPerMm, photos.size()));
  }

  /**
   * Each photo's camera scale: the request's field (one for all, or one per photo), else the server's
   * {@code --pixelsPerMm}; positive numbers the index can use (its references have sizes).
   */
  private double[] scales(String field, int photos) {
    try {
      double[] scales = CameraScale.parseEach(field, "pixelsPerMm", photos);
      if (field == null) Arrays.fill(scales, options.pixelsPerMm());
      for (double scale : scales) if (!Double.isNaN(scale)) service.identifier().requireScale(scale);
      return scales;
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "bad-scale", e.getMessage());
    }
  }

  /** The whole body, refused as soon as it grows past {@code limit} (a body without a declared length included). */
  private static byte[] readAtMost(Request request, long limit) {
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      if (body.length > limit) {
        discard(in, limit); // before the stream closes: closing it early gives up the body, and the connection
        throw bodyTooLarge("more than " + limit + " bytes", limit);
      }
      return body;
    } catch (IOException e) {
      throw new ApiException(400, "bad-body", "the request body could not be read: " + e.getMessage());
    }
  }

  /**
   * Reads what is left of a refused request's body, up to twice {@code --maxBodyMB}, and throws it away. Most clients
   * send the whole body before they read the answer (few wait for 100 Continue): answered while still sending, they
   * find the connection closed under them and never see the refusal (a test's client failed so, now and then, on a
   * 1 MiB body refused unread). A body larger still is left, and the connection is closed after the answer.
   */
  private void discardUnread(Request request) {
    try (InputStream in = Content.Source.asInputStream(request)) {
      discard(in, 2 * options.maxBodyBytes());
    } catch (IOException | RuntimeException e) {
      // The client left, or the body was already given up: the refusal is written all the same (or cannot be).
      LOG.debug("{} {}: the rest of a refused body could not be read: {}", request.getMethod(),
          request.getHttpURI().getPath(), e.toString());
    }
  }

  private static void discard(InputStream in, long atMost) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = atMost;
    for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0; ) left -= n;
  }

  private static ApiException bodyTooLarge(String size, long limit) {
    return new ApiException(413, "body-too-large", "the body is " + size + "; at most " + limit + " bytes ("
        + limit / (1024 * 1024) + " MiB, --maxBodyMB)");
  }

  private static byte[] bytes(MultiPart.Part part) {
    try {
      ByteBuffer buffer = Content.Source.asByteBuffer(part.getContentSource());
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new ApiException(400, "bad-multipart", "a photo's bytes cannot be read: " + e.getMessage());
    }
  }

  private static int top(String text) {
    try {
      int top = Integer.parseInt(text.strip());
      if (top >= 1) return top;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ApiException(400, "bad-top", "top must be a whole number >= 1, was '" + text + "'");
  }

  private Health health() {
    var manifest = service.identifier().index().manifest();
    return new Health("ok", options.index().toString(), manifest.modelVersion(), manifest.parts(),
        manifest.references(), Math.round((System.nanoTime() - startedAt) / 1e8) / 10.0);
  }

  private static void requireMethod(Request request, String method) {
    if (!request.getMethod().equals(method)) {
      throw new ApiException(405, "method-not-allowed", Request.getPathInContext(request) + " answers " + method
          + ", not " + request.getMethod());
    }
  }

  private static int write(Response response, Callback callback, int status, String type, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type + "; charset=utf-8");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return status;
  }

  private int refuse(Response response, Callback callback, ApiException e) {
    metrics.error(e.body().error());
    if (e.status() == 503) response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
    return write(response, callback, e.status(), "application/json", Json.line(e.body()) + "\n");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
