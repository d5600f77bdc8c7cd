// Cisco IOS: "ip prefix-list" and "ip as-path access-list" (bgpq4's default
// output). Arista EOS shares the AS-path form.
#include <algorithm>

#include "filter/writer.h"

namespace manrs::filter_internal {

namespace {

void AppendRange(std::string* out, const PrefixRange& line) {
  switch (FormOf(line)) {
    case RangeForm::kExact:
      break;
    case RangeForm::kUpTo:
      Append(out, " le ");
      AppendInt(out, line.max_length);
      break;
    case RangeForm::kRange:
      Append(out, " ge ");
      AppendInt(out, line.min_length);
      Append(out, " le ");
      AppendInt(out, line.max_length);
      break;
  }
}

void AppendAlternatives(std::string* out, const std::vector<Asn>& chunk, char separator) {
  for (std::size_t i = 0; i < chunk.size(); ++i) {
    if (i > 0) out->push_back(separator);
    AppendUint(out, chunk[i]);
  }
}

}  // namespace

Status WriteCiscoIos(const PrefixContext& ctx, std::string* out) {
  const std::string_view family = ctx.v4() ? "ip" : "ipv6";
  const std::string& name = ctx.options.name;
  Append(out, "no ");
  Append(out, family);
  Append(out, " prefix-list ");
  Append(out, name);
  out->push_back('\n');
  if (ctx.lines.empty()) {
    Append(out, "! generated prefix-list " + name + " is empty\n");
    Append(out, family);
    Append(out, " prefix-list " + name + (ctx.options.sequence ? " seq 1" : "") + " deny ");
    Append(out, ctx.v4() ? "0.0.0.0/0\n" : "::/0\n");
    return {};
  }
  int seq = 1;
  for (const PrefixRange& line : ctx.lines) {
    Append(out, family);
    Append(out, " prefix-list ");
    Append(out, name);
    if (ctx.options.sequence) {
      Append(out, " seq ");
      AppendInt(out, seq++);
    }
    Append(out, " permit ");
    AppendPrefix(out, line.prefix);
    AppendRange(out, line);
    out->push_back('\n');
  }
  return {};
}

Status WriteCiscoIosAsPath(const AsPathContext& ctx, std::string* out) {
  const std::string head = "ip as-path access-list " + ctx.options.name + " ";
  const Asn owner = ctx.options.asn;
  Append(out, "no " + head.substr(0, head.size() - 1) + "\n");
  if (ctx.origins.empty()) {
    Append(out, head + "deny .*\n");
    return {};
  }
  const bool has_owner = std::binary_search(ctx.origins.begin(), ctx.origins.end(), owner);
  const bool input = ctx.kind == AsPathKind::kInput;
  if (has_owner) {
    Append(out, head + "permit ^");
    if (input) AppendUint(out, owner);
    Append(out, "(_");
    AppendUint(out, owner);
    Append(out, ")*$\n");
  }
  for (const auto& chunk : Chunks(ctx.origins, ctx.width, owner, has_owner)) {
    Append(out, head + "permit ^");
    if (input) AppendUint(out, owner);
    Append(out, "(_[0-9]+)*_(");
    AppendAlternatives(out, chunk, '|');
    Append(out, ")$\n");
  }
  return {};
}

}  // namespace manrs::filter_internal
