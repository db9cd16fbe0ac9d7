#pragma once

// librdkafka configuration from properties (-X KEY=VALUE, the [kafka]
// table), checked by librdkafka itself: an unknown property or a bad value
// is an error naming it.

#include <map>
#include <string>

#include <absl/status/statusor.h>

typedef struct rd_kafka_conf_s rd_kafka_conf_t;

namespace alert::daemon {

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const;
};
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;

// The operator's properties first, then `fixed` (what the daemon's
// guarantees need, which the operator cannot change). The client's log
// lines go to the process's log (spdlog), at their level.
absl::StatusOr<ConfPtr> MakeConf(const std::map<std::string, std::string>& properties,
                                 const std::map<std::string, std::string>& fixed = {});

}  // namespace alert::daemon
