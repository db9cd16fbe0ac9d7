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
  // kGenerated: the project's first workload (200 tenants, half of the
  // events on ten of them; rules filed under one application and event type
  // each, then `&&` conditions). kWide: closer to real rule sets, so that
  // the benchmark does not flatter the engine: 1,000 tenants with Zipf
  // volume, 72 % audit events; rules that filter with `in` lists or with the
  // application only, and whose data points use every comparison, `in`,
  // `exists`, `is empty`, `=~`, negations and nested `||` and `!`.
  enum class Mix { kGenerated, kWide };

  explicit Workload(uint64_t seed, Mix mix = Mix::kGenerated) : rng_(seed), mix_(mix) {}

  // The next event, as one line of JSON (no newline).
  std::string Event();
  // A rule file of `count` rules (ids r0, r1, ...).
  std::string Rules(int count);

  static constexpr int kTenants = 200;
  static constexpr int kWideTenants = 1000;

 private:
  std::string AuditEvent();
  std::string NetworkEvent();
  std::string AuditRule(int id);
  std::string NetworkRule(int id);
  std::string WideAuditRule(int id);
  std::string WideNetworkRule(int id);
  std::string WideAuditTest();
  std::string WideNetworkTest();
  std::string Scope();
  std::string InList(const char* const* values, int n);
  std::string Tenant();
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool Chance(int percent) { return Pick(100) < percent; }

  std::mt19937_64 rng_;
  Mix mix_;
  uint64_t sequence_ = 0;
  int64_t clock_ms_ = 1'700'000'000'000;
};

}  // namespace alert::bench
