#pragma once

// An embedded Kafka: librdkafka's mock cluster, the real Kafka protocol on
// 127.0.0.1, with the daemon's topics made. It serves any Kafka client
// (alertd, kcat) for as long as it lives; `alertd embedded-kafka` runs one
// alone so that daemons can be killed and restarted against it.
//
// The mock keeps at most 5 MiB or 100,000 message sets per partition and
// drops the oldest beyond (../shared/STACK.md): it is for trying the daemon
// and for tests, not for data that matters.

#include <memory>
#include <string>

#include <absl/status/statusor.h>

#include "daemon/kafka/topics.h"

namespace alert::daemon {

struct EmbeddedKafkaOptions {
  // Brokers of the cluster. Default: 1.
  int brokers = 1;
  // Partitions of the events topic (and of alerts and dead-letter, which
  // follow it). Default: 4.
  int partitions = 4;
  Topics topics = {};
  // The consumer groups whose internal topics (ChangelogTopic,
  // RepartitionTopic, RepartitionChangelogTopic) to make, with `partitions`
  // partitions. Default: alertd.
  std::vector<std::string> groups = {"alertd"};
};

class EmbeddedKafka {
 public:
  static absl::StatusOr<std::unique_ptr<EmbeddedKafka>> Start(const EmbeddedKafkaOptions& options);
  ~EmbeddedKafka();
  EmbeddedKafka(const EmbeddedKafka&) = delete;
  EmbeddedKafka& operator=(const EmbeddedKafka&) = delete;

  // HOST:PORT[,HOST:PORT...], the value of bootstrap.servers.
  const std::string& bootstrap_servers() const { return bootstrap_servers_; }
  // Takes every broker down (its connections are closed and new ones
  // refused) or brings them up again: an outage, for trying what clients
  // do through one.
  void SetBrokersUp(bool up);

 private:
  struct Handles;
  explicit EmbeddedKafka(std::unique_ptr<Handles> handles);
  std::unique_ptr<Handles> handles_;
  std::string bootstrap_servers_;
  int brokers_ = 1;
};

}  // namespace alert::daemon
