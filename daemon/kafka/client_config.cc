#include "daemon/kafka/client_config.h"

#include <librdkafka/rdkafka.h>

namespace alert::daemon {

void ConfDeleter::operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }

absl::StatusOr<ConfPtr> MakeConf(const std::map<std::string, std::string>& properties,
                                 const std::map<std::string, std::string>& fixed) {
  ConfPtr conf(rd_kafka_conf_new());
  char error[512];
  for (const auto* set : {&properties, &fixed}) {
    for (const auto& [name, value] : *set) {
      if (rd_kafka_conf_set(conf.get(), name.c_str(), value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
        return absl::InvalidArgumentError("Kafka property " + name + ": " + error);
      }
    }
  }
  return conf;
}

}  // namespace alert::daemon
