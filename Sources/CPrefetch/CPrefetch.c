// The target's only function is inline, in include/CPrefetch.h.
#include "CPrefetch.h"
