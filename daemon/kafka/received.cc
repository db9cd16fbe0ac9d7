#include "daemon/kafka/received.h"

namespace alert::daemon {

namespace {

int32_t Numbered(const rd_kafka_message_t* m, const std::vector<std::string>* numbered) {
  if (!numbered || !m->rkt) return m->partition;
  const std::string_view name = rd_kafka_topic_name(m->rkt);
  for (size_t i = 1; i < numbered->size(); ++i) {
    if ((*numbered)[i] == name) return static_cast<int32_t>(i) * kTopicStride + m->partition;
  }
  return m->partition;
}

}  // namespace

absl::StatusOr<std::optional<Message>> Receive(rd_kafka_message_t* m, const std::string& topic,
                                               rd_kafka_message_t** held, uint64_t* transient_errors,
                                               const std::vector<std::string>* numbered) {
  if (*held) {
    rd_kafka_message_destroy(*held);
    *held = nullptr;
  }
  if (!m) return std::nullopt;
  if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
    Message end;
    end.partition = Numbered(m, numbered);
    end.offset = m->offset;
    end.end_of_partition = true;
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
  Message message;
  message.partition = Numbered(m, numbered);
  message.offset = m->offset;
  message.key = std::string_view(static_cast<const char*>(m->key), m->key ? m->key_len : 0);
  message.value = std::string_view(static_cast<const char*>(m->payload), m->payload ? m->len : 0);
  message.timestamp_ms = timestamp;
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR && headers) {
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
      message.headers.push_back({name, std::string_view(static_cast<const char*>(value), value ? size : 0)});
    }
  }
  return message;
}

std::optional<std::string_view> Message::Header(std::string_view name) const {
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
    if (it->name == name) return it->value;
  }
  return std::nullopt;
}

}  // namespace alert::daemon
