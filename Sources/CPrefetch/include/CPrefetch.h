#ifndef OTSENSOR_CPREFETCH_H
#define OTSENSOR_CPREFETCH_H

/// Asks the CPU to start loading the cache line holding `address`. Swift has no
/// prefetch intrinsic; the shards read packets scattered over a chunk, and
/// loading the next ones while the current one is analysed hides that latency.
static inline void otsensor_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
