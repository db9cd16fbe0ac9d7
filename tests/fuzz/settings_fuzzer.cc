// libFuzzer target over settings: each input line is one KEY=VALUE, applied
// as `alertc run --set` does. It must never crash; an accepted value is in
// its documented range, and a rejected one leaves the settings unchanged.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/run/settings.h"

namespace {

bool InRange(const alert::engine::RunSettings& s) {
  return s.max_event_bytes >= 1 && s.max_event_bytes <= 4'294'967'295u && s.max_depth >= 1 &&
         s.max_depth <= 1024 && s.dedupe_retention_ms >= 1 && s.dedupe_retention_ms <= 3'153'600'000'000u &&
         s.percentile_exact >= 1 && s.percentile_exact <= 1'000'000 && s.distinct_exact >= 1 &&
         s.distinct_exact <= 1'000'000 && !s.tenant_path.empty() && s.tenant_path[0] == '$' &&
         !s.time_path.empty() && s.time_path[0] == '$' && !s.event_id_path.empty() && s.event_id_path[0] == '$';
}

bool Same(const alert::engine::RunSettings& a, const alert::engine::RunSettings& b) {
  return a.tenant_path == b.tenant_path && a.time_path == b.time_path && a.event_id_path == b.event_id_path &&
         a.max_event_bytes == b.max_event_bytes && a.max_depth == b.max_depth &&
         a.dedupe_retention_ms == b.dedupe_retention_ms && a.percentile_exact == b.percentile_exact &&
         a.distinct_exact == b.distinct_exact;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  alert::engine::RunSettings settings;
  while (!input.empty()) {
    const size_t end = std::min(input.find('\n'), input.size());
    const alert::engine::RunSettings before = settings;
    if (alert::engine::ApplySetting(input.substr(0, end), &settings)) {
      if (!Same(before, settings)) __builtin_trap();  // a rejected setting changed something
    }
    if (!InRange(settings)) __builtin_trap();
    input.remove_prefix(std::min(end + 1, input.size()));
  }
  return 0;
}
