package org.brickbox.pipeline.serve;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to {@code GET /health}: serving or shutting down, what is loaded, and for how long.
 *
 * @param index the index directory
 * @param model the model's version, as the index records it
 */
record Health(String status, String index, String model, int parts, int references,
    @JsonProperty("uptime_s") double uptimeSeconds) {}
