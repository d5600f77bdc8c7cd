#include "manrs/bgp/as_path.h"

#include "fmt/format.h"
#include "manrs/base/quote.h"
#include "manrs/base/text.h"

namespace manrs {

Status AsPath::Decode(ByteCursor value, int asn_size) {
  Clear();
  while (!value.empty()) {
    std::uint64_t at = value.offset();
    std::uint8_t type = value.U8();
    std::uint8_t count = value.U8();
    if (!value.ok()) return MakeError(ErrorCode::kTruncated, "as_path segment header", at);
    if (type < 1 || type > 4) {
      return MakeError(ErrorCode::kBadValue, fmt::format("as_path segment type {}", type), at);
    }
    if (!value.Has(std::size_t{count} * static_cast<std::size_t>(asn_size))) {
      return MakeError(ErrorCode::kTruncated,
                       fmt::format("as_path segment of {} asns overruns attribute", count), at);
    }
    for (int i = 0; i < count; ++i) asns_.push_back(asn_size == 4 ? value.U32() : value.U16());
    segments_.push_back(Segment{static_cast<SegmentType>(type), count});
  }
  return {};
}

AsPathSegment AsPath::segment(std::size_t i) const {
  std::size_t start = 0;
  for (std::size_t k = 0; k < i; ++k) start += segments_[k].count;
  return AsPathSegment{segments_[i].type,
                       std::span<const Asn>(asns_.data() + start, segments_[i].count)};
}

void AsPath::Append(SegmentType type, std::span<const Asn> asns) {
  asns_.insert(asns_.end(), asns.begin(), asns.end());
  segments_.push_back(Segment{type, static_cast<std::uint32_t>(asns.size())});
}

int AsPath::Length() const {
  int length = 0;
  for (const Segment& s : segments_) {
    if (s.type == SegmentType::kAsSequence) length += static_cast<int>(s.count);
    if (s.type == SegmentType::kAsSet) length += 1;
  }
  return length;
}

std::optional<Asn> AsPath::OriginAsn() const {
  if (segments_.empty() || segments_.back().type != SegmentType::kAsSequence ||
      segments_.back().count == 0) {
    return std::nullopt;
  }
  return asns_.back();
}

std::optional<Asn> AsPath::FirstAsn() const {
  if (segments_.empty() || segments_.front().type != SegmentType::kAsSequence ||
      segments_.front().count == 0) {
    return std::nullopt;
  }
  return asns_.front();
}

bool AsPath::ContainsSet() const {
  for (const Segment& s : segments_) {
    if (s.type == SegmentType::kAsSet || s.type == SegmentType::kConfedSet) return true;
  }
  return false;
}

void AsPath::MergeAs4(const AsPath& as_path, const AsPath& as4_path, AsPath* out) {
  out->Clear();
  // Confederation segments in AS4_PATH are not counted (RFC 6793 4.2.3 says a
  // speaker must not send them there).
  int old_len = as_path.Length();
  int new_len = as4_path.Length();
  if (new_len > old_len) {
    *out = as_path;
    return;
  }
  // Keep the leading (old_len - new_len) path-length units of AS_PATH, then
  // append AS4_PATH whole. Confederation segments count zero; they are kept
  // when they lead the path or follow a kept segment (RFC 6793 4.2.3).
  int keep = old_len - new_len;
  std::size_t start = 0;
  for (const Segment& s : as_path.segments_) {
    bool confed = s.type == SegmentType::kConfedSequence || s.type == SegmentType::kConfedSet;
    if (keep <= 0 && !confed) break;
    std::span<const Asn> asns(as_path.asns_.data() + start, s.count);
    start += s.count;
    if (s.type == SegmentType::kAsSequence) {
      std::size_t take = std::min<std::size_t>(asns.size(), static_cast<std::size_t>(keep));
      out->Append(s.type, asns.first(take));
      keep -= static_cast<int>(take);
    } else if (s.type == SegmentType::kAsSet) {
      out->Append(s.type, asns);
      keep -= 1;
    } else {
      out->Append(s.type, asns);
    }
  }
  std::size_t start4 = 0;
  for (const Segment& s : as4_path.segments_) {
    std::span<const Asn> asns(as4_path.asns_.data() + start4, s.count);
    start4 += s.count;
    // Join a sequence onto a preceding sequence so "1 2" + "3" prints "1 2 3".
    if (s.type == SegmentType::kAsSequence && !out->segments_.empty() &&
        out->segments_.back().type == SegmentType::kAsSequence) {
      out->asns_.insert(out->asns_.end(), asns.begin(), asns.end());
      out->segments_.back().count += s.count;
    } else {
      out->Append(s.type, asns);
    }
  }
}

void AsPath::AppendTo(std::string* out) const {
  std::size_t start = 0;
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    const Segment& s = segments_[i];
    if (i) out->push_back(' ');
    const char* open = "";
    const char* close = "";
    char sep = ' ';
    switch (s.type) {
      case SegmentType::kAsSequence:
        break;
      case SegmentType::kAsSet:
        open = "{", close = "}", sep = ',';
        break;
      case SegmentType::kConfedSequence:
        open = "(", close = ")";
        break;
      case SegmentType::kConfedSet:
        open = "[", close = "]";
        break;
    }
    out->append(open);
    for (std::uint32_t k = 0; k < s.count; ++k) {
      if (k) out->push_back(sep);
      AppendUint(out, asns_[start + k]);
    }
    out->append(close);
    start += s.count;
  }
}

Result<AsPath> AsPath::Parse(std::string_view text) {
  AsPath path;
  std::vector<Asn> sequence, set;
  bool in_set = false;
  auto bad = [&](const char* why) {
    return MakeError(ErrorCode::kParse, fmt::format("as path {}: {}", QuoteForMessage(text), why));
  };
  std::string_view rest = text;
  auto separator = [](char c) { return c == ' ' || c == ',' || c == '\t'; };
  while (!rest.empty()) {
    if (separator(rest.front())) {
      rest.remove_prefix(1);
    } else if (rest.front() == '{') {
      if (in_set) return bad("a set inside a set");
      if (!sequence.empty()) path.Append(SegmentType::kAsSequence, sequence);
      sequence.clear();
      in_set = true;
      rest.remove_prefix(1);
    } else if (rest.front() == '}') {
      if (!in_set) return bad("'}' without '{'");
      if (set.empty()) return bad("an empty set");
      path.Append(SegmentType::kAsSet, set);
      set.clear();
      in_set = false;
      rest.remove_prefix(1);
    } else {
      std::size_t end = 0;
      while (end < rest.size() && !separator(rest[end]) && rest[end] != '{' && rest[end] != '}') {
        ++end;
      }
      auto asn = ParseAsn(rest.substr(0, end));
      if (!asn) return bad(asn.error().message.c_str());
      (in_set ? set : sequence).push_back(*asn);
      rest.remove_prefix(end);
    }
  }
  if (in_set) return bad("'{' without '}'");
  if (!sequence.empty()) path.Append(SegmentType::kAsSequence, sequence);
  return path;
}

std::string AsPath::ToString() const {
  std::string out;
  AppendTo(&out);
  return out;
}

bool CompressAsPath(const AsPath& path, std::vector<Asn>* out) {
  out->clear();
  for (std::size_t i = 0; i < path.segment_count(); ++i) {
    const AsPathSegment s = path.segment(i);
    if (s.type == SegmentType::kConfedSequence) continue;
    if (s.type != SegmentType::kAsSequence) return false;
    for (Asn a : s.asns) {
      if (out->empty() || out->back() != a) out->push_back(a);
    }
  }
  return true;
}

}  // namespace manrs
