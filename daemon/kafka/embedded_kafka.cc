#include "daemon/kafka/embedded_kafka.h"

// rdkafka_mock.h needs rdkafka.h first.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <utility>

namespace alert::daemon {

struct EmbeddedKafka::Handles {
  rd_kafka_t* client = nullptr;  // the mock cluster lives in a client handle
  rd_kafka_mock_cluster_t* cluster = nullptr;
  ~Handles() {
    if (cluster) rd_kafka_mock_cluster_destroy(cluster);
    if (client) rd_kafka_destroy(client);
  }
};

EmbeddedKafka::EmbeddedKafka(std::unique_ptr<Handles> handles) : handles_(std::move(handles)) {
  bootstrap_servers_ = rd_kafka_mock_cluster_bootstraps(handles_->cluster);
}

EmbeddedKafka::~EmbeddedKafka() = default;

absl::StatusOr<std::unique_ptr<EmbeddedKafka>> EmbeddedKafka::Start(const EmbeddedKafkaOptions& options) {
  if (options.brokers < 1 || options.partitions < 1) {
    return absl::InvalidArgumentError("an embedded Kafka needs at least one broker and one partition");
  }
  auto handles = std::make_unique<Handles>();
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // The handle only hosts the cluster and connects to nothing: its notice
  // that no bootstrap servers are set is not for the operator.
  if (rd_kafka_conf_set(conf, "log_level", "4", error, sizeof error) != RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    return absl::InternalError(std::string("embedded Kafka: ") + error);
  }
  handles->client = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);  // takes conf
  if (!handles->client) return absl::InternalError(std::string("embedded Kafka: ") + error);
  handles->cluster = rd_kafka_mock_cluster_new(handles->client, options.brokers);
  if (!handles->cluster) return absl::InternalError("embedded Kafka: cannot start the mock cluster");
  const Topics& t = options.topics;
  std::vector<std::pair<std::string, int>> topics = {
      {t.events, options.partitions}, {t.control, 1},          {t.control_results, 1},
      {t.alerts, options.partitions}, {t.dead_letter, options.partitions},
  };
  for (const std::string& group : options.groups) {
    for (const std::string& internal :
         {ChangelogTopic(t, group), RepartitionTopic(t, group), RepartitionChangelogTopic(t, group)}) {
      topics.emplace_back(internal, options.partitions);
    }
  }
  const int replication = options.brokers < 3 ? options.brokers : 3;
  for (const auto& [name, partitions] : topics) {
    const rd_kafka_resp_err_t made =
        rd_kafka_mock_topic_create(handles->cluster, name.c_str(), partitions, replication);
    if (made != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return absl::InternalError("embedded Kafka: cannot make topic " + name + ": " + rd_kafka_err2str(made));
    }
  }
  std::unique_ptr<EmbeddedKafka> kafka(new EmbeddedKafka(std::move(handles)));
  kafka->brokers_ = options.brokers;
  return kafka;
}

void EmbeddedKafka::SetBrokersUp(bool up) {
  for (int32_t id = 1; id <= brokers_; ++id) {  // the mock numbers its brokers from 1
    up ? rd_kafka_mock_broker_set_up(handles_->cluster, id) : rd_kafka_mock_broker_set_down(handles_->cluster, id);
  }
}

}  // namespace alert::daemon
