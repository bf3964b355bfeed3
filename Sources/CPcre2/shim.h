#ifndef OTSENSOR_CPCRE2_SHIM_H
#define OTSENSOR_CPCRE2_SHIM_H
/* Rules are matched on bytes, so only the 8-bit library is used; its
   functions are imported under their _8 names (the unsuffixed names are macros). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif
