package org.brickbox.pipeline.serve;

/** One photo as sent: its name (the form's file name, or {@code photo-N}) and its encoded bytes. */
record PhotoUpload(String name, byte[] bytes) {}
