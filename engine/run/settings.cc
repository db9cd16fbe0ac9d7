#include "engine/run/settings.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include <fmt/format.h>

namespace alert::engine {
namespace {

struct PathSetting {
  std::string_view key;
  std::string RunSettings::*field;
};

struct NumberSetting {
  std::string_view key;
  size_t RunSettings::*field;
  uint64_t min, max;
  std::string_view range;  // the valid values, as the message states them
};

constexpr PathSetting kPaths[] = {
    {"tenant_path", &RunSettings::tenant_path},
    {"time_path", &RunSettings::time_path},
    {"event_id_path", &RunSettings::event_id_path},
};

constexpr uint64_t kHundredYearsMs = uint64_t{100} * 365 * 24 * 3600 * 1000;
constexpr NumberSetting kNumbers[] = {
    {"max_event_bytes", &RunSettings::max_event_bytes, 1, 4'294'967'295, "1 to 4294967295 bytes"},
    {"max_depth", &RunSettings::max_depth, 1, 1024, "1 to 1024"},
    {"dedupe_retention_ms", &RunSettings::dedupe_retention_ms, 1, kHundredYearsMs,
     "1 to 3153600000000 (100 years) milliseconds"},
    {"percentile_exact", &RunSettings::percentile_exact, 1, 1'000'000, "1 to 1000000"},
    {"distinct_exact", &RunSettings::distinct_exact, 1, 1'000'000, "1 to 1000000"},
    {"max_keys_per_rule", &RunSettings::max_keys_per_rule, 1, 100'000'000, "1 to 100000000"},
    {"max_windows_per_rule", &RunSettings::max_windows_per_rule, 1, 100'000'000, "1 to 100000000"},
    {"max_state_bytes_per_rule", &RunSettings::max_state_bytes_per_rule, uint64_t{1} << 20, uint64_t{1} << 40,
     "1048576 to 1099511627776 bytes"},
    {"history_retention_ms", &RunSettings::history_retention_ms, 1, kHundredYearsMs,
     "1 to 3153600000000 (100 years) milliseconds"},
};

struct ChoiceSetting {
  std::string_view key;
  std::string RunSettings::*field;
  std::string_view choices[3];
};

constexpr ChoiceSetting kChoices[] = {
    {"record_history", &RunSettings::record_history, {"auto", "on", "off"}},
};

// A value shown in a message: cut, with control characters escaped.
std::string Shown(std::string_view value) {
  std::string out;
  for (const char c : value.substr(0, 40)) {
    const auto u = static_cast<unsigned char>(c);
    out += u < 0x20 || u == 0x7F ? fmt::format("\\x{:02x}", u) : std::string(1, c);
  }
  if (value.size() > 40) out += fmt::format("... ({} bytes)", value.size());
  return out;
}

}  // namespace

std::string SettingNames() {
  std::string out;
  for (const auto& p : kPaths) out += (out.empty() ? "" : ", ") + std::string(p.key);
  for (const auto& n : kNumbers) out += ", " + std::string(n.key);
  for (const auto& c : kChoices) out += ", " + std::string(c.key);
  return out;
}

bool IsSetting(std::string_view key) {
  auto named = [&](const auto& entry) { return entry.key == key; };
  return std::any_of(std::begin(kPaths), std::end(kPaths), named) ||
         std::any_of(std::begin(kNumbers), std::end(kNumbers), named) ||
         std::any_of(std::begin(kChoices), std::end(kChoices), named);
}

EngineOptions EngineOptionsOf(const RunSettings& settings) {
  EngineOptions options;
  options.tenant_path = settings.tenant_path;
  options.time_path = settings.time_path;
  options.event_id_path = settings.event_id_path;
  options.runner.dedupe_retention_ms = static_cast<int64_t>(settings.dedupe_retention_ms);
  options.runner.aggregates.percentile_exact = settings.percentile_exact;
  options.runner.aggregates.distinct_exact = settings.distinct_exact;
  options.runner.max_keys = settings.max_keys_per_rule;
  options.runner.max_open_windows = settings.max_windows_per_rule;
  options.runner.max_state_bytes = settings.max_state_bytes_per_rule;
  options.history_retention_ms = static_cast<int64_t>(settings.history_retention_ms);
  return options;
}

std::optional<std::string> ApplySetting(std::string_view pair, RunSettings* settings) {
  const size_t eq = pair.find('=');
  if (eq == std::string_view::npos) return fmt::format("--set takes KEY=VALUE, not '{}'", Shown(pair));
  const std::string_view key = pair.substr(0, eq);
  const std::string_view value = pair.substr(eq + 1);
  for (const auto& p : kPaths) {
    if (p.key != key) continue;
    if (value.empty() || value[0] != '$') {
      return fmt::format("--set {} takes a JSONPath such as $.a.b, not '{}'", key, Shown(value));
    }
    settings->*p.field = std::string(value);
    return std::nullopt;
  }
  for (const auto& n : kNumbers) {
    if (n.key != key) continue;
    uint64_t parsed = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (value.empty() || end != value.data() + value.size() || ec != std::errc() || parsed < n.min ||
        parsed > n.max) {
      return fmt::format("--set {} takes an integer from {}, not '{}'", key, n.range, Shown(value));
    }
    settings->*n.field = static_cast<size_t>(parsed);
    return std::nullopt;
  }
  for (const auto& c : kChoices) {
    if (c.key != key) continue;
    for (const std::string_view choice : c.choices) {
      if (choice == value) {
        settings->*c.field = std::string(value);
        return std::nullopt;
      }
    }
    return fmt::format("--set {} takes {}, {} or {}, not '{}'", key, c.choices[0], c.choices[1], c.choices[2],
                       Shown(value));
  }
  return fmt::format("unknown setting '{}' ({})", Shown(key), SettingNames());
}

}  // namespace alert::engine
