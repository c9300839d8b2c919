package org.brickbox.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load test's connection against a socket server that answers each request with the next scripted answer, as
 * raw bytes: the framings HTTP/1.1 allows (a length, chunks, the end of the connection) and a server that closes.
 * (That bench serve reads the real server's answers is {@code IdentifyServerTest}'s.)
 */
class KeepAliveConnectionTest {
  private ServerSocket listening;
  private Thread serving;
  private final LinkedBlockingQueue<String> script = new LinkedBlockingQueue<>();
  private final List<String> bodiesReceived = new ArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    listening = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    serving = new Thread(this::serve, "scripted-http");
    serving.setDaemon(true);
    serving.start();
  }

  @AfterEach
  void stop() throws Exception {
    listening.close();
    serving.join(10_000);
  }

  /** Answers requests connection by connection; "CLOSE" in the script closes the connection without answering. */
  private void serve() {
    while (!listening.isClosed()) {
      try (Socket s = listening.accept()) {
        connections.incrementAndGet();
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        while (true) {
          String body = readRequest(in);
          if (body == null) break;
          synchronized (bodiesReceived) {
            bodiesReceived.add(body);
          }
          String answer = script.poll(10, TimeUnit.SECONDS);
          if (answer == null || answer.equals("CLOSE")) break;
          out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          if (answer.toLowerCase(Locale.ROOT).contains("connection: close")
              || !answer.toLowerCase(Locale.ROOT).contains("content-length") && !answer.contains("chunked")) {
            break;
          }
        }
      } catch (IOException | InterruptedException e) {
        if (!listening.isClosed()) throw new IllegalStateException(e);
      }
    }
  }

  /** The body of the next request on the connection, or null at its end. */
  private static String readRequest(InputStream in) throws IOException {
    String line = line(in);
    if (line == null) return null;
    int length = 0;
    for (line = line(in); line != null && !line.isEmpty(); line = line(in)) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
  }

  /** A line without its CRLF, read byte by byte so that the body after the head stays in the stream. */
  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) return line.length() == 0 ? null : line.toString();
      if (c != '\r') line.append((char) c);
    }
    return line.toString();
  }

  private KeepAliveConnection connection() {
    return new KeepAliveConnection(URI.create("http://127.0.0.1:" + listening.getLocalPort()));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void readsLengthAndChunkedAnswersOnOneConnection() throws IOException {
    script.add("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}");
    script.add("HTTP/1.1 422 Unprocessable\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "4\r\n{\"b\"\r\n3;ext=1\r\n:2}\r\n0\r\n\r\n");
    try (KeepAliveConnection c = connection()) {
      KeepAliveConnection.Answer first = c.post("/v1/identify", "text/plain", bytes("photo one"));
      assertEquals(200, first.status());
      assertArrayEquals(bytes("{\"a\":1}"), first.body());
      KeepAliveConnection.Answer second = c.post("/v1/identify", "text/plain", bytes("photo two"));
      assertEquals(422, second.status());
      assertArrayEquals(bytes("{\"b\":2}"), second.body());
    }
    assertEquals(List.of("photo one", "photo two"), bodiesReceived);
    assertEquals(1, connections.get(), "both requests on one kept-alive connection");
  }

  @Test
  void opensAgainAfterTheServerClosesAndAfterAFailedExchange() throws IOException {
    script.add("HTTP/1.1 413 Too Large\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}");
    script.add("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    script.add("CLOSE");
    script.add("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 10\r\n\r\ncut"); // ends before its length
    script.add("HTTP/1.1 200 OK\r\n\r\nto the end"); // no length: the body runs to the connection's end
    script.add("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal");
    try (KeepAliveConnection c = connection()) {
      assertEquals(413, c.post("/x", "text/plain", bytes("1")).status());
      assertArrayEquals(bytes("ok"), c.post("/x", "text/plain", bytes("2")).body());
      IOException closed = assertThrows(IOException.class, () -> c.post("/x", "text/plain", bytes("3")));
      assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
      IOException cut = assertThrows(IOException.class, () -> c.post("/x", "text/plain", bytes("4")));
      assertTrue(cut.getMessage().contains("3 of 10 bytes"), cut.getMessage());
      assertArrayEquals(bytes("to the end"), c.post("/x", "text/plain", bytes("5")).body());
      assertArrayEquals(bytes("final"), c.post("/x", "text/plain", bytes("6")).body());
    }
    assertEquals(List.of("1", "2", "3", "4", "5", "6"), bodiesReceived);
    assertEquals(5, connections.get(), "a new connection after each close and each failure");
  }
}
