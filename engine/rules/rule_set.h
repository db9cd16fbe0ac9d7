#pragma once

// The live rule set of a process, shared by the engines of all its
// partitions: every rule version is parsed, checked, optimized and compiled
// once, and rules change one at a time — upsert, delete, pause, resume —
// without touching the others. Per event it is the matcher:
//
//   DOM-parsed event ─► path plan reads the tenant and key values
//                    ─► rule index ─► candidates
//                    ─► path plan reads the candidates' slots (one walk,
//                       only into the members on their paths)
//                    ─► each candidate's `when`: its native code, or the
//                       reference interpreter until that code is ready
//
// Tiered execution: a new or changed rule decides events at once with the
// reference interpreter, and switches to native code when a background
// compile finishes (decisions are the same either way: the JIT's
// differential tests). Rules added together compile together, in batches of
// RuleSetOptions::compile_batch, each one object file in a JITDylib of its
// own; a batch's machine code is freed when its last rule goes. With a
// CodeCache, object files are loaded instead of compiled when the same rules
// were compiled before, by this process or an earlier one.
//
// Slots (singular path -> slot) only grow; the rule index changes by one
// rule per change. Changes and Prepare/Evaluate must not overlap: a daemon
// applies changes while its partition workers wait between events. The
// compile thread only ever publishes code to a rule atomically.
//
// With the interpreter engine it is the reference instead: every rule in
// scope is decided by the reference interpreter on the rule as checked,
// without index or plan.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/statusor.h>
#include <simdjson.h>

#include "compiler/checked/checked.h"
#include "engine/rules/rule_compiler.h"
#include "compiler/jit/jit.h"
#include "engine/stream/engine.h"
#include "engine/stream/rule_source.h"

namespace alert::engine {

struct RuleSetOptions {
  enum class Engine { kJit, kInterp };
  // kJit: optimized rules, compiled, behind the rule index. kInterp: the
  // rules as checked, every one decided by the reference interpreter.
  // Default: kJit.
  Engine engine = Engine::kJit;
  // Where an event's tenant is (a singular query); rules with `scope tenant`
  // see only events whose value there is that string. Default: $.customerId.
  std::string tenant_path = kDefaultTenantPath;
  // More singular queries for the path plan to read in the same walk (the
  // engine's time and event id); extra_slot(i) is where query i lands.
  // Default: none.
  std::vector<std::string> extra_paths;
  // For the windowed engine: rules whose state non-matching events change
  // (`dedupe by`, baselines, `across`) are candidates for every event of
  // their scope, whatever their `when` says. Default: false (the stateless
  // --counts path).
  bool windowed = false;
  // Compile in the background, deciding with the interpreter meanwhile;
  // false: every change returns with the rule's native code installed
  // (tests, benchmarks of compiled code). Default: true.
  bool tiered = true;
  // Rules compiled into one object file at most, when many are added at
  // once. Default: 64.
  size_t compile_batch = 64;
  // Object files of earlier compiles; must outlive the set. Default: none.
  jit::CodeCache* cache = nullptr;
};

// One change of the rule set (DAEMON.md's control messages).
struct RuleChange {
  enum class Op { kUpsert, kDelete, kPause, kResume };
  Op op = Op::kUpsert;
  std::optional<std::string> tenant;  // the rule's scope: nullopt is global
  std::string rule_id;
  int64_t version = 0;  // kUpsert
  std::string source;   // kUpsert: `rule NAME { ... }`
};

struct ChangeResult {
  enum class Status { kActive, kRejected, kDeleted, kPaused };
  Status status = Status::kRejected;
  std::string message;           // one line: what happened, or why not
  std::string diagnostics_json;  // as `alertc check --format json` prints them ("[]" when none)
  std::optional<uint32_t> id;    // the rule's id in the set, when it is there
};
const char* StatusName(ChangeResult::Status status);

// One rule of the set, as a listing shows it.
struct RuleInfo {
  uint32_t id = 0;
  std::optional<std::string> tenant;  // nullopt: global
  std::string rule_id;
  int64_t version = 0;
  bool paused = false;
  bool native = false;         // its `when` runs as native code now
  double compile_seconds = 0;  // checking and optimizing it, plus its share of its batch's native compile
  std::string source;          // as written, `rule` to '}'
};

class RuleSet final : public RuleSource {
 public:
  // Fails on a tenant or extra path that is not a singular query, or when
  // the JIT cannot target this machine.
  static absl::StatusOr<std::unique_ptr<RuleSet>> Create(const RuleSetOptions& options);
  ~RuleSet() override;

  // Applies one change between two events.
  ChangeResult Apply(const RuleChange& change);
  // Adds checked rules (each a new rule, at `versions[i]`, 1 by default),
  // compiled together in batches. Fails when one is already there.
  absl::Status Add(std::vector<checked::Rule> rules, const std::vector<int64_t>& versions = {});
  // Blocks until every compile asked for so far has finished (tests,
  // benchmarks of compiled code, and before a code cache is written out).
  void WaitForCompiles();

  // The id of the rule (tenant, rule_id), if it is in the set.
  std::optional<uint32_t> Find(const std::optional<std::string>& tenant, const std::string& rule_id) const;
  size_t size() const;
  // Every rule, by increasing id. Between changes (like Apply), from the
  // thread that applies them.
  std::vector<RuleInfo> Rules() const;
  // The last version of each rule deleted and not added since, by its
  // record key (engine/state's RuleRecordKey): a new version must be above.
  std::map<std::string, int64_t> DeletedVersions() const;
  // Whether rule `id` decides each tenant's events apart from the others':
  // scoped to a tenant, grouped by the tenant (no `group by`), or with the
  // tenant path among its group keys. A daemon whose events are keyed by
  // tenant decides the other rules per partition.
  bool KeyedByTenant(uint32_t id) const;
  // Rules whose `when` runs as native code now, and in the interpreter.
  size_t native_rules() const;
  // The code compiler's batches so far (all zero with the interpreter).
  RuleCompiler::Counts compile_counts() const;

  // RuleSource.
  uint64_t generation() const override { return generation_; }
  uint32_t capacity() const override;
  std::optional<RuleView> rule(uint32_t id) const override;
  std::unique_ptr<Scratch> NewScratch() const override;
  std::string_view Prepare(simdjson::dom::element event, Scratch& scratch) const override;
  bool Evaluate(uint32_t id, simdjson::dom::element event, Scratch& scratch, const Value* baselines) const override;
  size_t slot_of(uint32_t id, uint32_t path) const override;
  size_t extra_slot(size_t i) const override;

  // The stateless match of one event: the rules whose `when` holds, in
  // increasing id order. Returns the tenant.
  std::string_view Match(simdjson::dom::element event, Scratch& scratch, std::vector<uint32_t>* matched) const;

  struct State;

 private:
  struct PlanScratch;
  explicit RuleSet(std::unique_ptr<State> state);
  uint64_t generation_ = 0;
  std::unique_ptr<State> state_;
};

}  // namespace alert::engine
