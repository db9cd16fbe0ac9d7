#include "engine/rules/rule_set.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "compiler/checked/meaning.h"
#include "compiler/checked/walk.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/interp/interpreter.h"
#include "compiler/opt/pass.h"
#include "compiler/parse/parse.h"
#include "compiler/sema/check.h"
#include "engine/index/rule_index.h"
#include "engine/rules/rule_compiler.h"
#include "engine/state/rule_records.h"
#include "runtime/json/json_string.h"
#include "runtime/jsonpath/evaluate.h"
#include "runtime/plan/path_plan.h"

namespace alert::engine {

const char* StatusName(ChangeResult::Status status) {
  switch (status) {
    case ChangeResult::Status::kActive: return "active";
    case ChangeResult::Status::kRejected: return "rejected";
    case ChangeResult::Status::kDeleted: return "deleted";
    case ChangeResult::Status::kPaused: return "paused";
  }
  return "?";
}

namespace {

absl::StatusOr<jsonpath::Query> SingularQuery(std::string_view what, const std::string& text) {
  const diag::Source source(std::string(what), text);
  auto parsed = parse::ParseQuery(source);
  std::string errors;
  for (const auto& d : parsed.diagnostics) errors += diag::RenderText(source, d);
  if (!parsed.path) return absl::InvalidArgumentError(errors);
  auto checked = sema::CheckQuery(*parsed.path, source);
  for (const auto& d : checked.diagnostics) errors += diag::RenderText(source, d);
  if (!checked.query) return absl::InvalidArgumentError(errors);
  if (!checked.query->IsSingular() || checked.query->trailing != jsonpath::Trailing::kNone) {
    return absl::InvalidArgumentError(std::string(what) + " must be a singular query, such as $.customerId: " + text);
  }
  return *checked.query;
}

}  // namespace

// One rule of the set, at its current version.
struct RuleEntry {
  std::optional<std::string> tenant;
  std::string id;
  int64_t version = 1;
  bool paused = false;
  uint64_t revision = 0;
  std::shared_ptr<const checked::Rule> rule;  // as evaluated: optimized (kJit) or as checked (kInterp)
  std::shared_ptr<const std::string> meaning;  // shared with the engines' runners
  std::shared_ptr<const interp::Interpreter> interpreter;  // shared with the engines' runners
  std::vector<int64_t> slot_of_path;  // per path id: its slot, or -1
  std::vector<uint32_t> slots;        // the distinct slots of slot_of_path, but first_slots
  uint64_t ticket = 0;                // the compile that may install its code
  double check_seconds = 0;           // checking and optimizing this version
  double native_seconds = 0;          // its share of its batch's native compile (under the compiler's lock)
  std::atomic<const NativeRule*> native{nullptr};
  std::shared_ptr<const CompiledRules> code;  // keeps `native` alive
};

struct RuleSet::State {
  RuleSetOptions options;
  std::vector<std::unique_ptr<RuleEntry>> entries;  // by id; null: a free id
  std::vector<uint32_t> free_ids;
  std::map<std::string, uint32_t> ids;  // RuleRecord key -> id
  std::map<std::string, int64_t> deleted_versions;  // versions only grow, across deletes too
  size_t live = 0;

  // The slots: every distinct singular path of the rules, then the tenant
  // and extra paths where they are new. They only grow.
  std::vector<jsonpath::Query> slot_queries;
  std::map<std::string, uint32_t> slot_of_text;
  size_t tenant_slot = 0;
  std::vector<size_t> extra_slots;
  std::unique_ptr<plan::PathPlan> plan;  // over slot_queries (kJit)
  size_t plan_slots = 0;

  RuleIndex index;
  std::vector<uint32_t> slot_of_key_path;
  // What every event reads before its candidates are known: the tenant, the
  // extra paths and the index's key paths.
  std::vector<uint32_t> first_slots;

  std::unique_ptr<RuleCompiler> compiler;  // kJit
  uint64_t next_ticket = 1;
  uint64_t next_revision = 1;

