package org.brickbox.pipeline.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.brickbox.io.ldraw.LibraryBenchmark;
import org.brickbox.pipeline.bench.EmbedBenchmark;
import org.brickbox.pipeline.bench.FuseBenchmark;
import org.brickbox.pipeline.bench.HnswBenchmark;
import org.brickbox.pipeline.bench.PhotoBenchmark;
import org.brickbox.pipeline.bench.SegmentBenchmark;
import org.brickbox.pipeline.bench.ServeBenchmark;
import org.brickbox.pipeline.bench.StoreBenchmark;
import org.brickbox.qa.QaBenchmark;
import org.brickbox.render.PartHeapBenchmark;
import org.brickbox.render.RenderBenchmark;
import org.brickbox.render.photo.RestingPosesBenchmark;

/** {@code ./brickbox bench <what> [args]}: the runnable benchmarks whose figures go into BENCHMARKS.md. */
final class Bench {
  static final String USAGE = """
      usage: ./brickbox bench render  [libraryRoot|- [parts|- [views [size [threads [supersampling [rounds [cad|photo]]]]]]]]
             ./brickbox bench library [libraryRoot]
             ./brickbox bench qa      [libraryRoot|- [parts|- [views [size [threads [rounds]]]]]]
             ./brickbox bench poses   [libraryRoot|- [partsFile|parts|sample:N|- [rounds]]]
             ./brickbox bench heap    [libraryRoot|- [parts|largest:N]]
                                      (BRICKBOX_JAVA_OPTS=-XX:+UseSerialGC for exact figures)
             ./brickbox bench embed   --data=RUN_DIR [--model=builtin] [--images=2400] [--threads=0] [--rounds=3]
             ./brickbox bench embed-quality --gallery=RUN_DIR[,...] --queries=RUN_DIR [--model=builtin] [--stride=6]
             ./brickbox bench fuse    --index=OUT/index --queries=RUN_DIR [--heldOut=6:5] [--groupSize=3] [--photos=60] [--weights=W:S:T[:C]]
             ./brickbox bench hnsw    --vectors=RUN_DIR [--queries=200] [--maxConnections=16] [--beamWidth=100] [--efSearch=100]
             ./brickbox bench photos  --index=OUT/index --photos=DIR [--top=5] [--out=REPORT_DIR] [--crops=DIR]
                                      [--cropSet=segmented,tight,frame/frame,centre] [--cropPooling=mean|max]
                                      [--viewConfidence=T (0: photos alike; default: the index's fit)]
                                      [--weights=W:S:T[:C][,W:S:T[:C]...] (fusion weights instead of the index's fit;
                                       several: one table, the index's own first, photos embedded once)]
                                      [--djlCacheDir=DIR] [--threads=N]   (REPORT_DIR: out/bench-photos)
                                      [--baseline=EARLIER/photos.json (what a change fixed and broke, sign test)]
                                      [--pixelsPerMm=X] [--calibration=FILE (lines <partId>/<file><TAB><pixels/mm>)]
                                       (a calibrated camera's scale: the parts' sizes join the silhouette cues)
                                      [--shots=0,1,3,5 [--seed=1] [--splits=1]]   (k-shot: users' own photos as
                                       references; --splits=N repeats it with seeds seed..seed+N-1: mean and range)
                                      [--shotReferences=DIR (each K's reference photos to DIR/k<K>/, for train --photos)]
                                      [--photoWeight=W (how far photo references move a part; default: fitted per K)]
                                      [--photoOnly=N (every Nth part's renders left out: parts known only from photos)]
                                      [--photographedEvery=N (one part in N, drawn per split, gives references; the
                                       others' captures are all queries, reported apart: what photos cost the others)]
             ./brickbox bench segment --photos=DIR --masks=DIR [--method=border-plane,grabcut] [--minConfidence=0.55]
                                      [--workSize=128] [--limit=N] [--out=out/bench-segment]
             ./brickbox bench serve --index=OUT/index --photos=DIR [--requests=200] [--concurrency=1,4,16] [--warmup=20]
                                    [serve's options: --workers= --maxBatch= --threads= ...]
             ./brickbox bench db --database=JDBC_URL [--databaseUser= --databasePasswordFile=] [--rows=20000]
                                 [--batches=100,1000]
             ./brickbox bench s3 --out=s3://BUCKET/PREFIX [--endpoint=URL --s3PathStyleAccess=true --awsRegion=...]
                                 [--objects=300 --size=30000 --threads=1,4]
             runners/scripts/bench-stores.sh   db and s3 against a PostgreSQL and an s3proxy it starts
      render: images/s of the renderer on 20 common parts (render only, +PNG, +WebP), for photo also the CPU cost of
      each effect (rendered with it off); library: load and flatten
      every part, parts/s; embed: images/s per batch size and the Beam stage's overhead; embed-quality:
      nearest-neighbour top-1/top-5 of held-out views; qa: QA metrics images/s; poses: CPU ms per part to find its
      resting poses, and how many; heap: the heap a part holds while rendered beside
      --maxPartHeapMb's estimate of it (default: the 8 largest parts of the library); fuse: another run's views identified against an index, HNSW recall@10 and build
      time, identify photos/s; hnsw: the HNSW graph over every vector of a run (not only an index's references), vectors
      held out of it as queries: build time, recall@10 against exact search, search p50/p99; photos: a labelled photo folder
      DIR/<partId>/<capture>_<side>.jpg (one capture = one physical part) identified photo by photo and per capture
      with all its photos fused as identify does: per-part table, confusions, REPORT_DIR/photos.html (confusions as
      pictures) and photos.json, last line "photos: fused top-1 X top-5 X single top-1 X over N captures of M parts";
      with --shots, the k-shot table instead: for each K, K captures of every part (seeded order) join the index as
      photo references and its other captures are the queries, scored with and without the photos (shots.json; with
      --splits, each K's mean and range over the seeds in shots-summary.json);
      serve: the HTTP server started in-process on 127.0.0.1, loaded at each concurrency with single-photo requests
      (DIR's photos in turn) until --requests are answered: req/s, p50/p95/p99 latency, errors, and the server's mean
      prepare / model wait / embed / fuse ms and crops per forward pass; segment: how well photos are segmented
      against true masks MASKS/<partId>/<capture>_<side>.png: IoU, fallbacks and ms/photo per method, by side, part colour and (photo proxy) surface; REPORT_DIR/segment.json;
      db: PostgreSQL sink rows/s for 512-d embeddings per batch size; s3: objects/s written to S3-compatible
      storage. Figures go into BENCHMARKS.md.""";

