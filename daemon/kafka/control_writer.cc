#include "daemon/kafka/control_writer.h"

#include <librdkafka/rdkafka.h>

#include "daemon/kafka/client_config.h"

namespace alert::daemon {
namespace {

// One write's outcome, filled by the delivery callback.
struct Delivery {
  bool done = false;
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  int64_t offset = -1;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ControlWriter>> ControlWriter::Create(
    const std::map<std::string, std::string>& properties, const std::string& topic) {
  auto conf = MakeConf(properties, {{"enable.idempotence", "true"},
                                         {"linger.ms", "0"},
                                         {"message.timeout.ms", std::to_string(kTimeout.count())}});
  if (!conf.ok()) return conf.status();
  rd_kafka_conf_set_dr_msg_cb(conf->get(), [](rd_kafka_t*, const rd_kafka_message_t* m, void*) {
    auto* delivery = static_cast<Delivery*>(m->_private);
    delivery->err = m->err;
    delivery->offset = m->offset;
    delivery->done = true;
  });
  std::unique_ptr<ControlWriter> writer(new ControlWriter());
  char error[512];
  writer->handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf->get(), error, sizeof error);
  if (!writer->handle_) return absl::InvalidArgumentError(std::string("Kafka producer: ") + error);
  conf.value().release();  // rd_kafka_new took it
  writer->topic_ = topic;
  return writer;
}

ControlWriter::~ControlWriter() {
  if (!handle_) return;
  rd_kafka_flush(handle_, 2'000);
  rd_kafka_destroy(handle_);
}

absl::StatusOr<int64_t> ControlWriter::Write(std::string_view key, std::string_view value) {
  std::lock_guard<std::mutex> lock(mutex_);
  Delivery delivery;
  const rd_kafka_resp_err_t err = rd_kafka_producev(
      handle_, RD_KAFKA_V_TOPIC(topic_.c_str()), RD_KAFKA_V_PARTITION(0), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
      RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
      RD_KAFKA_V_OPAQUE(&delivery), RD_KAFKA_V_END);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError("cannot write to " + topic_ + ": " + rd_kafka_err2str(err));
  }
  // The message points at `delivery` until its callback: the message
  // timeout bounds the wait.
  while (!delivery.done) rd_kafka_poll(handle_, 10);
  if (delivery.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError("writing to " + topic_ + " failed: " + rd_kafka_err2str(delivery.err));
  }
  return delivery.offset;
}

}  // namespace alert::daemon
