#pragma once

// Prometheus's text exposition format (0.0.4): each family once, with its
// HELP and TYPE lines, then its samples; label values escaped (backslash,
// quote, newline); numbers in their shortest exact form, +Inf / -Inf / NaN
// as Prometheus writes them.

#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace alert::daemon {

class MetricsText {
 public:
  using Label = std::pair<std::string_view, std::string_view>;

  // Starts family `name` of `type` (counter, gauge, histogram, info...).
  void Family(std::string_view name, std::string_view type, std::string_view help);
  // One sample of the current family: `name` is the family's, or with a
  // suffix (_bucket, _sum, _count).
  void Sample(std::string_view name, double value, std::span<const Label> labels = {});
  void Sample(std::string_view name, double value, std::initializer_list<Label> labels) {
    Sample(name, value, std::span<const Label>(labels.begin(), labels.size()));
  }

  // A family of one sample without labels.
  void Counter(std::string_view name, std::string_view help, double value);
  void Gauge(std::string_view name, std::string_view help, double value);

  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

// `value` as a Prometheus sample value.
std::string MetricNumber(double value);

}  // namespace alert::daemon
