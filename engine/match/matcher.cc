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
  // The slots: every distinct singular path of the rules (the batch's slots
  // with the JIT), then the tenant and extra paths where they are new.
  std::vector<jsonpath::Query> slot_queries;
  std::vector<std::string> slot_texts;
  std::vector<std::vector<int64_t>> slot_of_path;  // per rule, per path id
  size_t tenant_slot = 0;
  std::vector<size_t> extra_slots;
  // kJit
  std::unique_ptr<jit::Jit> jit;
  std::unique_ptr<jit::CompiledBatch> batch;
  RuleIndex index;
  std::unique_ptr<plan::PathPlan> plan;
  std::vector<uint32_t> slot_of_key_path;
  // kInterp
  std::vector<checked::Rule> rules;
  std::vector<std::unique_ptr<interp::Interpreter>> interpreters;

  const std::vector<checked::Rule>& Rules() const { return batch ? batch->rules() : rules; }
  size_t SlotOfText(const jsonpath::Query& query);
};

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

size_t Matcher::State::SlotOfText(const jsonpath::Query& query) {
  const std::string text = query.ToString();
  const size_t at = std::find(slot_texts.begin(), slot_texts.end(), text) - slot_texts.begin();
  if (at == slot_texts.size()) {
    slot_queries.push_back(query);
    slot_texts.push_back(text);
  }
  return at;
}

absl::StatusOr<std::unique_ptr<Matcher>> Matcher::Create(std::vector<checked::Rule> rules,
                                                         const MatcherOptions& options) {
  auto state = std::make_unique<State>();
  state->options = options;
  state->options.every_event.resize(rules.size());
  for (const auto& rule : rules) state->ids.push_back(rule.id);
  auto tenant = SingularQuery("tenant_path", options.tenant_path);
  if (!tenant.ok()) return tenant.status();
  std::vector<jsonpath::Query> extras;
  for (const std::string& text : options.extra_paths) {
    auto query = SingularQuery("path", text);
    if (!query.ok()) return query.status();
    extras.push_back(std::move(*query));
  }

  if (options.engine == MatcherOptions::Engine::kInterp) {
    state->rules = std::move(rules);
    for (const auto& rule : state->rules) {
      state->interpreters.push_back(std::make_unique<interp::Interpreter>(rule));
      std::vector<int64_t>& slot_of_path = state->slot_of_path.emplace_back(rule.paths.size(), -1);
      for (size_t p = 0; p < rule.paths.size(); ++p) {
        if (rule.paths[p].singular && !rule.paths[p].relative) {
          slot_of_path[p] = static_cast<int64_t>(state->SlotOfText(rule.paths[p].query));
        }
      }
    }
  } else {
    for (auto& rule : rules) rule = opt::Optimize(std::move(rule));
    auto jit = jit::CreateJit();
    if (!jit.ok()) return jit.status();
    state->jit = std::move(*jit);
    auto batch = jit::Compile(*state->jit, std::move(rules));
    if (!batch.ok()) return batch.status();
    state->batch = std::move(*batch);
    const auto& batch_rules = state->batch->rules();
    for (RuleId i = 0; i < batch_rules.size(); ++i) {
      state->index.Add(i, batch_rules[i], state->options.every_event[i]);
      state->slot_of_path.push_back(state->batch->slot_of_path(i));
    }
    state->index.Rebalance();  // with every rule's values known
    state->slot_queries = state->batch->slot_queries();
    state->slot_texts = state->batch->slot_paths();
  }
  // The plan reads the rules' slots, the tenant and the extra paths in one walk.
  state->tenant_slot = state->SlotOfText(*tenant);
  for (const auto& query : extras) state->extra_slots.push_back(state->SlotOfText(query));
  if (state->batch) {
    state->plan = std::make_unique<plan::PathPlan>(state->slot_queries);
    // Key paths are singular paths of the rules, hence slots of the batch.
    for (const std::string& path : state->index.key_paths()) {
      state->slot_of_key_path.push_back(static_cast<uint32_t>(
          std::find(state->slot_texts.begin(), state->slot_texts.end(), path) - state->slot_texts.begin()));
    }
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
const std::vector<checked::Rule>& Matcher::rules() const { return state_->Rules(); }
size_t Matcher::slot_of(uint32_t rule, uint32_t path) const {
  return static_cast<size_t>(state_->slot_of_path[rule][path]);
}
size_t Matcher::extra_slot(size_t i) const { return state_->extra_slots[i]; }

std::string_view Matcher::Prepare(simdjson::dom::element event, Scratch& scratch) const {
  const State& s = *state_;
  Value* slots = scratch.slots.data();
  scratch.candidates.clear();
  if (!s.batch) {
    // The reference: each slot by the evaluator, every rule in scope a candidate.
    for (size_t i = 0; i < s.slot_queries.size(); ++i) slots[i] = jsonpath::QueryValue(s.slot_queries[i], event, event);
    const Value& tenant_value = slots[s.tenant_slot];
    const std::string_view tenant = tenant_value.kind() == Value::Kind::kString ? tenant_value.string() : "";
    for (uint32_t i = 0; i < s.rules.size(); ++i) {
      if (!s.rules[i].tenant || *s.rules[i].tenant == tenant) scratch.candidates.push_back(i);
    }
    return tenant;
  }
  s.plan->ExtractDom(event, slots);
  const Value& tenant_value = slots[s.tenant_slot];
  const std::string_view tenant = tenant_value.kind() == Value::Kind::kString ? tenant_value.string() : "";
  s.index.Candidates(
      tenant, [&](uint32_t key_path) -> const Value& { return slots[s.slot_of_key_path[key_path]]; },
      &scratch.candidates);
  std::sort(scratch.candidates.begin(), scratch.candidates.end());
  std::memset(scratch.shared.data(), 0, scratch.shared.size());
  return tenant;
}

bool Matcher::Evaluate(uint32_t rule, simdjson::dom::element event, Scratch& scratch, const Value* baselines) const {
  ++scratch.evaluated;
  const State& s = *state_;
  if (!s.batch) {
    if (baselines == nullptr) return s.interpreters[rule]->Matches(event);
    const interp::BaselineValues values(baselines);
    return s.interpreters[rule]->Matches(event, &values);
  }
  return s.batch->RunRule(rule, scratch.slots.data(), event, scratch.shared.data(), baselines);
}

std::string_view Matcher::Match(simdjson::dom::element event, Scratch& scratch,
                                std::vector<uint32_t>* matched) const {
  matched->clear();
  const std::string_view tenant = Prepare(event, scratch);
  for (const RuleId i : scratch.candidates) {
    if (Evaluate(i, event, scratch, nullptr)) matched->push_back(i);
  }
  return tenant;
}

}  // namespace alert::engine
