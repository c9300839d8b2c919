package org.brickbox.pipeline.logs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
    List<OperationLogRecord> records = all.stream().filter(filter).toList();
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    Map<String, List<Long>> durations = new TreeMap<>();
    long failed = 0;
    for (OperationLogRecord r : records) {
      counts.computeIfAbsent(r.operation(), k -> new TreeMap<>()).merge(r.status().name(), 1L, Long::sum);
      durations.computeIfAbsent(r.operation(), k -> new ArrayList<>()).add(r.durationMs());
      if (r.status() == OperationLogRecord.Status.FAILED) failed++;
    }
    Map<String, Durations> percentiles = new TreeMap<>();
    durations.forEach((op, ms) -> {
      ms.sort(Comparator.naturalOrder());
      percentiles.put(op, Durations.of(ms));
    });
    List<OperationLogRecord> slowest = records.stream()
        .sorted(Comparator.comparingLong(OperationLogRecord::durationMs).reversed()
            .thenComparing(OperationLogRecord::key))
        .limit(slowestCount)
        .toList();
    double errorRate = records.isEmpty() ? 0 : (double) failed / records.size();
    return new OperationLogStats(records.size(), errorRate, counts, percentiles, slowest);
  }
}
