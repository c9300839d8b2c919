package org.brickbox.io.records;

import java.io.Serializable;

/**
 * A dead letter: the input a stage could not process, where it failed ({@code location}, e.g.
 * {@code parts/s/foo.dat:12}) and why. Written to {@code failures.jsonl}; nothing a stage drops is lost.
 */
public record FailureRecord(
    String stage, String key, String input, String errorType, String message, String location)
    implements Serializable {}
