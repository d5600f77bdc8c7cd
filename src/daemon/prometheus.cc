// Prometheus text exposition: family headers, samples, label escaping.
#include "manrs/daemon/prometheus.h"

#include <iterator>

namespace manrs::daemon {

void PrometheusText::Family(std::string_view name, MetricType type, std::string_view help) {
  fmt::format_to(std::back_inserter(text_), "# HELP {} {}\n# TYPE {} {}\n", name, help, name,
                 type == MetricType::kCounter ? "counter" : "gauge");
}

void PrometheusText::SampleText(std::string_view name, std::initializer_list<Label> labels,
                                std::string_view value) {
  text_ += name;
  if (labels.size() != 0) {
    char sep = '{';
    for (const auto& [key, label_value] : labels) {
      text_ += sep;
      text_ += key;
      text_ += "=\"";
      for (char c : label_value) {
        if (c == '\\' || c == '"') {
          text_ += '\\';
          text_ += c;
        } else if (c == '\n') {
          text_ += "\\n";
        } else {
          text_ += c;
        }
      }
      text_ += '"';
      sep = ',';
    }
    text_ += '}';
  }
  text_ += ' ';
  text_ += value;
  text_ += '\n';
}

}  // namespace manrs::daemon
