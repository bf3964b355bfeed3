#ifndef OTSENSOR_CLIBFUZZER_H
#define OTSENSOR_CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt's FuzzerDriver.cpp), linked in by `-sanitize=fuzzer`:
/// the fuzz targets call it from their own `main`, because SwiftPM links an executable
/// with its module's entry point as `main` and libFuzzer's `main` is then never used.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
