package org.brickbox.pipeline.logs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.brickbox.io.records.OperationLogRecord;

/**
 * Statistics of a run's {@code operation_logs.jsonl}: counts per operation and status, error rate, duration
 * percentiles per operation and the slowest keys. Pure: the CLI reads the file, this summarises it.
 */
public record OperationLogStats(
    long records,
    double errorRate,
    Map<String, Map<String, Long>> countsByOperation,
    Map<String, Durations> durationsByOperation,
    List<OperationLogRecord> slowest) {

  /** Nearest-rank percentiles of {@code duration_ms}. */
  public record Durations(long count, long p50, long p95, long max) {
    static Durations of(List<Long> sortedMs) {
      return new Durations(sortedMs.size(), rank(sortedMs, 0.50), rank(sortedMs, 0.95), sortedMs.get(sortedMs.size() - 1));
    }

    private static long rank(List<Long> sorted, double q) {
      int index = (int) Math.ceil(q * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
  }

  /** Which records to count: operation and status (null = any), timestamps within [since, until) (ISO-8601). */
  public record Filter(String operation, OperationLogRecord.Status status, String since, String until)
      implements Predicate<OperationLogRecord> {
    public static final Filter ALL = new Filter(null, null, null, null);

    @Override
    public boolean test(OperationLogRecord r) {
      return (operation == null || operation.equals(r.operation()))
          && (status == null || status == r.status())
          && (since == null || r.timestamp().compareTo(since) >= 0)
          && (until == null || r.timestamp().compareTo(until) < 0);
    }
  }

  public static OperationLogStats of(List<OperationLogRecord> all, Filter filter, int slowestCount) {
    Accumulator accumulator = new Accumulator(filter, slowestCount);
    all.forEach(accumulator::add);
    return accumulator.result();
  }

  /**
   * The statistics built one record at a time, so a whole-library run's log (hundreds of MB) is summarised as it is
   * read: only each operation's durations and the slowest records are kept.
   */
  public static final class Accumulator {
    /** Slower first, then by key: the order {@link #slowest} lists them in. */
    private static final Comparator<OperationLogRecord> SLOWER_FIRST =
        Comparator.comparingLong(OperationLogRecord::durationMs).reversed().thenComparing(OperationLogRecord::key);
    private final Filter filter;
    private final int slowestCount;
    private final Map<String, Map<String, Long>> counts = new TreeMap<>();
    private final Map<String, List<Long>> durations = new TreeMap<>();
    /** The slowest records so far, the fastest of them at the head, so it is the one a slower record replaces. */
    private final PriorityQueue<OperationLogRecord> slowest;
    private long records;
    private long failed;

    public Accumulator(Filter filter, int slowestCount) {
      this.filter = filter;
      this.slowestCount = slowestCount;
      this.slowest = new PriorityQueue<>(SLOWER_FIRST.reversed());
    }

    public void add(OperationLogRecord r) {
      if (!filter.test(r)) return;
      records++;
      counts.computeIfAbsent(r.operation(), k -> new TreeMap<>()).merge(r.status().name(), 1L, Long::sum);
      durations.computeIfAbsent(r.operation(), k -> new ArrayList<>()).add(r.durationMs());
      if (r.status() == OperationLogRecord.Status.FAILED) failed++;
      if (slowestCount <= 0) return;
      slowest.add(r);
      if (slowest.size() > slowestCount) slowest.poll();
    }

    public OperationLogStats result() {
      Map<String, Durations> percentiles = new TreeMap<>();
      durations.forEach((op, ms) -> {
        ms.sort(Comparator.naturalOrder());
        percentiles.put(op, Durations.of(ms));
      });
      List<OperationLogRecord> slowestList = slowest.stream().sorted(SLOWER_FIRST).toList();
      double errorRate = records == 0 ? 0 : (double) failed / records;
      return new OperationLogStats(records, errorRate, counts, percentiles, slowestList);
    }
  }
}
