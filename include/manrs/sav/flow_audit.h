// The audit of flow records (what `manrs sav collect` does with each record
// the decoder emits): the record goes to its interface by ingressInterface
// (InterfaceMap::ForFlow), is counted with its packets and bytes, and is
// optionally kept as a CSV line.
#ifndef MANRS_SAV_FLOW_AUDIT_H_
#define MANRS_SAV_FLOW_AUDIT_H_

#include <cstdio>
#include <string>

#include "manrs/sav/audit.h"
#include "manrs/sav/audit_input.h"
#include "manrs/sav/flow_decoder.h"

namespace manrs {

class FlowAudit {
 public:
  // csv, when not null, receives a header line now and a line per record
  // ("exporter,source,ingress_interface,packets,bytes,verdict,interface");
  // the caller checks it with ferror and closes it. map and audit must
  // outlive this object.
  FlowAudit(const InterfaceMap& map, SavAudit* audit, std::FILE* csv = nullptr);

  void Add(const FlowExporter& exporter, const FlowRecord& record);

 private:
  const InterfaceMap& map_;
  SavAudit* audit_;
  std::FILE* csv_;
};

// The decoder's counters as a JSON member ("collector": {...}) and as a line of text.
std::string CollectorStatsJson(const FlowDecoderStats& s, const std::string& listen,
                               int receive_buffer, double seconds);
std::string CollectorStatsText(const FlowDecoderStats& s, double seconds);

}  // namespace manrs

#endif  // MANRS_SAV_FLOW_AUDIT_H_
