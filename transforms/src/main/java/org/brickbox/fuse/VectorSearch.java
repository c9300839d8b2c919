package org.brickbox.fuse;

import java.io.Closeable;
import java.util.List;

/** k-nearest-neighbour search over unit vectors by dot product (= cosine similarity). */
public interface VectorSearch extends Closeable {
  /** A reference vector's ordinal and its cosine similarity to the query. */
  record Neighbour(int ordinal, float similarity) {}

  /** The {@code k} most similar reference vectors, most similar first (ties by ordinal). */
  List<Neighbour> search(float[] query, int k);

  /** {@link #search} of each query, in order: what one search of each gives, however it is done. */
  default List<List<Neighbour>> searchAll(List<float[]> queries, int k) {
    List<List<Neighbour>> out = new java.util.ArrayList<>(queries.size());
    for (float[] query : queries) out.add(search(query, k));
    return out;
  }

  /** "exact" or "hnsw". */
  String mode();

  @Override
  default void close() {}
}
