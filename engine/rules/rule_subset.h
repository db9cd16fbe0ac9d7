#pragma once

// Part of a RuleSet, as the windowed engine of one kind of partition sees
// it. A daemon whose events are keyed by tenant decides in each events
// partition the rules that keep tenants apart (RuleSet::KeyedByTenant); a
// global rule grouped by something else (`group by $.agentId` over every
// tenant's events) needs one key's events in one engine, so its events are
// sent on to a repartition topic keyed by its group key, and the engines of
// that topic's partitions decide it (Kafka Streams' repartition topics).
//
// Rules with the same `group by` paths share a route: the paths' text
// (RouteOf). An events partition sends an event on once for each route one
// of whose rules is among its candidates (routes_hit after Engine::Process:
// a rule's state changes only with its candidates, so the others need not
// travel); a repartition partition's engine takes each event for its route
// only (SetRoute before Engine::Process).
//
// One subset serves one engine (it keeps what it last read of the set, and
// the route of the event being processed): it is not shared between threads.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/checked/checked.h"
#include "engine/rules/rule_set.h"
#include "engine/stream/rule_source.h"

namespace alert::engine {

// The route of a rule that is not keyed by tenant: its `group by` paths,
// as written in normal form, joined by ", ".
std::string RouteOf(const checked::Rule& rule);

class RuleSubset final : public RuleSource {
 public:
  enum class Keep : uint8_t {
    kByTenant,  // the rules an events partition decides
    kRouted,    // the rules a repartition partition decides
  };
  RuleSubset(std::shared_ptr<const RuleSet> rules, Keep keep);

  // A route, with one of its rules (whose group-by paths give its key).
  struct Route {
    std::string text;
    std::shared_ptr<const checked::Rule> rule;
  };
  // The routes of the set's rules that are not keyed by tenant, now.
  const std::vector<Route>& routes() const;
  // kByTenant: the routes (indices into routes()) with a candidate among
  // their rules for the last event prepared, in increasing order.
  const std::vector<uint32_t>& routes_hit() const { return hit_; }
  // kRouted: the events processed next are those of `route`; only its
  // rules are their candidates.
  void SetRoute(std::string_view route) { route_.assign(route); }

  // RuleSource: the set's, without the rules this subset does not keep.
  uint64_t generation() const override { return rules_->generation(); }
  uint32_t capacity() const override { return rules_->capacity(); }
  std::optional<RuleView> rule(uint32_t id) const override;
  std::unique_ptr<Scratch> NewScratch() const override { return rules_->NewScratch(); }
  std::string_view Prepare(simdjson::dom::element event, Scratch& scratch) const override;
  bool Evaluate(uint32_t id, simdjson::dom::element event, Scratch& scratch, const Value* baselines) const override {
    return rules_->Evaluate(id, event, scratch, baselines);
  }
  size_t slot_of(uint32_t id, uint32_t path) const override { return rules_->slot_of(id, path); }
  size_t extra_slot(size_t i) const override { return rules_->extra_slot(i); }

 private:
  // Reads the set again when its generation changed.
  void Refresh() const;

  std::shared_ptr<const RuleSet> rules_;
  Keep keep_;
  std::string route_;
  mutable uint64_t generation_ = UINT64_MAX;
  // By rule id: the route index of a rule not keyed by tenant, or kNone.
  static constexpr uint32_t kNone = UINT32_MAX;
  mutable std::vector<uint32_t> route_of_;
  mutable std::vector<Route> routes_;
  mutable std::vector<uint32_t> hit_;
};

}  // namespace alert::engine
