#ifndef OTSENSOR_CPCAP_SHIM_H
#define OTSENSOR_CPCAP_SHIM_H
#include <pcap/pcap.h>
#endif
