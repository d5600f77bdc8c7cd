// Result<T>: a value or an Error, with the member names of std::expected so the
// code can move to it once the toolchain has one. Core code never throws on bad
// input; it returns one of these and only main() turns errors into exit codes.
#ifndef MANRS_BASE_RESULT_H_
#define MANRS_BASE_RESULT_H_

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace manrs {

enum class ErrorCode : std::uint8_t {
  kTruncated,    // input ended inside a structure
  kBadLength,    // a length field disagrees with the data around it
  kBadValue,     // a field holds a value the format does not allow
  kUnsupported,  // well-formed but a type or subtype we do not decode
  kIo,           // the operating system refused a read or open
  kCorrupt,      // a compressed stream failed its own checks
  kParse,        // text that does not follow its grammar
};

const char* ErrorCodeName(ErrorCode code);

// An error: a code, a short lower-case message naming the structure, and the
// byte offset (relative to the buffer the decoder was given) where it was found.
struct Error {
  ErrorCode code;
  std::string message;
  std::uint64_t offset = 0;
};

template <typename E>
class Unexpected {
 public:
  explicit Unexpected(E error) : error_(std::move(error)) {}
  E& error() & { return error_; }
  E&& error() && { return std::move(error_); }

 private:
  E error_;
};

inline Unexpected<Error> MakeError(ErrorCode code, std::string message, std::uint64_t offset = 0) {
  return Unexpected<Error>(Error{code, std::move(message), offset});
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  Result(Unexpected<Error> error)                                       // NOLINT
      : data_(std::in_place_index<1>, std::move(error).error()) {}

  bool has_value() const { return data_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(data_); }
  Error& error() { return std::get<1>(data_); }

 private:
  std::variant<T, Error> data_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected<Error> error) : error_(std::move(error).error()), ok_(false) {}  // NOLINT

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_{ErrorCode::kParse, {}, 0};
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace manrs

// Evaluates an expression yielding Result<T>; returns its error from the caller.
#define MANRS_TRY(expr)                                                                 \
  do {                                                                                  \
    if (auto manrs_try_result_ = (expr); !manrs_try_result_) {                          \
      return ::manrs::Unexpected<::manrs::Error>(std::move(manrs_try_result_.error())); \
    }                                                                                   \
  } while (false)

#endif  // MANRS_BASE_RESULT_H_
