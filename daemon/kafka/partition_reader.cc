#include "daemon/kafka/partition_reader.h"

#include <librdkafka/rdkafka.h>

#include "daemon/kafka/client_config.h"
#include "daemon/kafka/received.h"

namespace alert::daemon {

absl::StatusOr<std::unique_ptr<PartitionReader>> PartitionReader::Create(
    const std::map<std::string, std::string>& properties, const std::string& topic, int32_t partition,
    int64_t start) {
  // Assigned, never subscribed: the group id only names the client, it
  // joins no group and commits nothing.
  auto conf = MakeConf(properties, {{"group.id", "alertd-reader"},
                                    {"enable.auto.commit", "false"},
                                    {"enable.auto.offset.store", "false"},
                                    {"auto.offset.reset", "earliest"}});
  if (!conf.ok()) return conf.status();
  std::unique_ptr<PartitionReader> reader(new PartitionReader());
  reader->topic_ = topic;
  char error[512];
  reader->handle_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf->get(), error, sizeof error);
  if (!reader->handle_) return absl::InvalidArgumentError(std::string("Kafka consumer: ") + error);
  conf.value().release();  // rd_kafka_new took it
  rd_kafka_poll_set_consumer(reader->handle_);
  rd_kafka_topic_partition_list_t* assignment = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(assignment, topic.c_str(), partition)->offset = start;
  const rd_kafka_resp_err_t assigned = rd_kafka_assign(reader->handle_, assignment);
  rd_kafka_topic_partition_list_destroy(assignment);
  if (assigned != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InvalidArgumentError("cannot read " + topic + ": " + rd_kafka_err2str(assigned));
  }
  return reader;
}

PartitionReader::~PartitionReader() {
  if (!handle_) return;
  if (held_) rd_kafka_message_destroy(held_);
  rd_kafka_assign(handle_, nullptr);
  rd_kafka_consumer_close(handle_);
  rd_kafka_destroy(handle_);
}

absl::StatusOr<std::optional<Message>> PartitionReader::Poll(std::chrono::milliseconds timeout) {
  if (held_) {
    rd_kafka_message_destroy(held_);
    held_ = nullptr;
  }
  return Receive(rd_kafka_consumer_poll(handle_, static_cast<int>(timeout.count())), topic_, &held_,
                 &transient_errors_);
}

}  // namespace alert::daemon