  uint32_t SlotOf(const jsonpath::Query& query, const std::string& text) {
    auto [it, added] = slot_of_text.emplace(text, static_cast<uint32_t>(slot_queries.size()));
    if (added) slot_queries.push_back(query);
    return it->second;
  }
  bool jit() const { return options.engine == RuleSetOptions::Engine::kJit; }
  // The rule's singular paths placed in slots.
  std::vector<int64_t> SlotsOf(const checked::Rule& rule) {
    std::vector<int64_t> out(rule.paths.size(), -1);
    for (size_t p = 0; p < rule.paths.size(); ++p) {
      if (rule.paths[p].singular && !rule.paths[p].relative) out[p] = SlotOf(rule.paths[p].query, rule.paths[p].text);
    }
    return out;
  }
  // After slots or index key paths were added: the plan reads them all.
  void Refresh() {
    if (!jit()) return;
    if (!plan || plan_slots != slot_queries.size()) {
      plan = std::make_unique<plan::PathPlan>(slot_queries);
      plan_slots = slot_queries.size();
    }
    for (size_t k = slot_of_key_path.size(); k < index.key_paths().size(); ++k) {
      slot_of_key_path.push_back(slot_of_text.at(index.key_paths()[k]));
    }
    first_slots.assign(1, static_cast<uint32_t>(tenant_slot));
    for (const size_t slot : extra_slots) first_slots.push_back(static_cast<uint32_t>(slot));
    first_slots.insert(first_slots.end(), slot_of_key_path.begin(), slot_of_key_path.end());
  }
  void File(uint32_t id) {
    const RuleEntry& e = *entries[id];
    if (jit() && !e.paused) index.Add(id, *e.rule, options.windowed && SeesEveryEvent(*e.rule));
  }
  void Unfile(uint32_t id) {
    if (jit()) index.Remove(id);
  }
  // Puts `rule` (checked, which took `check_seconds`) at `id` as version
  // `version`: optimized, interpreted at once, its compile asked for by the
  // caller.
  void Install(uint32_t id, checked::Rule rule, int64_t version, double check_seconds = 0) {
    const auto started = std::chrono::steady_clock::now();
    auto e = std::make_unique<RuleEntry>();
    e->tenant = rule.tenant;
    e->id = rule.id;
    e->version = version;
    e->meaning = std::make_shared<const std::string>(checked::MeaningOf(rule));
    if (entries[id]) e->paused = entries[id]->paused;
    e->revision = next_revision++;
    e->rule = std::make_shared<const checked::Rule>(jit() ? opt::Optimize(std::move(rule)) : std::move(rule));
    e->interpreter = std::make_shared<const interp::Interpreter>(*e->rule);
    e->slot_of_path = SlotsOf(*e->rule);
    for (const int64_t slot : e->slot_of_path) {
      // Not what every event reads before its candidates are known.
      if (slot >= 0 && std::find(first_slots.begin(), first_slots.end(), slot) == first_slots.end()) {
        e->slots.push_back(static_cast<uint32_t>(slot));
      }
    }
    std::sort(e->slots.begin(), e->slots.end());
    e->slots.erase(std::unique(e->slots.begin(), e->slots.end()), e->slots.end());
    e->ticket = next_ticket++;
    e->check_seconds = check_seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    entries[id] = std::move(e);
  }
  uint32_t NewId() {
    if (!free_ids.empty()) {
      const uint32_t id = free_ids.back();
      free_ids.pop_back();
      return id;
    }
    entries.emplace_back();
    return static_cast<uint32_t>(entries.size() - 1);
  }
  void Compile(const std::vector<uint32_t>& ids) {
    if (!jit() || ids.empty()) return;
    for (size_t from = 0; from < ids.size(); from += options.compile_batch) {
      std::vector<RuleCompiler::Request> batch;
      for (size_t i = from; i < std::min(ids.size(), from + options.compile_batch); ++i) {
        const RuleEntry& e = *entries[ids[i]];
        batch.push_back({ids[i], e.ticket, checked::CloneRule(*e.rule), e.slot_of_path});
      }
      compiler->Submit(std::move(batch));
    }
    if (!options.tiered) compiler->Wait();
  }
};

RuleSet::RuleSet(std::unique_ptr<State> state) : state_(std::move(state)) {}

RuleSet::~RuleSet() {
  // The compile thread first (it may be installing code into the rules),
  // then the rules' code, then the JIT it lives in.
  if (state_->compiler) state_->compiler->Stop();
  state_->entries.clear();
  state_->compiler.reset();
}

absl::StatusOr<std::unique_ptr<RuleSet>> RuleSet::Create(const RuleSetOptions& options) {
  auto state = std::make_unique<State>();
  state->options = options;
  state->options.compile_batch = std::max<size_t>(1, options.compile_batch);
  auto tenant = SingularQuery("tenant_path", options.tenant_path);
  if (!tenant.ok()) return tenant.status();
  state->tenant_slot = state->SlotOf(*tenant, tenant->ToString());
  for (const std::string& text : options.extra_paths) {
    auto query = SingularQuery("path", text);
    if (!query.ok()) return query.status();
    state->extra_slots.push_back(state->SlotOf(*query, query->ToString()));
  }
  if (state->jit()) {
    auto compiler = RuleCompiler::Create(options.cache, options.tiered);
    if (!compiler.ok()) return compiler.status();
    state->compiler = std::move(*compiler);
  }
  state->Refresh();
  std::unique_ptr<RuleSet> set(new RuleSet(std::move(state)));
  RuleSet* raw = set.get();
  if (raw->state_->compiler) {
    // Compiled code is installed into the entries that still want it (a
    // rule changed since gets the code of its new version later).
    raw->state_->compiler->SetInstall([raw](uint32_t id, uint64_t ticket, const NativeRule* native,
                                             const std::shared_ptr<const CompiledRules>& code, double seconds) {
      State& s = *raw->state_;
      if (id >= s.entries.size() || !s.entries[id] || s.entries[id]->ticket != ticket) return;
      s.entries[id]->code = code;
      s.entries[id]->native_seconds = seconds;
      s.entries[id]->native.store(native, std::memory_order_release);
    });
  }
  return set;
}

absl::Status RuleSet::Add(std::vector<checked::Rule> rules, const std::vector<int64_t>& versions) {
  State& s = *state_;
  std::vector<uint32_t> added;
  {
    auto lock = s.compiler ? s.compiler->Lock() : std::unique_lock<std::mutex>();
    for (size_t i = 0; i < rules.size(); ++i) {
      const std::string key = RuleRecordKey(rules[i].tenant, rules[i].id);
      if (s.ids.contains(key)) return absl::AlreadyExistsError("rule " + rules[i].id + " is already in the set");
      const uint32_t id = s.NewId();
      s.ids[key] = id;
      s.Install(id, std::move(rules[i]), i < versions.size() ? versions[i] : 1);
      s.File(id);
      added.push_back(id);
      ++s.live;
    }
    if (s.jit()) s.index.Rebalance();  // with every rule's values known
    s.Refresh();
  }
  ++generation_;
  s.Compile(added);
  return absl::OkStatus();
}

ChangeResult RuleSet::Apply(const RuleChange& change) {
  State& s = *state_;
  ChangeResult result;
  result.diagnostics_json = "[]";
  const std::string key = RuleRecordKey(change.tenant, change.rule_id);
  const auto found = s.ids.find(key);
  const std::string name = "rule " + change.rule_id + (change.tenant ? " of tenant " + *change.tenant : "");
  auto reject = [&](std::string message) {
    result.status = ChangeResult::Status::kRejected;
    result.message = std::move(message);
    if (found != s.ids.end()) result.id = found->second;
    return result;
  };

  if (change.op != RuleChange::Op::kUpsert) {
    if (found == s.ids.end()) return reject(name + " is not in the rule set");
    const uint32_t id = found->second;
    result.id = id;
    auto lock = s.compiler ? s.compiler->Lock() : std::unique_lock<std::mutex>();
    RuleEntry& e = *s.entries[id];
    if (change.op == RuleChange::Op::kDelete) {
      s.Unfile(id);
      s.deleted_versions[key] = e.version;
      s.entries[id].reset();  // frees its code with the last rule of its batch
      s.free_ids.push_back(id);
      s.ids.erase(found);
      --s.live;
      result.status = ChangeResult::Status::kDeleted;
      result.message = name + " deleted";
    } else {
      const bool pause = change.op == RuleChange::Op::kPause;
      if (e.paused != pause) {
        e.paused = pause;
        e.revision = s.next_revision++;
        pause ? s.Unfile(id) : s.File(id);
        s.Refresh();
      }
      result.status = pause ? ChangeResult::Status::kPaused : ChangeResult::Status::kActive;
      result.message = name + (pause ? " paused" : " resumed") + fmt::format(" at version {}", e.version);
    }
    ++generation_;
    return result;
  }

  // An upsert: versions only grow, and a version that does not check never
  // replaces the running one.
  const int64_t running = found != s.ids.end() ? s.entries[found->second]->version
                          : s.deleted_versions.contains(key) ? s.deleted_versions.at(key)
                                                             : 0;
  if (change.version <= running) {
    return reject(fmt::format("{}: version {} is not above the {} version {}", name, change.version,
                              found != s.ids.end() ? "running" : "deleted", running));
  }
  const auto check_started = std::chrono::steady_clock::now();
  const diag::Source source(fmt::format("{} v{}", change.rule_id, change.version), change.source);
  sema::CheckResult checked = sema::CheckSource(source);
  result.diagnostics_json = diag::RenderJson(source, checked.diagnostics.items());
  if (checked.diagnostics.HasErrors()) return reject(fmt::format("{} v{}: rejected, {} error(s)", name, change.version,
                                                                 checked.diagnostics.ErrorCount()));
  if (checked.rules.size() != 1) return reject(name + ": the source must hold exactly one rule");
  checked::Rule& rule = checked.rules[0];
  if (rule.id != change.rule_id) return reject(name + ": the source's rule is named " + rule.id);
  if (rule.tenant && rule.tenant != change.tenant) {
    return reject(name + ": its scope clause names tenant " + *rule.tenant);
  }
  rule.tenant = change.tenant;

  uint32_t id = 0;
  {
    auto lock = s.compiler ? s.compiler->Lock() : std::unique_lock<std::mutex>();
    if (found != s.ids.end()) {
      id = found->second;
      s.Unfile(id);
    } else {
      id = s.NewId();
      s.ids[key] = id;
      s.deleted_versions.erase(key);
      ++s.live;
    }
    s.Install(id, std::move(rule), change.version,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - check_started).count());
    s.File(id);
    s.Refresh();
  }
  ++generation_;
  s.Compile({id});
  result.id = id;
  result.status = s.entries[id]->paused ? ChangeResult::Status::kPaused : ChangeResult::Status::kActive;
  result.message = fmt::format("{} v{} {}", name, change.version, StatusName(result.status));
  return result;
}

