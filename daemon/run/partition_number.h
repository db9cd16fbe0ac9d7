#pragma once

// The daemon's partitions by one number (GroupConsumer's kTopicStride over
// the topics its group consumes): the events topic first, so events
// partition P is P, then the repartition topic, whose partition R is
// kTopicStride + R.

#include <cstdint>
#include <string>

#include "daemon/kafka/consumer.h"
#include "daemon/kafka/topics.h"

namespace alert::daemon {

// Whether partition number `partition` is one of the repartition topic.
inline bool Routed(int32_t partition) { return partition >= kTopicStride; }
// Its number in its own topic.
inline int32_t InTopic(int32_t partition) { return partition % kTopicStride; }
// Its topic (`topics` with the internal ones resolved), and that topic's changelog.
inline const std::string& TopicOf(const Topics& topics, int32_t partition) {
  return Routed(partition) ? topics.repartition : topics.events;
}
inline const std::string& ChangelogTopicOf(const Topics& topics, int32_t partition) {
  return Routed(partition) ? topics.repartition_changelog : topics.changelog;
}

}  // namespace alert::daemon
