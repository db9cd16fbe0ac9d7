#include "daemon/kafka/client_config.h"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

namespace alert::daemon {
namespace {

// librdkafka's log lines (syslog levels) in the daemon's log.
void Log(const rd_kafka_t* handle, int level, const char* facility, const char* line) {
  const spdlog::level::level_enum to = level <= 3 ? spdlog::level::err
                                       : level == 4 ? spdlog::level::warn
                                       : level <= 6 ? spdlog::level::info
                                                    : spdlog::level::debug;
  spdlog::log(to, "{} {}: {}", rd_kafka_name(handle), facility, line);
}

}  // namespace

void ConfDeleter::operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }

absl::StatusOr<ConfPtr> MakeConf(const std::map<std::string, std::string>& properties,
                                 const std::map<std::string, std::string>& fixed) {
  ConfPtr conf(rd_kafka_conf_new());
  rd_kafka_conf_set_log_cb(conf.get(), Log);
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