void RuleSet::WaitForCompiles() {
  if (state_->compiler) state_->compiler->Wait();
}

std::optional<uint32_t> RuleSet::Find(const std::optional<std::string>& tenant, const std::string& rule_id) const {
  const auto it = state_->ids.find(RuleRecordKey(tenant, rule_id));
  if (it == state_->ids.end()) return std::nullopt;
  return it->second;
}

size_t RuleSet::size() const { return state_->live; }

std::vector<RuleInfo> RuleSet::Rules() const {
  auto lock = state_->compiler ? state_->compiler->Lock() : std::unique_lock<std::mutex>();
  std::vector<RuleInfo> out;
  for (uint32_t id = 0; id < state_->entries.size(); ++id) {
    const RuleEntry* e = state_->entries[id].get();
    if (!e) continue;
    out.push_back({id, e->tenant, e->id, e->version, e->paused, e->native.load(std::memory_order_acquire) != nullptr,
                   e->check_seconds + e->native_seconds, e->rule->source});
  }
  return out;
}

std::map<std::string, int64_t> RuleSet::DeletedVersions() const { return state_->deleted_versions; }

size_t RuleSet::native_rules() const {
  size_t n = 0;
  for (const auto& e : state_->entries) n += e && e->native.load(std::memory_order_acquire) != nullptr;
  return n;
}

