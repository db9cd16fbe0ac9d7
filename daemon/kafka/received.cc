#include "daemon/kafka/received.h"

namespace alert::daemon {

absl::StatusOr<std::optional<Message>> Receive(rd_kafka_message_t* m, const std::string& topic,
                                               rd_kafka_message_t** held, uint64_t* transient_errors) {
  if (*held) {
    rd_kafka_message_destroy(*held);
    *held = nullptr;
  }
  if (!m) return std::nullopt;
  if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
    Message end{m->partition, m->offset, {}, {}, -1, true, false};
    rd_kafka_message_destroy(m);
    return end;
  }
  if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    const bool fatal = m->err == RD_KAFKA_RESP_ERR__FATAL || m->err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC ||
                       m->err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED;
    const std::string message = rd_kafka_message_errstr(m);
    rd_kafka_message_destroy(m);
    if (fatal) return absl::UnavailableError("Kafka consumer of " + topic + ": " + message);
    ++*transient_errors;
    return std::nullopt;
  }
  *held = m;
  rd_kafka_timestamp_type_t type;
  const int64_t timestamp = rd_kafka_message_timestamp(m, &type);
  return Message{m->partition, m->offset,
                 std::string_view(static_cast<const char*>(m->key), m->key ? m->key_len : 0),
                 std::string_view(static_cast<const char*>(m->payload), m->payload ? m->len : 0), timestamp};
}

}  // namespace alert::daemon
