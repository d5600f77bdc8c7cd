// NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) datagrams into the
// flow records the audit needs: source address, ingress interface, packets,
// bytes.
//
// Templates (v9 and IPFIX) are kept per exporter (address and port: the UDP
// "transport session" of RFC 7011 section 8) and observation domain (v9:
// source ID), keyed by template ID. IPFIX template withdrawals (a record with
// no fields, RFC 7011 section 8.1) remove one template or, with the set's own
// ID, all of the domain's; a template not refreshed within the timeout is
// dropped (section 8.4, UDP). A data set whose template is unknown, a
// malformed set (bad lengths) and templates past the per-domain limit (a
// flood from one exporter) are counted and skipped; decoding never reads past
// the datagram. Memory is bounded: at most max_templates_per_domain templates
// a domain and max_templates_total in all.
#ifndef MANRS_SAV_FLOW_DECODER_H_
#define MANRS_SAV_FLOW_DECODER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "manrs/base/cursor.h"
#include "manrs/base/result.h"
#include "manrs/net/ip_address.h"

namespace manrs {

struct FlowRecord {
  IpAddress source;
  bool has_source = false;
  std::int64_t ingress_interface = -1;  // -1: not in the record
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
};

struct FlowDecoderStats {
  std::uint64_t datagrams = 0;
  std::uint64_t v5 = 0, v9 = 0, ipfix = 0;
  std::uint64_t records = 0;  // flow records decoded
  std::uint64_t records_without_source = 0;
  std::uint64_t templates = 0;  // template records learnt (new or refreshed)
  std::uint64_t template_withdrawals = 0;
  std::uint64_t templates_expired = 0;
  std::uint64_t templates_refused = 0;  // past max_templates_per_domain
  std::uint64_t unknown_template_sets = 0;
  std::uint64_t option_sets = 0;  // options templates and their data: skipped
  std::uint64_t malformed = 0;    // datagrams or sets with bad lengths or versions
};

struct FlowDecoderOptions {
  std::size_t max_templates_per_domain = 1024;
  // Over all exporters and domains: a flood of new domain IDs is bounded too.
  std::size_t max_templates_total = std::size_t{1} << 20;
  std::uint32_t template_timeout_seconds = 1800;
};

struct FlowExporter {
  IpAddress address;
  std::uint16_t port = 0;
  friend auto operator<=>(const FlowExporter&, const FlowExporter&) = default;
};

class FlowDecoder {
 public:
  explicit FlowDecoder(FlowDecoderOptions options = {}) : options_(options) {}

  // Decodes one datagram received at `now` (seconds, any epoch that
  // increases); emit is called once per flow record. A malformed datagram
  // returns an error naming the offset; records before the damage were
  // emitted.
  Status Decode(const FlowExporter& exporter, std::span<const std::uint8_t> datagram,
                std::uint64_t now, const std::function<void(const FlowRecord&)>& emit);

  const FlowDecoderStats& stats() const { return stats_; }
  std::size_t template_count() const;

 private:
  struct Field {
    std::uint16_t id;
    std::uint16_t length;  // 65535: variable (IPFIX)
  };
  struct Template {
    std::vector<Field> fields;
    std::uint32_t fixed_length = 0;  // 0 when a field is variable
    std::uint64_t last_seen = 0;
    bool options = false;  // an options template: its data holds no flows
  };
  struct DomainKey {
    FlowExporter exporter;
    std::uint32_t version;
    std::uint32_t domain;
    friend auto operator<=>(const DomainKey&, const DomainKey&) = default;
  };
  using Templates = std::map<std::uint16_t, Template>;

  Status DecodeV5(ByteCursor in, const std::function<void(const FlowRecord&)>& emit);
  Status DecodeSets(ByteCursor in, const DomainKey& key, std::uint64_t now, bool ipfix,
                    const std::function<void(const FlowRecord&)>& emit);
  Status LearnTemplates(ByteCursor set, std::uint16_t set_id, Templates& templates,
                        std::uint64_t now, bool ipfix);
  void LearnOptionTemplates(ByteCursor set, Templates& templates, std::uint64_t now, bool ipfix);
  void DecodeData(ByteCursor set, const Template& t, bool ipfix,
                  const std::function<void(const FlowRecord&)>& emit);

  // True when template `id` may be stored in `templates` (counted when new).
  bool Admit(const Templates& templates, std::uint16_t id);

  FlowDecoderOptions options_;
  FlowDecoderStats stats_;
  std::size_t templates_total_ = 0;
  std::map<DomainKey, Templates> domains_;
};

}  // namespace manrs

#endif  // MANRS_SAV_FLOW_DECODER_H_
