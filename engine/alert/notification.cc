#include "engine/alert/notification.h"

#include <fmt/format.h>

#include "runtime/json/json_string.h"

namespace alert::engine {

const char* StateName(Notification::State state) {
  return state == Notification::State::kFiring ? "firing" : "resolved";
}

std::string Notification::AlertId() const {
  uint64_t h = 14695981039346656037ull;
  auto mix = [&](std::string_view bytes) {
    for (const unsigned char c : bytes) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;  // field separator
    h *= 1099511628211ull;
  };
  mix(rule);
  mix(std::to_string(version));
  mix(key);
  mix(has_window ? fmt::format("{}/{}", window_start, window_end ? std::to_string(*window_end) : "")
                 : std::string());
  mix(StateName(state));
  mix(topic);
  // Windowless alerts (one per matching event, absent keys) differ by their
  // event, windowed ones by the partition whose engine decided them.
  mix(has_window ? std::to_string(source.partition) : fmt::format("{}/{}", source.partition, source.offset));
  return fmt::format("{:016x}", h);
}

std::string Notification::ToJson() const {
  std::string out = "{\"alert_id\":\"" + AlertId() + "\",\"rule\":";
  json::AppendString(out, rule);
  fmt::format_to(std::back_inserter(out), ",\"version\":{},\"tenant\":", version);
  if (tenant) {
    json::AppendString(out, *tenant);
  } else {
    out += "null";
  }
  out += ",\"key\":" + key + ",\"state\":\"" + StateName(state) + "\"";
  if (has_window) {
    fmt::format_to(std::back_inserter(out), ",\"window\":{{\"start\":{},\"end\":{}}}", window_start,
                   window_end ? std::to_string(*window_end) : "null");
  }
  out += ",\"values\":" + (values.empty() ? std::string("{}") : values);
  out += ",\"condition\":";
  json::AppendString(out, condition);
  out += ",\"severity\":\"" + std::string(checked::SeverityName(severity)) + "\"";
  out += ",\"labels\":" + (labels.empty() ? std::string("{}") : labels);
  out += ",\"message\":";
  json::AppendString(out, message);
  out += ",\"sample_event_ids\":" + (sample_event_ids.empty() ? std::string("[]") : sample_event_ids);
  fmt::format_to(std::back_inserter(out),
                 ",\"event_time\":{},\"processing_time\":{},\"source\":{{",
                 event_time ? std::to_string(*event_time) : "null", processing_time);
  if (!topic.empty()) {
    out += "\"topic\":";
    json::AppendString(out, topic);
    out += ',';
  }
  fmt::format_to(std::back_inserter(out), "\"partition\":{},\"offset\":{}}}", source.partition, source.offset);
  if (backfill) out += ",\"backfill\":true";
  out += '}';
  return out;
}

}  // namespace alert::engine
