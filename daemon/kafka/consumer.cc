#include "daemon/kafka/consumer.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>

#include "daemon/kafka/client_config.h"
#include "daemon/kafka/received.h"

namespace alert::daemon {

absl::StatusOr<std::unique_ptr<GroupConsumer>> GroupConsumer::Create(
    const std::map<std::string, std::string>& properties, const std::string& group_id,
    const std::vector<std::string>& topics, PartitionListener* listener) {
  // Positions come from the store (the listener), so Kafka's are committed
  // by hand and never read back; eager assignment, so that a revocation is
  // whole and the listener checkpoints it at once.
  // Unless the operator sets them: an event's alert should not wait on a
  // fetch, so librdkafka's 500 ms fetch wait becomes 10 ms; and a fetch
  // response, one buffer as big as the response, is at most 4 MiB instead
  // of 50: from 8 MiB on the allocator hands such a buffer back to the
  // kernel when it is freed, and every response page-faulted fresh memory
  // (bench/RESULTS.md, run 10).
  std::map<std::string, std::string> with_defaults = {{"fetch.wait.max.ms", "10"}, {"fetch.max.bytes", "4194304"}};
  for (const auto& [name, value] : properties) with_defaults[name] = value;
  auto conf = MakeConf(with_defaults, {{"group.id", group_id},
                                    {"enable.auto.commit", "false"},
                                    {"enable.auto.offset.store", "false"},
                                    {"auto.offset.reset", "earliest"},
                                    {"enable.partition.eof", "true"},
                                    {"partition.assignment.strategy", "range,roundrobin"}});
  if (!conf.ok()) return conf.status();
  std::unique_ptr<GroupConsumer> consumer(new GroupConsumer());
  consumer->topics_ = topics;
  for (const std::string& topic : topics) consumer->topic_names_ += (consumer->topic_names_.empty() ? "" : ", ") + topic;
  consumer->listener_ = listener;
  rd_kafka_conf_set_opaque(conf->get(), consumer.get());
  rd_kafka_conf_set_rebalance_cb(conf->get(), [](rd_kafka_t*, rd_kafka_resp_err_t err,
                                                 rd_kafka_topic_partition_list_t* partitions, void* opaque) {
    static_cast<GroupConsumer*>(opaque)->Rebalance(err, partitions);
  });
  char error[512];
  consumer->handle_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf->get(), error, sizeof error);
  if (!consumer->handle_) return absl::InvalidArgumentError(std::string("Kafka consumer: ") + error);
  conf.value().release();  // rd_kafka_new took it
  rd_kafka_poll_set_consumer(consumer->handle_);
  rd_kafka_topic_partition_list_t* subscription = rd_kafka_topic_partition_list_new(static_cast<int>(topics.size()));
  for (const std::string& topic : topics) {
    rd_kafka_topic_partition_list_add(subscription, topic.c_str(), RD_KAFKA_PARTITION_UA);
  }
  const rd_kafka_resp_err_t subscribed = rd_kafka_subscribe(consumer->handle_, subscription);
  rd_kafka_topic_partition_list_destroy(subscription);
  if (subscribed != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InvalidArgumentError("cannot subscribe to " + consumer->topic_names_ + ": " +
                                      rd_kafka_err2str(subscribed));
  }
  return consumer;
}

GroupConsumer::~GroupConsumer() {
  if (!handle_) return;
  Close();
  rd_kafka_destroy(handle_);
}

void GroupConsumer::Rebalance(int err, void* list) {
  auto* partitions = static_cast<rd_kafka_topic_partition_list_t*>(list);
  std::vector<int32_t> ids;
  for (int i = 0; i < partitions->cnt; ++i) {
    const rd_kafka_topic_partition_t& elem = partitions->elems[i];
    const auto topic = std::find(topics_.begin(), topics_.end(), elem.topic);
    ids.push_back(static_cast<int32_t>(topic - topics_.begin()) * kTopicStride + elem.partition);
  }
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    const std::vector<int64_t> starts = listener_->Assigned(ids);
    for (int i = 0; i < partitions->cnt; ++i) {
      partitions->elems[i].offset = static_cast<size_t>(i) < starts.size() ? starts[i] : kFromBeginning;
    }
    rd_kafka_assign(handle_, partitions);
    return;
  }
  listener_->Revoked(ids);
  rd_kafka_assign(handle_, nullptr);
}

absl::StatusOr<std::optional<Message>> GroupConsumer::Poll(std::chrono::milliseconds timeout) {
  if (held_) {  // freed before the poll: the client may reuse its buffer
    rd_kafka_message_destroy(held_);
    held_ = nullptr;
  }
  return Receive(rd_kafka_consumer_poll(handle_, static_cast<int>(timeout.count())), topic_names_, &held_,
                 &transient_errors_, &topics_);
}

std::pair<const std::string*, int32_t> GroupConsumer::Place(int32_t partition) const {
  const size_t topic = std::min(static_cast<size_t>(partition / kTopicStride), topics_.size() - 1);
  return {&topics_[topic], partition % kTopicStride};
}

void GroupConsumer::Commit(int32_t partition, int64_t next_offset) {
  const auto [topic, number] = Place(partition);
  rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(offsets, topic->c_str(), number)->offset = next_offset;
  rd_kafka_commit(handle_, offsets, /*async=*/1);
  rd_kafka_topic_partition_list_destroy(offsets);
}

void GroupConsumer::Close() {
  if (closed_) return;
  closed_ = true;
  if (held_) {
    rd_kafka_message_destroy(held_);
    held_ = nullptr;
  }
  rd_kafka_consumer_close(handle_);  // runs the revocation through Rebalance
}

absl::StatusOr<std::pair<int64_t, int64_t>> GroupConsumer::QueryWatermarks(const std::string& topic, int32_t partition,
                                                                           std::chrono::milliseconds timeout) const {
  int64_t low = -1, high = -1;
  const rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(handle_, topic.c_str(), partition, &low, &high,
                                                                   static_cast<int>(timeout.count()));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError("cannot ask for the ends of " + topic + " partition " + std::to_string(partition) +
                                  ": " + rd_kafka_err2str(err));
  }
  return std::make_pair(low, high);
}

int64_t GroupConsumer::HighWatermark(int32_t partition) const {
  const auto [topic, number] = Place(partition);
  int64_t low = -1, high = -1;
  if (rd_kafka_get_watermark_offsets(handle_, topic->c_str(), number, &low, &high) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return -1;
  }
  return high >= 0 ? high : -1;
}

}  // namespace alert::daemon
