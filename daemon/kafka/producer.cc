#include "daemon/kafka/producer.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>

#include "daemon/kafka/client_config.h"

namespace alert::daemon {

void Producer::OnDelivery(rd_kafka_t*, const void* message, void* opaque) {
  auto* self = static_cast<Producer*>(opaque);
  const auto* m = static_cast<const rd_kafka_message_t*>(message);
  if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    self->delivered_.fetch_add(1, std::memory_order_relaxed);
    if (!self->tracked_.empty() && m->offset >= 0) {
      const std::string_view name = rd_kafka_topic_name(m->rkt);
      const auto tracked = std::find(self->tracked_.begin(), self->tracked_.end(), name);
      if (tracked != self->tracked_.end()) {
        std::lock_guard<std::mutex> lock(self->mutex_);
        int64_t& end = self->ends_[{static_cast<size_t>(tracked - self->tracked_.begin()), m->partition}];
        end = std::max(end, m->offset + 1);
      }
    }
  } else {
    std::lock_guard<std::mutex> lock(self->mutex_);
    if (self->failure_.empty()) {
      self->failure_ = std::string("delivery to ") + rd_kafka_topic_name(m->rkt) + " failed: " + rd_kafka_err2str(m->err);
    }
  }
  self->Acknowledge(reinterpret_cast<uintptr_t>(m->_private));
}

void Producer::Acknowledge(uint64_t number) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (number != acknowledged_ + 1) {
    out_of_order_.insert(number);
    return;
  }
  ++acknowledged_;
  while (!out_of_order_.empty() && *out_of_order_.begin() == acknowledged_ + 1) {
    out_of_order_.erase(out_of_order_.begin());
    ++acknowledged_;
  }
}

void Producer::TrackOffsets(const std::string& topic) { tracked_.push_back(topic); }

absl::StatusOr<int> Producer::Prepare(const std::string& topic, std::chrono::milliseconds timeout) {
  rd_kafka_topic_t* handle = rd_kafka_topic_new(handle_, topic.c_str(), nullptr);
  if (!handle) return absl::InvalidArgumentError("bad topic name " + topic);
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t err = rd_kafka_metadata(handle_, 0, handle, &metadata, static_cast<int>(timeout.count()));
  rd_kafka_topic_destroy(handle);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError("cannot ask the broker for topic " + topic + ": " + rd_kafka_err2str(err));
  }
  absl::StatusOr<int> partitions = absl::NotFoundError("topic " + topic + " does not exist");
  if (metadata->topic_cnt == 1 && metadata->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    partitions = metadata->topics[0].partition_cnt;
  }
  rd_kafka_metadata_destroy(metadata);
  return partitions;
}

int64_t Producer::AcknowledgedEnd(const std::string& topic, int32_t partition) const {
  const auto tracked = std::find(tracked_.begin(), tracked_.end(), topic);
  if (tracked == tracked_.end()) return -1;
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = ends_.find({static_cast<size_t>(tracked - tracked_.begin()), partition});
  return it == ends_.end() ? -1 : it->second;
}

uint64_t Producer::acknowledged() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return acknowledged_;
}

void Producer::Serve() { rd_kafka_poll(handle_, 0); }

absl::Status Producer::TakeFailure() {
  std::string failure;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    failure.swap(failure_);
  }
  return failure.empty() ? absl::OkStatus() : absl::UnavailableError(failure);
}

absl::StatusOr<std::unique_ptr<Producer>> Producer::Create(const std::map<std::string, std::string>& properties) {
  // Idempotence: retries are written once and in order.
  auto conf = MakeConf(properties, {{"enable.idempotence", "true"}});
  if (!conf.ok()) return conf.status();
  std::unique_ptr<Producer> producer(new Producer());
  rd_kafka_conf_set_opaque(conf->get(), producer.get());
  rd_kafka_conf_set_dr_msg_cb(conf->get(), [](rd_kafka_t* rk, const rd_kafka_message_t* m, void* opaque) {
    OnDelivery(rk, m, opaque);
  });
  char error[512];
  producer->handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf->get(), error, sizeof error);
  if (!producer->handle_) return absl::InvalidArgumentError(std::string("Kafka producer: ") + error);
  conf.value().release();  // rd_kafka_new took it
  return producer;
}

Producer::~Producer() {
  if (!handle_) return;
  rd_kafka_flush(handle_, 10'000);
  rd_kafka_destroy(handle_);
}

absl::Status Producer::Produce(const std::string& topic, int32_t partition, std::string_view key,
                               std::string_view value, const std::vector<Header>& headers, int64_t timestamp_ms) {
  // Numbered once, before the first try: a retry after a full queue keeps it.
  const uint64_t number = produced_.fetch_add(1, std::memory_order_acq_rel) + 1;
  for (;;) {
    rd_kafka_headers_t* hdrs = nullptr;
    if (!headers.empty()) {
      hdrs = rd_kafka_headers_new(headers.size());
      for (const Header& h : headers) {
        rd_kafka_header_add(hdrs, h.name.data(), static_cast<ssize_t>(h.name.size()), h.value.data(),
                            static_cast<ssize_t>(h.value.size()));
      }
    }
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        handle_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key.data(), key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
        RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_TIMESTAMP(timestamp_ms), RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<uintptr_t>(number))),
        RD_KAFKA_V_END);  // no headers: null
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {  // the message owns the headers now
      rd_kafka_poll(handle_, 0);
      return absl::OkStatus();
    }
    if (hdrs) rd_kafka_headers_destroy(hdrs);
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      Acknowledge(number);  // never queued: the caller has the failure, the numbers after it may still pass
      return absl::UnavailableError("cannot produce to " + topic + ": " + rd_kafka_err2str(err));
    }
    rd_kafka_poll(handle_, 100);  // back-pressure: wait for deliveries to make room
  }
}

absl::Status Producer::Flush(std::chrono::milliseconds timeout) {
  const rd_kafka_resp_err_t err = rd_kafka_flush(handle_, static_cast<int>(timeout.count()));
  if (absl::Status failed = TakeFailure(); !failed.ok()) return failed;
  if (err == RD_KAFKA_RESP_ERR__TIMED_OUT) {
    return absl::DeadlineExceededError("Kafka producer: messages still unacknowledged after the flush timeout");
  }
  return absl::OkStatus();
}

}  // namespace alert::daemon
