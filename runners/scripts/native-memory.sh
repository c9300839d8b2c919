# Sourced by ./brickbox and the Flink cluster scripts before a JVM starts: glibc malloc settings for PyTorch.
#
# The embedding model runs op by op (DJL's eager PyTorch), and every layer's output is a new tensor (up to 9.4 MB
# at batch 32). Under glibc's defaults such blocks are mmap()ed fresh and unmapped again, so each batch page-faults
# and zeroes its activations anew. Serving blocks up to 32 MiB (glibc's largest threshold) from the heap and keeping
# freed heap memory (up to 1 GiB) made inference in an index build 1.7x faster (136.5 -> 233.7 images/s per embed
# subtask, page faults 1.28 M -> 0.50 M) with byte-identical embeddings (BENCHMARKS.md, "Native memory"). glibc
# reads these when a process starts, so they must be set before `java`; a value already in the environment wins.
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}"
