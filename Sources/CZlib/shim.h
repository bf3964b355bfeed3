#ifndef OTSENSOR_CZLIB_SHIM_H
#define OTSENSOR_CZLIB_SHIM_H
#include <zlib.h>
#endif