RuleCompiler::Counts RuleSet::compile_counts() const {
  return state_->compiler ? state_->compiler->counts() : RuleCompiler::Counts();
}

uint32_t RuleSet::capacity() const { return static_cast<uint32_t>(state_->entries.size()); }

std::optional<RuleView> RuleSet::rule(uint32_t id) const {
  if (id >= state_->entries.size() || !state_->entries[id]) return std::nullopt;
  const RuleEntry& e = *state_->entries[id];
  return RuleView{e.rule, e.version, e.paused, e.revision, e.meaning, e.interpreter};
}

// A thread's scratch: the source's, and how far the event's slots are read.
struct RuleSet::PlanScratch final : RuleSource::Scratch {
  plan::PathPlan::Extraction extraction;
  std::vector<uint32_t> wanted;
  uint64_t event = 0;               // events prepared so far
  std::vector<uint64_t> slots_read;  // per rule id: the event its slots were read for
};

std::unique_ptr<RuleSource::Scratch> RuleSet::NewScratch() const {
  auto scratch = std::make_unique<PlanScratch>();
  scratch->slots.resize(state_->slot_queries.size());
  return scratch;
}

bool RuleSet::KeyedByTenant(uint32_t id) const {
  const RuleEntry& e = *state_->entries[id];
  if (e.rule->tenant || e.rule->group_by.empty()) return true;
  return std::any_of(e.rule->group_by.begin(), e.rule->group_by.end(), [&](uint32_t path) {
    return e.slot_of_path[path] == static_cast<int64_t>(state_->tenant_slot);
  });
}

