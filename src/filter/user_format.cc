#include "manrs/filter/user_format.h"

#include "filter/writer.h"

namespace manrs {

Result<UserFormat> ParseUserFormat(std::string_view format) {
  UserFormat out;
  auto literal = [&](char c) {
    if (out.pieces.empty() || out.pieces.back().kind != FormatPiece::Kind::kLiteral)
      out.pieces.push_back({});
    out.pieces.back().literal.push_back(c);
  };
  for (std::size_t i = 0; i < format.size(); ++i) {
    const char c = format[i];
    if (c != '%' && c != '\\') {
      literal(c);
      continue;
    }
    if (i + 1 == format.size()) {
      return MakeError(ErrorCode::kParse, std::string("format ends in a lone '") + c + "'", i);
    }
    const char next = format[++i];
    using Kind = FormatPiece::Kind;
    if (c == '\\') {
      if (next == 'n') {
        literal('\n');
      } else if (next == 't') {
        literal('\t');
      } else if (next == '\\') {
        literal('\\');
      } else {
        return MakeError(ErrorCode::kParse,
                         std::string("unknown escape '\\") + next + "' in format", i - 1);
      }
      continue;
    }
    Kind kind;
    switch (next) {
      case 'n':
        kind = Kind::kNetwork;
        break;
      case 'l':
        kind = Kind::kLength;
        break;
      case 'a':
        kind = Kind::kLow;
        break;
      case 'A':
        kind = Kind::kHigh;
        break;
      case 'N':
        kind = Kind::kName;
        break;
      case 'm':
        kind = Kind::kMask;
        break;
      case 'i':
        kind = Kind::kInverseMask;
        break;
      case '%':
        literal('%');
        continue;
      default:
        return MakeError(ErrorCode::kParse,
                         std::string("unknown sequence '%") + next + "' in format", i - 1);
    }
    out.pieces.push_back(FormatPiece{kind, {}});
  }
  out.ends_with_newline = format.size() >= 2 && format.substr(format.size() - 2) == "\\n";
  return out;
}

void FormatLine(const UserFormat& format, const PrefixRange& line, std::string_view name,
                std::string* out) {
  // bgpq4: %a/%A are the line's range; an exact line has both at its length,
  // an "up to" line starts at the prefix length.
  const int low = line.exact() ? line.prefix.length() : line.min_length;
  const int high = line.exact() ? line.prefix.length() : line.max_length;
  for (const FormatPiece& piece : format.pieces) {
    switch (piece.kind) {
      case FormatPiece::Kind::kLiteral:
        out->append(piece.literal);
        break;
      case FormatPiece::Kind::kNetwork:
        AppendAddress(out, line.prefix.address());
        break;
      case FormatPiece::Kind::kLength:
        AppendInt(out, line.prefix.length());
        break;
      case FormatPiece::Kind::kLow:
        AppendInt(out, low);
        break;
      case FormatPiece::Kind::kHigh:
        AppendInt(out, high);
        break;
      case FormatPiece::Kind::kName:
        out->append(name);
        break;
      case FormatPiece::Kind::kMask:
        AppendAddress(out, filter_internal::Netmask(line.afi(), line.prefix.length()));
        break;
      case FormatPiece::Kind::kInverseMask:
        AppendAddress(out, filter_internal::InverseMask(line.afi(), line.prefix.length()));
        break;
    }
  }
}

namespace filter_internal {

Status WriteFormat(const PrefixContext& ctx, std::string* out) {
  auto format = ParseUserFormat(ctx.options.format);
  if (!format) return Unexpected<Error>(format.error());
  for (const PrefixRange& line : ctx.lines) FormatLine(*format, line, ctx.options.name, out);
  if (!format->ends_with_newline) out->push_back('\n');
  return {};
}

}  // namespace filter_internal
}  // namespace manrs
