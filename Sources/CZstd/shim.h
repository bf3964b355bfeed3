#ifndef OTSENSOR_CZSTD_SHIM_H
#define OTSENSOR_CZSTD_SHIM_H
#include <zstd.h>
#endif
