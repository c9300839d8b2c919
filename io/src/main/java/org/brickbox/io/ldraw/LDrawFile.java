package org.brickbox.io.ldraw;

import java.util.List;

/**
 * One parsed LDraw file, immutable and shared between threads and parts. {@code geometry} holds the file's own
 * triangles (wound CCW in the file's coordinates; two-sided where the file is uncertified or NOCLIP), edge and
 * conditional lines with colour codes as written; sub-files are kept as references, never inlined.
 *
 * @param key path relative to the library root, lower case, slash-separated
 * @param digest SHA-256 of the file's bytes, for closure hashes
 */
record LDrawFile(
    String key,
    PartHeader header,
    Mesh geometry,
    List<SubFileRef> references,
    List<LDrawProblem> problems,
    byte[] digest) {}
