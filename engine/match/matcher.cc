#include "engine/match/matcher.h"

#include <algorithm>
#include <cstring>

#include "compiler/diag/diagnostic.h"
#include "compiler/interp/interpreter.h"
#include "compiler/jit/jit.h"
#include "compiler/opt/pass.h"
#include "compiler/parse/parse.h"
#include "compiler/sema/check.h"
#include "engine/index/rule_index.h"
#include "runtime/jsonpath/evaluate.h"
#include "runtime/plan/path_plan.h"

namespace alert::engine {

struct Matcher::State {
  MatcherOptions options;
  std::vector<std::string> ids;
  jsonpath::Query tenant_query;
  // kJit
  std::unique_ptr<jit::Jit> jit;
  std::unique_ptr<jit::CompiledBatch> batch;
  RuleIndex index;
  std::vector<jsonpath::Query> slot_queries;  // the batch's slots, then the tenant's
  std::unique_ptr<plan::PathPlan> plan;
  size_t tenant_slot = 0;
  std::vector<uint32_t> slot_of_key_path;
  // kInterp
  std::vector<checked::Rule> rules;
  std::vector<std::unique_ptr<interp::Interpreter>> interpreters;
};

namespace {

absl::StatusOr<jsonpath::Query> TenantQuery(const std::string& text) {
  const diag::Source source("tenant_path", text);
  auto parsed = parse::ParseQuery(source);
  std::string errors;
  for (const auto& d : parsed.diagnostics) errors += diag::RenderText(source, d);
  if (!parsed.path) return absl::InvalidArgumentError(errors);
  auto checked = sema::CheckQuery(*parsed.path, source);
  for (const auto& d : checked.diagnostics) errors += diag::RenderText(source, d);
  if (!checked.query) return absl::InvalidArgumentError(errors);
  if (!checked.query->IsSingular() || checked.query->trailing != jsonpath::Trailing::kNone) {
    return absl::InvalidArgumentError("tenant_path must be a singular query, such as $.customerId: " + text);
  }
  return *checked.query;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Matcher>> Matcher::Create(std::vector<checked::Rule> rules,
                                                         const MatcherOptions& options) {
  auto state = std::make_unique<State>();
  state->options = options;
  auto tenant = TenantQuery(options.tenant_path);
  if (!tenant.ok()) return tenant.status();
  state->tenant_query = std::move(*tenant);
  for (const auto& rule : rules) state->ids.push_back(rule.id);

  if (options.engine == MatcherOptions::Engine::kInterp) {
    state->rules = std::move(rules);
    for (const auto& rule : state->rules) state->interpreters.push_back(std::make_unique<interp::Interpreter>(rule));
    return std::unique_ptr<Matcher>(new Matcher(std::move(state)));
  }

  for (auto& rule : rules) rule = opt::Optimize(std::move(rule));
  auto jit = jit::CreateJit();
  if (!jit.ok()) return jit.status();
  state->jit = std::move(*jit);
  auto batch = jit::Compile(*state->jit, std::move(rules));
  if (!batch.ok()) return batch.status();
  state->batch = std::move(*batch);
  const auto& batch_rules = state->batch->rules();
  for (RuleId i = 0; i < batch_rules.size(); ++i) state->index.Add(i, batch_rules[i]);
  state->index.Rebalance();  // with every rule's values known

  // The plan reads the batch's slots and the tenant in the same walk.
  state->slot_queries = state->batch->slot_queries();
  const auto& texts = state->batch->slot_paths();
  const std::string tenant_text = state->tenant_query.ToString();
  state->tenant_slot = std::find(texts.begin(), texts.end(), tenant_text) - texts.begin();
  if (state->tenant_slot == texts.size()) state->slot_queries.push_back(state->tenant_query);
  state->plan = std::make_unique<plan::PathPlan>(state->slot_queries);
  // Key paths are singular paths of the rules, hence slots of the batch.
  for (const std::string& path : state->index.key_paths()) {
    state->slot_of_key_path.push_back(static_cast<uint32_t>(std::find(texts.begin(), texts.end(), path) - texts.begin()));
  }
  return std::unique_ptr<Matcher>(new Matcher(std::move(state)));
}

Matcher::Matcher(std::unique_ptr<State> state) : state_(std::move(state)) {}
Matcher::~Matcher() = default;

std::unique_ptr<Matcher::Scratch> Matcher::NewScratch() const {
  auto scratch = std::make_unique<Scratch>();
  scratch->slots.resize(state_->slot_queries.size());
  if (state_->batch) scratch->shared.resize(state_->batch->shared_size());
  scratch->candidates.reserve(state_->ids.size());
  return scratch;
}

size_t Matcher::rule_count() const { return state_->ids.size(); }
const std::string& Matcher::rule_id(size_t i) const { return state_->ids[i]; }

std::string_view Matcher::Match(simdjson::dom::element event, Scratch& scratch,
                                std::vector<uint32_t>* matched) const {
  const State& s = *state_;
  matched->clear();
  if (!s.batch) {
    const Value tenant_value = jsonpath::QueryValue(s.tenant_query, event, event);
    const std::string_view tenant = tenant_value.kind() == Value::Kind::kString ? tenant_value.string() : "";
    for (size_t i = 0; i < s.rules.size(); ++i) {
      if (s.rules[i].tenant && *s.rules[i].tenant != tenant) continue;
      ++scratch.evaluated;
      if (s.interpreters[i]->Matches(event)) matched->push_back(static_cast<uint32_t>(i));
    }
    return tenant;
  }

  Value* slots = scratch.slots.data();
  s.plan->ExtractDom(event, slots);
  const Value& tenant_value = slots[s.tenant_slot];
  const std::string_view tenant = tenant_value.kind() == Value::Kind::kString ? tenant_value.string() : "";
  scratch.candidates.clear();
  s.index.Candidates(
      tenant, [&](uint32_t key_path) -> const Value& { return slots[s.slot_of_key_path[key_path]]; },
      &scratch.candidates);
  std::sort(scratch.candidates.begin(), scratch.candidates.end());
  std::memset(scratch.shared.data(), 0, scratch.shared.size());
  scratch.evaluated += scratch.candidates.size();
  for (const RuleId i : scratch.candidates) {
    if (s.batch->RunRule(i, slots, event, scratch.shared.data())) matched->push_back(i);
  }
  return tenant;
}

}  // namespace alert::engine
