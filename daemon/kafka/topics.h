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
};

// The changelog topic of consumer group `group_id` given `topics`.
inline std::string ChangelogTopic(const Topics& topics, const std::string& group_id) {
  return topics.changelog.empty() ? group_id + "-changelog" : topics.changelog;
}

}  // namespace alert::daemon
