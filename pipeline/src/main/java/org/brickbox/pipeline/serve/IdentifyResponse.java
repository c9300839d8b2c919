package org.brickbox.pipeline.serve;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.brickbox.pipeline.identify.IdentifyReport;

/** The answer to {@code POST /v1/identify}: exactly what {@code identify --json} prints, plus {@code timings_ms}. */
record IdentifyResponse(@JsonUnwrapped IdentifyReport report, @JsonProperty("timings_ms") Timings timings) {

  /**
   * Where the request's time went, in milliseconds: reading the body, waiting for a worker (busy with earlier
   * requests), preparing the photos (decode, segment, crop; in parallel), waiting for the model (busy with other
   * requests), the model's passes after that (shared with the requests batched with this one; a crop known before
   * the part is found may already have been embedded during prepare), fusing, and all of it.
   */
  record Timings(double read, @JsonProperty("prepare_wait") double prepareWait, double prepare,
      @JsonProperty("model_wait") double modelWait, double embed, double fuse, double total) {

    static Timings of(long readNanos, IdentifyService.Identified identified, long totalNanos) {
      return new Timings(ms(readNanos), ms(identified.prepareWaitNanos()), ms(identified.prepareNanos()),
          ms(identified.modelWaitNanos()), ms(identified.embedNanos()), ms(identified.fuseNanos()), ms(totalNanos));
    }

    private static double ms(long nanos) {
      return Math.round(nanos / 1e5) / 10.0;
    }
  }
}
