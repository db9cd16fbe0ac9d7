#include "engine/rules/rule_subset.h"

#include <algorithm>

namespace alert::engine {

std::string RouteOf(const checked::Rule& rule) {
  std::string out;
  for (const uint32_t path : rule.group_by) {
    if (!out.empty()) out += ", ";
    out += rule.paths[path].text;
  }
  return out;
}

RuleSubset::RuleSubset(std::shared_ptr<const RuleSet> rules, Keep keep) : rules_(std::move(rules)), keep_(keep) {}

void RuleSubset::Refresh() const {
  if (generation_ == rules_->generation()) return;
  generation_ = rules_->generation();
  route_of_.assign(rules_->capacity(), kNone);
  routes_.clear();
  for (uint32_t id = 0; id < route_of_.size(); ++id) {
    const std::optional<RuleView> view = rules_->rule(id);
    if (!view || rules_->KeyedByTenant(id)) continue;
    const std::string text = RouteOf(*view->rule);
    const auto it = std::find_if(routes_.begin(), routes_.end(), [&](const Route& r) { return r.text == text; });
    route_of_[id] = static_cast<uint32_t>(it - routes_.begin());
    if (it == routes_.end()) routes_.push_back(Route{text, view->rule});
  }
}

const std::vector<RuleSubset::Route>& RuleSubset::routes() const {
  Refresh();
  return routes_;
}

std::optional<RuleView> RuleSubset::rule(uint32_t id) const {
  Refresh();
  if (id >= route_of_.size()) return std::nullopt;
  if ((route_of_[id] == kNone) != (keep_ == Keep::kByTenant)) return std::nullopt;
  return rules_->rule(id);
}

std::string_view RuleSubset::Prepare(simdjson::dom::element event, Scratch& scratch) const {
  Refresh();
  const std::string_view tenant = rules_->Prepare(event, scratch);
  // The current route's index: kNone keeps the rules keyed by tenant.
  uint32_t want = kNone;
  if (keep_ == Keep::kByTenant) {
    hit_.clear();
    if (!routes_.empty()) {
      for (const uint32_t id : scratch.candidates) {
        if (id < route_of_.size() && route_of_[id] != kNone) hit_.push_back(route_of_[id]);
      }
      std::sort(hit_.begin(), hit_.end());
      hit_.erase(std::unique(hit_.begin(), hit_.end()), hit_.end());
    }
  } else {
    const auto it = std::find_if(routes_.begin(), routes_.end(), [&](const Route& r) { return r.text == route_; });
    if (it == routes_.end()) {
      scratch.candidates.clear();
      return tenant;
    }
    want = static_cast<uint32_t>(it - routes_.begin());
  }
  std::erase_if(scratch.candidates, [&](uint32_t id) { return id >= route_of_.size() || route_of_[id] != want; });
  return tenant;
}

}  // namespace alert::engine
