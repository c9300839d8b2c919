package org.brickbox.pipeline.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.brickbox.pipeline.serve.IdentifyServer;
import org.brickbox.pipeline.serve.ServeOptions;

/** {@code ./brickbox serve --index=DIR [--port=8080] [--host=127.0.0.1]}: identify over HTTP until stopped. */
final class Serve {
  private Serve() {}

  static final String USAGE = """
      usage: ./brickbox serve --index=OUT/index [--port=8080] [--host=127.0.0.1] [--option=value ...]
        An HTTP JSON API answering what identify answers, with the index and its model loaded once:
          POST /v1/identify  multipart/form-data, one field 'photo' per photo of one physical part, optional 'top'
                             (default 5); the answer is identify --json's plus timings_ms
          GET  /health       index, model, parts, references, uptime
          GET  /metrics      Prometheus text: requests, errors, identify latency histogram, model batches
        A request the server refuses gets a 4xx JSON {status, error, message[, photo]}; the server goes on serving.
        Ctrl-C or SIGTERM stops it gracefully.
        e.g. curl -F photo=@front.jpg -F photo=@back.jpg -F top=3 http://127.0.0.1:8080/v1/identify
      options (with their defaults):
      """ + ServeOptions.describe();

  static int run(List<String> args, PrintStream out) throws Exception {
    ServeOptions options = ServeOptions.parse(CommandArgs.parse(args, ServeOptions.names(), Set.of()).values());
    IdentifyServer server = IdentifyServer.start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "brickbox-serve-stop"));
    var manifest = server.identifier().index().manifest();
    out.printf("serving %d parts (%d reference views, model %s) from %s at %s%n", manifest.parts(),
        manifest.references(), manifest.modelVersion(), options.index(), server.uri());
    String warning = server.identifier().photoWarning();
    if (warning != null) out.println(warning);
    out.println("POST " + server.uri() + "/v1/identify, GET /health, GET /metrics; Ctrl-C stops");
    server.join();
    return BrickBoxCli.OK;
  }
}
