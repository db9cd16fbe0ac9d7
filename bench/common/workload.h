#pragma once

// The end-to-end workload of the runtime benchmarks: deterministic SaaS
// audit events (tenant, application, event type, actor, target, payload with
// arrays) and network measurements (test, agent, metrics), 700-900 bytes on
// average, and rule sets over them: ~10 % global rules, the rest scoped to a
// tenant; equality filters plus 1-3 data-point conditions; some regexes and
// some non-singular paths.

#include <cstdint>
#include <random>
#include <string>

namespace alert::bench {

class Workload {
 public:
  explicit Workload(uint64_t seed) : rng_(seed) {}

  // The next event, as one line of JSON (no newline).
  std::string Event();
  // A rule file of `count` rules (ids r0, r1, ...).
  std::string Rules(int count);

  static constexpr int kTenants = 200;

 private:
  std::string AuditEvent();
  std::string NetworkEvent();
  std::string AuditRule(int id);
  std::string NetworkRule(int id);
  std::string Tenant();
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool Chance(int percent) { return Pick(100) < percent; }

  std::mt19937_64 rng_;
  uint64_t sequence_ = 0;
  int64_t clock_ms_ = 1'700'000'000'000;
};

}  // namespace alert::bench
