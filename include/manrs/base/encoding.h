// Hex and Base64 (RFC 4648) text forms of bytes: router keys are written one
// way in the RPKI payload files and SLURM, and carried as bytes in RTR.
#ifndef MANRS_BASE_ENCODING_H_
#define MANRS_BASE_ENCODING_H_

#include <string>
#include <string_view>

namespace manrs {

// Hex digits of either case to bytes, replacing out's content. Returns false,
// leaving out unspecified, unless the length is even and every character is a
// hex digit.
bool DecodeHex(std::string_view text, std::string* out);
// Upper-case hex digits, two per byte.
std::string EncodeHexUpper(std::string_view bytes);

// Base64 in either alphabet (RFC 4648 sections 4 and 5), padding optional, to
// bytes, replacing out's content. Returns false, leaving out unspecified, on a
// character outside both alphabets or a length no encoding has.
bool DecodeBase64(std::string_view text, std::string* out);
// The standard alphabet (section 4) with padding.
std::string EncodeBase64(std::string_view bytes);

}  // namespace manrs

#endif  // MANRS_BASE_ENCODING_H_