  private static final String NAMES =
      "render, library, qa, poses, heap, embed, embed-quality, fuse, hnsw, photos, serve, segment, db, s3";

  private Bench() {}

  static int run(List<String> args, PrintStream out) throws Exception {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("which benchmark? (" + NAMES + ")");
    }
    String[] rest = args.subList(1, args.size()).toArray(String[]::new);
    switch (args.get(0)) {
      case "render" -> RenderBenchmark.main(rest);
      case "library" -> LibraryBenchmark.main(rest);
      case "qa" -> QaBenchmark.main(rest);
      case "poses" -> RestingPosesBenchmark.main(rest);
      case "heap" -> PartHeapBenchmark.main(rest);
      case "embed" -> EmbedBenchmark.throughput(options(rest), out);
      case "embed-quality" -> EmbedBenchmark.quality(options(rest), out);
      case "fuse" -> FuseBenchmark.run(options(rest), out);
      case "hnsw" -> HnswBenchmark.run(options(rest), out);
      case "photos" -> PhotoBenchmark.run(CommandArgs.parse(List.of(rest), PhotoBenchmark.OPTIONS, Set.of()).values(), out);
      case "serve" -> ServeBenchmark.run(CommandArgs.parse(List.of(rest), ServeBenchmark.options(), Set.of()).values(), out);
      case "segment" -> SegmentBenchmark.run(CommandArgs.parse(List.of(rest), SegmentBenchmark.OPTIONS, Set.of()).values(), out);
      case "db" -> StoreBenchmark.database(options(rest), out);
      case "s3" -> StoreBenchmark.objects(options(rest), out);
      default -> throw new IllegalArgumentException("unknown benchmark '" + args.get(0)
          + "' (" + NAMES + ")");
    }
    return BrickBoxCli.OK;
  }

  /** {@code --name=value} arguments as a map. */
  static java.util.Map<String, String> options(String[] args) {
    java.util.Map<String, String> o = new java.util.LinkedHashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) throw new IllegalArgumentException("expected --name=value, got '" + a + "'");
      o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    return o;
  }
}
