#pragma once

// The daemon's topics (../shared/spec/DAEMON.md, "Topics"), by role.

#include <string>
#include <vector>

namespace alert::daemon {

struct Topics {
  // Events to decide, JSON values keyed by tenant. Default: "events".
  std::string events = "events";
  // Rule changes, keyed by tenant/rule_id. Default: "control".
  std::string control = "control";
  // One answer per rule change. Default: "control-results".
  std::string control_results = "control-results";
  // Alert notifications, keyed by rule and group key. Default: "alerts".
  std::string alerts = "alerts";
  // Events that could not be used, with their original bytes. Default: "dead-letter".
  std::string dead_letter = "dead-letter";
  // Each partition's checkpointed state changes, on the events topic's
  // partition numbers; compacted in production. One per consumer group, as
  // Kafka Streams names them. Default (empty): "<group_id>-changelog".
  std::string changelog;
  // The events of the global rules not grouped by tenant, sent on keyed by
  // their group key (RuleSubset), on as many partitions as events; its
  // partitions' state has a changelog of its own. Kafka Streams' internal
  // topics. Defaults (empty): "<group_id>-repartition" and
  // "<group_id>-repartition-changelog".
  std::string repartition;
  std::string repartition_changelog;
};

// The changelog topic of consumer group `group_id` given `topics`.
inline std::string ChangelogTopic(const Topics& topics, const std::string& group_id) {
  return topics.changelog.empty() ? group_id + "-changelog" : topics.changelog;
}
// Its repartition topic, and that topic's changelog.
inline std::string RepartitionTopic(const Topics& topics, const std::string& group_id) {
  return topics.repartition.empty() ? group_id + "-repartition" : topics.repartition;
}
inline std::string RepartitionChangelogTopic(const Topics& topics, const std::string& group_id) {
  return topics.repartition_changelog.empty() ? group_id + "-repartition-changelog" : topics.repartition_changelog;
}

}  // namespace alert::daemon
