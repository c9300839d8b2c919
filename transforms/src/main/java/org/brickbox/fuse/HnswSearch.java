package org.brickbox.fuse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Approximate search with Lucene's HNSW vectors (one segment, built single-threaded, so the graph is the same for
 * the same vectors in the same order). The ordinal of each vector is stored with it.
 */
public final class HnswSearch implements VectorSearch {
  private static final String FIELD = "vector";
  private static final String ORDINAL = "ordinal";

  private final Directory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final int[] ordinalOfDoc;
  private final int efSearch;

  private HnswSearch(Directory directory, int efSearch) throws IOException {
    this.directory = directory;
    this.reader = DirectoryReader.open(directory);
    this.searcher = new IndexSearcher(reader);
    this.efSearch = efSearch;
    this.ordinalOfDoc = new int[reader.maxDoc()];
    var stored = reader.storedFields();
    for (int doc = 0; doc < reader.maxDoc(); doc++) {
      ordinalOfDoc[doc] = stored.document(doc).getField(ORDINAL).numericValue().intValue();
    }
  }

  /** HNSW graph parameters: neighbours per node and the candidate list size while building. */
  public record Parameters(int maxConnections, int beamWidth, int efSearch) implements java.io.Serializable {
    public static final Parameters DEFAULT = new Parameters(16, 100, 100);
  }

  /** Writes the vectors as a Lucene index in {@code dir} (created, must be empty) and opens it for search. */
  public static HnswSearch build(Path dir, float[][] vectors, Parameters parameters) {
    try {
      Directory directory = FSDirectory.open(dir);
      IndexWriterConfig config = new IndexWriterConfig()
          .setCodec(new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
              return new Lucene99HnswVectorsFormat(parameters.maxConnections(), parameters.beamWidth());
            }
          })
          .setMergeScheduler(new SerialMergeScheduler())
          .setRAMBufferSizeMB(1024)
          .setUseCompoundFile(false);
      try (IndexWriter writer = new IndexWriter(directory, config)) {
        for (int i = 0; i < vectors.length; i++) {
          Document doc = new Document();
          doc.add(new KnnFloatVectorField(FIELD, vectors[i], VectorSimilarityFunction.DOT_PRODUCT));
          doc.add(new StoredField(ORDINAL, i));
          writer.addDocument(doc);
        }
        writer.forceMerge(1);
        writer.commit();
      }
      return new HnswSearch(directory, parameters.efSearch());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the HNSW index in " + dir, e);
    }
  }

  /** Opens an index written by {@link #build}. */
  public static HnswSearch open(Path dir, int efSearch) {
    try {
      return new HnswSearch(FSDirectory.open(dir), efSearch);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the HNSW index in " + dir, e);
    }
  }

  @Override
  public List<Neighbour> search(float[] query, int k) {
    try {
      // Lucene explores max(k, efSearch) candidates and keeps the best k: efSearch trades speed for recall.
      TopDocs top = searcher.search(new KnnFloatVectorQuery(FIELD, query, Math.max(k, efSearch)), Math.max(k, efSearch));
      List<Neighbour> out = new ArrayList<>(k);
      for (ScoreDoc hit : top.scoreDocs) {
        if (out.size() == k) break;
        // Lucene scores DOT_PRODUCT as (1 + dot) / 2.
        out.add(new Neighbour(ordinalOfDoc[hit.doc], 2f * hit.score - 1f));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("HNSW search failed", e);
    }
  }

  @Override
  public String mode() {
    return "hnsw";
  }

  @Override
  public void close() {
    try {
      reader.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the HNSW index", e);
    }
  }
}
