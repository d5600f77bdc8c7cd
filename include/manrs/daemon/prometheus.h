// The Prometheus text exposition format (version 0.0.4) that every daemon's
// /metrics answers with: one family header (# HELP, # TYPE) followed by its
// samples. Label values are escaped as the format requires (\\, \", \n).
//
//   PrometheusText m;
//   m.Family("manrs_rtr_vrps", MetricType::kGauge, "VRPs served, by address family.");
//   m.Sample("manrs_rtr_vrps", {{"afi", "ipv4"}}, 12);
//   return m.Take();
#ifndef MANRS_DAEMON_PROMETHEUS_H_
#define MANRS_DAEMON_PROMETHEUS_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "fmt/format.h"

namespace manrs::daemon {

enum class MetricType { kCounter, kGauge };

using Label = std::pair<std::string_view, std::string_view>;

class PrometheusText {
 public:
  // REQUIRES: name is a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), help one line.
  void Family(std::string_view name, MetricType type, std::string_view help);

  // A family of one sample without labels.
  template <typename T>
  void Single(std::string_view name, MetricType type, std::string_view help, T value) {
    Family(name, type, help);
    Sample(name, value);
  }

  template <typename T>
  void Sample(std::string_view name, T value) {
    Sample(name, {}, value);
  }
  // value: any integer or floating-point number.
  template <typename T>
  void Sample(std::string_view name, std::initializer_list<Label> labels, T value) {
    static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>);
    SampleText(name, labels, fmt::format("{}", value));
  }

  // The text so far; the writer is empty afterwards.
  std::string Take() { return std::move(text_); }

 private:
  void SampleText(std::string_view name, std::initializer_list<Label> labels,
                  std::string_view value);
  std::string text_;
};

}  // namespace manrs::daemon

#endif  // MANRS_DAEMON_PROMETHEUS_H_
