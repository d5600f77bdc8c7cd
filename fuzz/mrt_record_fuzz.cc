// Fuzz target for the whole MRT path: the bytes are an MRT stream (plain, or
// compressed if they start with a compression magic) read through
// RecordReader and RecordDecoder, and every element is written in every
// output format, so framing, record bodies, BGP messages, attributes and the
// formatters are all exercised.
//
// Checks beyond "no crash, no sanitizer report":
//  - every element keeps the contracts the formatters rely on (RIB entries and
//    announcements carry attributes, prefix lengths fit their family, AS path
//    segments cover the path);
//  - plain data gives the same records, elements and problems whether the
//    reader views the buffer in place or streams it through its own buffer in
//    small chunks (the two framing paths of RecordReader), checked for an
//    eighth of the inputs.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "manrs/base/input.h"
#include "manrs/base/problem.h"
#include "manrs/mrt/record_decoder.h"
#include "manrs/mrt/record_reader.h"
#include "manrs/output/element_format.h"

namespace {

using manrs::Element;
using manrs::ElementType;

// Hands out plain data a few bytes per Read and offers no View, so the
// RecordReader takes its buffered path.
class ChunkedInput final : public manrs::Input {
 public:
  ChunkedInput(manrs::Bytes data, std::size_t chunk) : data_(data), chunk_(chunk) {
    path_ = "<fuzz>";
    file_size_ = data.size();
  }
  manrs::Result<std::size_t> Read(std::span<std::byte> out) override {
    std::size_t n = std::min({out.size(), chunk_, data_.size() - pos_});
    if (n > 0) std::memcpy(out.data(), data_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  std::uint64_t consumed() const override { return pos_; }

 private:
  manrs::Bytes data_;
  std::size_t chunk_;
  std::size_t pos_ = 0;
};

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckPath(const manrs::AsPath& path) {
  std::size_t total = 0;
  for (std::size_t i = 0; i < path.segment_count(); ++i) total += path.segment(i).asns.size();
  Check(total == path.asns().size());
}

// Checks the element's contracts and reads the fields no formatter prints.
void TouchElement(const Element& e, std::string* out) {
  if (e.type == ElementType::kStateChange) return;
  if (e.type == ElementType::kMessage) {
    Check(e.attributes == nullptr);
    Check((e.open != nullptr) == (e.message_type == 1));
    Check((e.notification != nullptr) == (e.message_type == 3));
    if (e.open) {
      for (const manrs::BgpCapability& c : e.open->capabilities) {
        fmt::format_to(std::back_inserter(*out), "  capability {} {}\n", c.code, c.value.size());
      }
    }
    return;
  }
  Check(e.prefix.length() <= manrs::MaxPrefixLength(e.prefix.afi()));
  Check(e.wire_address.afi() == e.prefix.afi());
  if (e.type == ElementType::kRibEntry || e.type == ElementType::kAnnounce) {
    Check(e.attributes != nullptr);
    const manrs::PathAttributes& a = *e.attributes;
    CheckPath(a.as_path);
    CheckPath(a.as4_path);
    CheckPath(a.path());
    auto origin = a.path().OriginAsn();
    auto first = a.path().FirstAsn();
    fmt::format_to(std::back_inserter(*out), "  len={} origin={} first={} set={} nh={}\n",
                   a.path().Length(), origin.value_or(0), first.value_or(0), a.path().ContainsSet(),
                   e.next_hop().ToString());
    for (const manrs::RawAttribute& u : a.unknown) {
      fmt::format_to(std::back_inserter(*out), "  unknown {} {} {}\n", u.flags, u.type,
                     u.value.size());
    }
    for (const manrs::MpReach& r : a.mp_reach) {
      fmt::format_to(std::back_inserter(*out), "  reach {}/{} nh={} ll={} raw={} n={}\n", r.afi,
                     r.safi, r.next_hop.ToString(), r.next_hop_link_local.ToString(),
                     r.nlri_raw.size(), r.nlri.size());
    }
  }
}

// Reads the input (up to max_records records); returns a transcript of
// records, elements (in every format) and problems.
std::string Transcript(manrs::Input& input, std::uint64_t max_records) {
  std::string out;
  manrs::ProblemLog problems([&out](const manrs::Problem& p) {
    fmt::format_to(std::back_inserter(out), "problem {} {}\n", p.offset, p.message);
  });
  manrs::RecordReader reader(input, problems);
  manrs::RecordDecoder decoder("<fuzz>", problems);
  decoder.set_session_messages(true);  // OPEN, NOTIFICATION... as elements too
  std::vector<std::unique_ptr<manrs::ElementFormat>> formats;
  for (const std::string& name : manrs::ElementFormatNames()) {
    formats.push_back(manrs::MakeElementFormat(name));
  }
  std::vector<Element> elements;
  manrs::RawRecord record;
  std::uint64_t last_offset = 0;
  bool first = true;
  while (reader.records() < max_records && reader.Next(&record)) {
    Check(first || record.offset > last_offset);
    first = false;
    last_offset = record.offset;
    fmt::format_to(std::back_inserter(out), "record {} {}\n", record.offset,
                   manrs::MrtTypeName(record.type, record.subtype));
    decoder.Decode(record, &elements);
    for (const Element& e : elements) {
      TouchElement(e, &out);
      for (auto& format : formats) format->Append(e, &out);
    }
  }
  Check(decoder.stats().records == reader.records());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  manrs::Bytes bytes = manrs::AsBytes(data, size);
  auto input = manrs::OpenMemoryInput(bytes, "<fuzz>");
  if (input->compression() != manrs::Compression::kNone) {
    // A few KiB of compressed input can stand for gigabytes: bound the work.
    (void)Transcript(*input, 20000);
    return 0;
  }
  std::string viewed = Transcript(*input, UINT64_MAX);
  // The buffered path allocates a 4 MiB buffer, which costs more than the
  // decoding of a small input: compare the two paths for one size in eight.
  if (size % 8 == 0) {
    ChunkedInput chunked(bytes, 1 + size % 53);
    Check(Transcript(chunked, UINT64_MAX) == viewed);
  }
  return 0;
}
