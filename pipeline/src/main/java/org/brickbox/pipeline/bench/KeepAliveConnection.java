package org.brickbox.pipeline.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One load-test client's HTTP/1.1 connection, kept open between requests, as load generators such as wrk keep theirs:
 * a request is written and its answer read on the calling thread, with nothing else in between. The JDK's
 * {@code HttpClient} hands each exchange between its own selector and executor threads, which on two cores added
 * about 1.5-3 ms to every answer of {@code bench serve} and took CPU from the server it measures (BENCHMARKS.md,
 * "Serve"). Answers with a {@code Content-Length} or chunked are read; the connection is opened again after the
 * server closes it ({@code Connection: close}) or after a failed exchange. Not thread-safe: one per client thread.
 */
final class KeepAliveConnection implements AutoCloseable {
  /** A read that waits longer than this fails the request instead of hanging the benchmark. */
  private static final int READ_TIMEOUT_MS = 120_000;
  private static final int MAX_HEADER_BYTES = 64 * 1024;

  private final String host;
  private final int port;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  /** What the server answered. */
  record Answer(int status, byte[] body) {}

  KeepAliveConnection(URI server) {
    this.host = server.getHost();
    this.port = server.getPort();
  }

  /**
   * POSTs {@code body} to {@code path} and reads the whole answer.
   *
   * @throws IOException when the exchange fails; the connection is closed and the next request opens a new one
   */
  Answer post(String path, String contentType, byte[] body) throws IOException {
    try {
      if (socket == null) open();
      byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: " + contentType
          + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
      out.write(head);
      out.write(body);
      out.flush();
      return read();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void open() throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), READ_TIMEOUT_MS);
      s.setSoTimeout(READ_TIMEOUT_MS);
      out = s.getOutputStream();
      in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
      socket = s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private Answer read() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP answer: " + statusLine);
    int status = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = parts[0].equals("HTTP/1.0");
    int headerBytes = 0;
    for (String header = line(); !header.isEmpty(); header = line()) {
      headerBytes += header.length();
      if (headerBytes > MAX_HEADER_BYTES) throw new IOException("answer headers longer than " + MAX_HEADER_BYTES);
      int colon = header.indexOf(':');
      if (colon < 0) continue;
      String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).strip();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closeAfter = value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    byte[] body;
    if (chunked) body = chunkedBody();
    else if (length >= 0) body = exactly(length);
    else { // no length: the body runs to the end of the connection
      body = in.readAllBytes();
      closeAfter = true;
    }
    if (closeAfter) close();
    return new Answer(status, body);
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semicolon = size.indexOf(';');
      long n = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
      if (n == 0) break;
      body.writeBytes(exactly(n));
      if (!line().isEmpty()) throw new IOException("a chunk does not end where its size says");
    }
    for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
      // trailers are not used by the server; read past them
    }
    return body.toByteArray();
  }

  private byte[] exactly(long n) throws IOException {
    if (n > Integer.MAX_VALUE - 8) throw new IOException("answer body of " + n + " bytes");
    byte[] bytes = in.readNBytes((int) n);
    if (bytes.length < n) throw new EOFException("the answer ended after " + bytes.length + " of " + n + " bytes");
    return bytes;
  }

  /** One line without its CRLF. */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) throw new EOFException("the connection closed in an answer's head");
      if (c == '\n') break;
      if (line.length() > MAX_HEADER_BYTES) throw new IOException("an answer line longer than " + MAX_HEADER_BYTES);
      line.append((char) c);
    }
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') line.setLength(end - 1);
    return line.toString();
  }

  @Override
  public void close() {
    if (socket == null) return;
    try {
      socket.close();
    } catch (IOException e) {
      // closing a connection that already failed: nothing left to release
    }
    socket = null;
    out = null;
    in = null;
  }
}