size_t RuleSet::slot_of(uint32_t id, uint32_t path) const {
  return static_cast<size_t>(state_->entries[id]->slot_of_path[path]);
}

size_t RuleSet::extra_slot(size_t i) const { return state_->extra_slots[i]; }

std::string_view RuleSet::Prepare(simdjson::dom::element event, Scratch& scratch) const {
  const State& s = *state_;
  if (scratch.slots.size() < s.slot_queries.size()) scratch.slots.resize(s.slot_queries.size());
  Value* slots = scratch.slots.data();
  scratch.candidates.clear();
  if (!s.jit()) {
    // The reference: each slot by the evaluator, every rule in scope a candidate.
    for (size_t i = 0; i < s.slot_queries.size(); ++i) slots[i] = jsonpath::QueryValue(s.slot_queries[i], event, event);
    const Value& tenant_value = slots[s.tenant_slot];
    const std::string_view tenant = tenant_value.kind() == Value::Kind::kString ? tenant_value.string() : "";
    for (uint32_t i = 0; i < s.entries.size(); ++i) {
      const RuleEntry* e = s.entries[i].get();
      if (e && !e->paused && (!e->tenant || *e->tenant == tenant)) scratch.candidates.push_back(i);
    }
    return tenant;
  }
  // What picks the candidates first, then what they read: an event no rule
  // can match is read no further.
  PlanScratch& own = static_cast<PlanScratch&>(scratch);
  s.plan->Begin(own.extraction);
  s.plan->ExtractDom(event, s.first_slots, own.extraction, slots);
  const Value& tenant_value = slots[s.tenant_slot];
  const std::string_view tenant = tenant_value.kind() == Value::Kind::kString ? tenant_value.string() : "";
  s.index.Candidates(
      tenant, [&](uint32_t key_path) -> const Value& { return slots[s.slot_of_key_path[key_path]]; },
      &scratch.candidates);
  std::sort(scratch.candidates.begin(), scratch.candidates.end());
  own.wanted.clear();
  ++own.event;
  if (own.slots_read.size() < s.entries.size()) own.slots_read.resize(s.entries.size());
  for (const uint32_t id : scratch.candidates) {
    const std::vector<uint32_t>& read = s.entries[id]->slots;
    own.wanted.insert(own.wanted.end(), read.begin(), read.end());
    own.slots_read[id] = own.event;
  }
  s.plan->ExtractDom(event, own.wanted, own.extraction, slots);
  const size_t shared = s.compiler->shared_size();
  if (scratch.shared.size() < shared) scratch.shared.resize(shared);
  std::memset(scratch.shared.data(), 0, shared);
  return tenant;
}

bool RuleSet::Evaluate(uint32_t id, simdjson::dom::element event, Scratch& scratch, const Value* baselines) const {
  ++scratch.evaluated;
  const RuleEntry& e = *state_->entries[id];
  if (state_->jit()) {
    // A rule evaluated without being a candidate (a backfill replays history
    // for one rule) reads its slots now.
    PlanScratch& own = static_cast<PlanScratch&>(scratch);
    if (id >= own.slots_read.size() || own.slots_read[id] != own.event) {
      state_->plan->ExtractDom(event, e.slots, own.extraction, scratch.slots.data());
    }
  }
  if (const NativeRule* native = e.native.load(std::memory_order_acquire)) {
    bool ran = false;
    const bool holds = native->Run(scratch.slots.data(), event, scratch.shared.data(), scratch.shared.size(), baselines, &ran);
    if (ran) return holds;
  }
  if (baselines == nullptr) return e.interpreter->Matches(event);
  const interp::BaselineValues values(baselines);
  return e.interpreter->Matches(event, &values);
}

std::string_view RuleSet::Match(simdjson::dom::element event, Scratch& scratch, std::vector<uint32_t>* matched) const {
  matched->clear();
  const std::string_view tenant = Prepare(event, scratch);
  for (const uint32_t id : scratch.candidates) {
    if (Evaluate(id, event, scratch, nullptr)) matched->push_back(id);
  }
  return tenant;
}

}  // namespace alert::engine
