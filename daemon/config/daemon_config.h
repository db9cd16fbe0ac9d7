#pragma once

// alertd's configuration: every setting with its default, taken from a TOML
// file (--config), then from flags (-X for librdkafka, --set KEY=VALUE for
// the rest), later ones winning. A TOML value goes through the same
// checks as --set, so that a setting is validated in one place.
//
//   group_id = "alertd"             # top-level keys: the daemon's and the engine's
//   data_dir = "alertd-data"
//   tenant_path = "$.customerId"
//   [topics]                         # topics.events, topics.alerts, ...
//   events = "events"
//   [kafka]                          # any librdkafka property, as -X
//   "bootstrap.servers" = "broker:9092"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/status.h>

#include "daemon/kafka/topics.h"
#include "engine/run/settings.h"

namespace alert::daemon {

// A bearer token of the HTTP API: a tenant's reaches that tenant's rules
// and alerts only; an admin's (no tenant) reaches everything.
struct ApiToken {
  std::string name;  // in the audit log, never the token itself
  std::string token;
  std::optional<std::string> tenant;
};

struct DaemonConfig {
  // librdkafka properties of every client the daemon makes (bootstrap.servers
  // among them): -X KEY=VALUE, or the [kafka] table. Default: none.
  std::map<std::string, std::string> kafka;
  // The consumer group of the events topic. Default: "alertd".
  std::string group_id = "alertd";
  Topics topics;
  // The RocksDB store: rules, state, history and offsets. Default: "alertd-data".
  std::string data_dir = "alertd-data";
  // Rules installed as version 1 on the first start (--rules). Default: none.
  std::string rules_file;
  // A partition's checkpoint is written after this many milliseconds or
  // events, whichever comes first: 1 ms to 1 day, 1 to 100,000,000.
  // Defaults: 1,000 ms, 10,000 events.
  uint64_t checkpoint_interval_ms = 1000;
  uint64_t checkpoint_events = 10000;
  // Workers the assigned partitions are spread over: 0 (one per core) to 256.
  // Default: 0.
  uint64_t threads = 0;
  // HTTP (metrics, health, the API, the playground): HOST:PORT, port 0 for
  // any free one, or "off". Default: 127.0.0.1:9464.
  std::string http = "127.0.0.1:9464";
  // The API's tokens: `tokens = [{name = "...", token = "...", tenant = "..."}]`
  // in the config file, or the same in the TOML file `tokens_file`. With
  // none, the API serves on 127.0.0.1 only. Default: none.
  std::vector<ApiToken> tokens;
  // How long an API change waits for the daemon's answer: 1 ms to 1 minute.
  // Default: 10,000 ms.
  uint64_t http_wait_ms = 10000;
  // The engine's settings, as `alertc run --set` takes them (tenant_path,
  // time_path, event_id_path, event limits, history retention, ...).
  engine::RunSettings engine;
};

// Applies one KEY=VALUE: a daemon key (group_id, data_dir, rules,
// checkpoint_interval_ms, checkpoint_events, threads, http, http_wait_ms,
// tokens_file: read at once), topics.ROLE, or an engine key. InvalidArgument naming the key and what it takes; `config`
// is then unchanged.
absl::Status ApplyDaemonSetting(std::string_view pair, DaemonConfig* config);
// -X KEY=VALUE: a librdkafka property (checked when a client is made).
absl::Status ApplyKafkaProperty(std::string_view pair, DaemonConfig* config);
// Applies a TOML file: its top-level keys, `tokens`, and the [topics] and
// [kafka] tables. Errors name the file and line.
absl::Status ApplyConfigFile(const std::string& path, DaemonConfig* config);

}  // namespace alert::daemon
