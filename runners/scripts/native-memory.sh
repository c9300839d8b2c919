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
# Tensors above 32 MiB are mmap()ed whatever the threshold (a 128 px batch of 32 makes 67 MB ones, the trainer's
# passes over every view 134 MB ones): glibc.malloc.hugetlb=1 asks for transparent huge pages on what malloc maps
# (kernels with THP in "madvise" or "always" mode), one fault per 2 MiB instead of per 4 KiB. Training at 128 px:
# CPU -30 to -49 %, page faults 6.7-6.9 M -> 1.0-1.7 M, the same parameters to the byte (BENCHMARKS.md). Appended
# to GLIBC_TUNABLES unless it already says how malloc uses huge pages.
case ":${GLIBC_TUNABLES:-}:" in
  *:glibc.malloc.hugetlb=*) ;;
  *) export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1" ;;
esac
