package org.brickbox.pipeline.serve;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body as a client sends photos to {@code POST /v1/identify}; {@code bench serve} and
 * the server's tests post with it. The boundary is random, so no photo's bytes can contain it by accident.
 */
public final class MultipartBody {
  private final String boundary = "brickbox-" + UUID.randomUUID();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  /** Adds a file field named {@code photo}. */
  public MultipartBody photo(String fileName, byte[] photo) {
    return file("photo", fileName, photo);
  }

  public MultipartBody file(String field, String fileName, byte[] content) {
    head("Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName + "\"\r\n"
        + "Content-Type: application/octet-stream\r\n");
    body.writeBytes(content);
    body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  public MultipartBody field(String name, String value) {
    head("Content-Disposition: form-data; name=\"" + name + "\"\r\n");
    body.writeBytes((value + "\r\n").getBytes(StandardCharsets.UTF_8));
    return this;
  }

  private void head(String headers) {
    body.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The body with its closing boundary. */
  public byte[] toByteArray() {
    ByteArrayOutputStream whole = new ByteArrayOutputStream(body.size() + 64);
    whole.writeBytes(body.toByteArray());
    whole.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return whole.toByteArray();
  }

  /** A POST of this body to {@code uri}. */
  public HttpRequest post(java.net.URI uri) {
    return HttpRequest.newBuilder(uri).header("Content-Type", contentType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(toByteArray())).build();
  }
}
