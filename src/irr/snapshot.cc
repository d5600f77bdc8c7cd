// The snapshot file: the whole IrrDatabase in one binary file, so that
// `manrs irr serve` starts without re-parsing dumps. Layout (big-endian, see
// doc/irr.md): magic "MANRSIRR", version, serial, then the sources, the text
// store, the objects, routes, sets, member-of claims and aut-nums, then
// "END!". Indexes are rebuilt on open (Finish). Read through ByteCursor, so a
// truncated or damaged file is an error, never a crash.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <tuple>

#include "fmt/format.h"
#include "manrs/base/atomic_file.h"
#include "manrs/base/big_endian.h"
#include "manrs/base/cursor.h"
#include "manrs/base/input.h"
#include "manrs/irr/database.h"

namespace manrs {

namespace {

constexpr char kMagic[8] = {'M', 'A', 'N', 'R', 'S', 'I', 'R', 'R'};
constexpr std::uint32_t kVersion = 1;

class Writer {
 public:
  void U8(std::uint8_t v) { AppendU8(v, &out_); }
  void U16(std::uint16_t v) { AppendU16(v, &out_); }
  void U32(std::uint32_t v) { AppendU32(v, &out_); }
  void U64(std::uint64_t v) { AppendU64(v, &out_); }
  void Str(std::string_view s) {
    U32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  void Strs(const std::vector<std::string>& list) {
    U32(static_cast<std::uint32_t>(list.size()));
    for (const auto& s : list) Str(s);
  }
  void Pfx(const Prefix& p) {
    U8(static_cast<std::uint8_t>(p.afi()));
    U64(p.address().hi());
    if (!p.is_v4()) U64(p.address().lo());
    U8(static_cast<std::uint8_t>(p.length()));
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(Bytes data) : cursor_(data) {}
  std::uint8_t U8() { return cursor_.U8(); }
  std::uint16_t U16() { return cursor_.U16(); }
  std::uint32_t U32() { return cursor_.U32(); }
  std::uint64_t U64() { return cursor_.U64(); }
  std::string Str() {
    std::uint32_t n = U32();
    Bytes b = cursor_.Take(n);
    return std::string(reinterpret_cast<const char*>(b.data()), b.size());
  }
  std::vector<std::string> Strs() {
    std::uint32_t n = U32();
    std::vector<std::string> out;
    if (n > cursor_.remaining() / 4) {
      cursor_.Skip(cursor_.remaining() + 1);  // fails the cursor
      return out;
    }
    out.reserve(n);
    for (std::uint32_t i = 0; i < n && ok(); ++i) out.push_back(Str());
    return out;
  }
  Prefix Pfx() {
    auto afi = U8();
    std::uint64_t hi = U64();
    std::uint64_t lo = afi == 2 ? U64() : 0;
    int len = U8();
    if (afi != 1 && afi != 2) {
      bad_ = true;
      return Prefix();
    }
    IpAddress a =
        afi == 1 ? IpAddress::V4(static_cast<std::uint32_t>(hi >> 32)) : IpAddress::V6(hi, lo);
    auto p = Prefix::Make(a, len);
    if (!p) {
      bad_ = true;
      return Prefix();
    }
    return *p;
  }
  // A count of records of at least min_size bytes each, checked against what is left.
  std::uint32_t Count(std::size_t min_size) {
    std::uint32_t n = U32();
    if (n > cursor_.remaining() / min_size) bad_ = true;
    return ok() ? n : 0;
  }
  bool ok() const { return cursor_.ok() && !bad_; }
  std::uint64_t offset() const { return cursor_.offset(); }
  ByteCursor& cursor() { return cursor_; }

 private:
  ByteCursor cursor_;
  bool bad_ = false;
};

}  // namespace

Status IrrDatabase::Save(const std::string& path) const {
  Writer w;
  w.out().reserve(TextStore().size() + 64 * objects_.size() + 48 * routes_.size());
  w.out().append(kMagic, sizeof kMagic);
  w.U32(kVersion);
  w.U64(serial_);
  w.Strs(sources_);
  // Live objects only, their texts packed; renumber the references.
  std::vector<std::uint32_t> renumber(objects_.size(), 0);
  std::uint64_t text_size = 0;
  std::uint32_t live = 0;
  for (std::size_t i = 0; i < objects_.size(); ++i) {
    if (objects_[i].class_name.empty()) continue;
    renumber[i] = live++;
    text_size += objects_[i].text_length;
  }
  w.U64(text_size);
  for (const auto& o : objects_) {
    if (!o.class_name.empty()) w.out().append(Text(o));
  }
  w.U32(live);
  std::uint64_t offset = 0;
  for (const auto& o : objects_) {
    if (o.class_name.empty()) continue;
    w.Str(o.class_name);
    w.Str(o.key);
    w.U16(o.source);
    w.U64(offset);
    w.U32(o.text_length);
    offset += o.text_length;
  }
  w.U32(static_cast<std::uint32_t>(routes_.size()));
  for (const auto& r : routes_) {
    w.Pfx(r.prefix);
    w.U32(r.origin);
    w.U16(r.source);
    w.U32(renumber[r.object]);
  }
  // The prefix index (a permutation of the routes), so Open need not sort.
  for (std::uint32_t i : routes_by_prefix_) w.U32(i);
  w.U32(static_cast<std::uint32_t>(sets_.size()));
  for (const auto& s : sets_) {
    w.Str(s.name);
    w.U8(static_cast<std::uint8_t>(s.kind));
    w.U16(s.source);
    w.U32(renumber[s.object]);
    w.Strs(s.members);
    w.Strs(s.mbrs_by_ref);
  }
  w.U32(static_cast<std::uint32_t>(memberships_.size()));
  for (const auto& m : memberships_) {
    w.Str(m.set_name);
    w.U8(m.is_route ? 1 : 0);
    w.Pfx(m.prefix);
    w.U32(m.asn);
    w.U16(m.source);
    w.Strs(m.mnt_by);
  }
  w.U32(static_cast<std::uint32_t>(aut_nums_.size()));
  for (const auto& a : aut_nums_) {
    w.U32(a.asn);
    w.U16(a.source);
    w.Strs(a.mnt_by);
  }
  w.out().append("END!");

  std::error_code ec;
  std::filesystem::path target(path);
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  return WriteFileAtomically(path, w.out());
}

Result<IrrDatabase> IrrDatabase::Open(const std::string& path) {
  auto input = OpenInput(path);
  if (!input) return Unexpected<Error>(input.error());
  return FromInput(std::move(*input), path);
}

Result<IrrDatabase> IrrDatabase::OpenMemory(Bytes data, const std::string& name) {
  return FromInput(OpenMemoryInput(data, name), name);
}

Result<IrrDatabase> IrrDatabase::FromInput(std::unique_ptr<Input> opened, const std::string& path) {
  auto* input = &opened;  // the code below reads through (*input)->
  std::string owned;
  Bytes data;
  const bool mapped = (*input)->View().has_value();
  if (auto view = (*input)->View()) {
    data = *view;
  } else {
    std::vector<std::byte> buffer(1 << 20);
    while (true) {
      auto got = (*input)->Read(buffer);
      if (!got) return Unexpected<Error>(got.error());
      if (*got == 0) break;
      owned.append(reinterpret_cast<const char*>(buffer.data()), *got);
    }
    data = AsBytes(owned.data(), owned.size());
  }
  auto corrupt = [&](std::uint64_t at, const char* what) {
    return MakeError(ErrorCode::kCorrupt,
                     fmt::format("{}: not a manrs IRR snapshot ({})", path, what), at);
  };
  if (data.size() < sizeof kMagic + 4 || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0) {
    return corrupt(0, "bad magic");
  }
  Reader r(data.subspan(sizeof kMagic));
  if (r.U32() != kVersion) return corrupt(8, "unknown version");
  IrrDatabase db;
  db.serial_ = r.U64();
  db.sources_ = r.Strs();
  if (db.sources_.size() > kMaxSources) return corrupt(r.offset(), "too many sources");
  std::uint64_t text_size = r.U64();
  if (text_size > r.cursor().remaining()) return corrupt(r.offset(), "text store truncated");
  Bytes texts = r.cursor().Take(static_cast<std::size_t>(text_size));
  if (mapped) {
    // data is the mmap'd file: keep it mapped and point into it.
    db.mapped_ = std::shared_ptr<Input>(std::move(*input));
    db.mapped_texts_ = std::string_view(reinterpret_cast<const char*>(texts.data()), texts.size());
  } else {
    db.texts_.assign(reinterpret_cast<const char*>(texts.data()), texts.size());
  }
  std::uint32_t n = r.Count(18);
  db.objects_.resize(n);
  for (auto& o : db.objects_) {
    o.class_name = r.Str();
    o.key = r.Str();
    o.source = r.U16();
    o.text_offset = r.U64();
    o.text_length = r.U32();
    if (o.source >= db.sources_.size() || o.text_offset > text_size ||
        o.text_length > text_size - o.text_offset ||
        o.class_name.empty()) {
      return corrupt(r.offset(), "object out of range");
    }
    if (!r.ok()) break;
  }
  n = r.Count(16);
  db.routes_.resize(n);
  for (auto& route : db.routes_) {
    route.prefix = r.Pfx();
    route.origin = r.U32();
    route.source = r.U16();
    route.object = r.U32();
    if (!r.ok() || route.source >= db.sources_.size() || route.object >= db.objects_.size()) {
      return corrupt(r.offset(), "route out of range");
    }
  }
  // The prefix index: checked to be a permutation sorted by prefix, else rebuilt.
  db.routes_by_prefix_.resize(db.routes_.size());
  {
    std::vector<bool> seen(db.routes_.size(), false);
    bool valid = true;
    for (auto& i : db.routes_by_prefix_) {
      i = r.U32();
      if (i >= db.routes_.size() || seen[i]) {
        valid = false;
        i = 0;
      } else {
        seen[i] = true;
      }
    }
    if (!r.ok()) return corrupt(r.offset(), "prefix index truncated");
    auto by_prefix = [&db](std::uint32_t a, std::uint32_t b) {
      return std::tie(db.routes_[a].prefix, db.routes_[a].origin, db.routes_[a].source) <
             std::tie(db.routes_[b].prefix, db.routes_[b].origin, db.routes_[b].source);
    };
    db.prefix_index_valid_ = valid && std::is_sorted(db.routes_by_prefix_.begin(),
                                                     db.routes_by_prefix_.end(), by_prefix);
  }
  n = r.Count(19);
  db.sets_.resize(n);
  for (auto& s : db.sets_) {
    s.name = r.Str();
    s.kind = static_cast<SetKind>(r.U8() & 3);
    s.source = r.U16();
    s.object = r.U32();
    s.members = r.Strs();
    s.mbrs_by_ref = r.Strs();
    if (!r.ok() || s.source >= db.sources_.size() || s.object >= db.objects_.size()) {
      return corrupt(r.offset(), "set out of range");
    }
  }
  n = r.Count(20);
  db.memberships_.resize(n);
  for (auto& m : db.memberships_) {
    m.set_name = r.Str();
    m.is_route = r.U8() != 0;
    m.prefix = r.Pfx();
    m.asn = r.U32();
    m.source = r.U16();
    m.mnt_by = r.Strs();
    if (!r.ok() || m.source >= db.sources_.size())
      return corrupt(r.offset(), "member-of out of range");
  }
  n = r.Count(10);
  db.aut_nums_.resize(n);
  for (auto& a : db.aut_nums_) {
    a.asn = r.U32();
    a.source = r.U16();
    a.mnt_by = r.Strs();
    if (!r.ok() || a.source >= db.sources_.size())
      return corrupt(r.offset(), "aut-num out of range");
  }
  Bytes end = r.cursor().Take(4);
  if (!r.ok() || std::memcmp(end.data(), "END!", 4) != 0) return corrupt(r.offset(), "truncated");
  db.Finish();
  return db;
}

}  // namespace manrs
