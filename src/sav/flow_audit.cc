#include "manrs/sav/flow_audit.h"

#include "fmt/format.h"

namespace manrs {

FlowAudit::FlowAudit(const InterfaceMap& map, SavAudit* audit, std::FILE* csv)
    : map_(map), audit_(audit), csv_(csv) {
  if (csv_) std::fputs("exporter,source,ingress_interface,packets,bytes,verdict,interface\n", csv_);
}

void FlowAudit::Add(const FlowExporter& exporter, const FlowRecord& r) {
  if (!r.has_source) return;
  const int iface = map_.ForFlow(r.ingress_interface);
  if (iface < 0) {
    audit_->skipped().unmapped += r.packets;
    return;
  }
  const auto i = static_cast<std::size_t>(iface);
  const SourceVerdict v = audit_->Add(i, r.source, r.bytes, r.packets);
  if (csv_) {
    fmt::print(csv_, "{},{},{},{},{},{},{}\n", exporter.address.ToString(), r.source.ToString(),
               r.ingress_interface, r.packets, r.bytes, SourceVerdictName(v),
               audit_->interface_name(i));
  }
}

std::string CollectorStatsJson(const FlowDecoderStats& s, const std::string& listen,
                               int receive_buffer, double seconds) {
  return fmt::format(
      "\"collector\": {{\"listen\": \"{}\", \"receive_buffer\": {}, \"seconds\": {:.3f}, "
      "\"datagrams\": {}, \"netflow_v5\": {}, \"netflow_v9\": {}, \"ipfix\": {}, \"records\": {}, "
      "\"records_without_source\": {}, \"templates\": {}, \"template_withdrawals\": {}, "
      "\"templates_expired\": {}, \"templates_refused\": {}, \"unknown_template_sets\": {}, "
      "\"option_sets\": {}, \"malformed\": {}}}",
      listen, receive_buffer, seconds, s.datagrams, s.v5, s.v9, s.ipfix, s.records,
      s.records_without_source, s.templates, s.template_withdrawals, s.templates_expired,
      s.templates_refused, s.unknown_template_sets, s.option_sets, s.malformed);
}

std::string CollectorStatsText(const FlowDecoderStats& s, double seconds) {
  return fmt::format(
      "collector: {} datagrams ({} v5, {} v9, {} ipfix), {} flow records in {:.2f} s; {} "
      "templates, {} withdrawn, {} expired, {} refused; {} sets with unknown templates; {} "
      "malformed\n",
      s.datagrams, s.v5, s.v9, s.ipfix, s.records, seconds, s.templates, s.template_withdrawals,
      s.templates_expired, s.templates_refused, s.unknown_template_sets, s.malformed);
}

}  // namespace manrs
