# Sourced by ./brickbox and the Flink cluster scripts before a JVM starts: glibc malloc settings for PyTorch.
#
# The embedding model runs op by op (DJL's eager PyTorch), and every layer's output is a new tensor of 5-40 MB at
# batch 32. Under glibc's defaults such blocks are mmap()ed fresh and unmapped again on every op, so each batch
# page-faults and zeroes all of its activations anew: 3.75 M page faults and 36 s of kernel time for 1,600 images
# in `bench embed`. Serving blocks up to 32 MiB (glibc's largest threshold) from the heap and keeping freed heap
# memory (up to 1 GiB) cut that to 1.16 M faults and 12 s, and the whole run's CPU by a third (BENCHMARKS.md,
# "Embed: native memory"). glibc reads these when a process starts, so they must be set before `java`; a value
# already in the environment wins.
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}"
