// alertd: the daemon over Kafka (../shared/spec/DAEMON.md).
//   alertd -X bootstrap.servers=HOST:PORT --data-dir DIR [--rules FILE] [--config FILE] [--set K=V]...
//   alertd --embedded-kafka [...]: the same on an embedded Kafka in this process (the quick start)
//   alertd embedded-kafka: an embedded Kafka alone (librdkafka's mock cluster with the daemon's
//     topics), for trying the daemon and for tests that kill and restart it.

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <spdlog/cfg/env.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "daemon/config/daemon_config.h"
#include "daemon/http/api.h"
#include "daemon/http/http_server.h"
#include "daemon/kafka/control_writer.h"
#include "daemon/kafka/embedded_kafka.h"
#include "daemon/run/daemon.h"
#include "tools/common/out_of_memory.h"

namespace {

struct Flags {
  std::string config_file;
  std::vector<std::string> kafka;     // -X
  std::vector<std::string> settings;  // --set
  std::string data_dir, rules, http;
  bool embedded = false;
};

// The configuration: defaults, then the config file, then -X and --set,
// then --data-dir and --rules.
absl::StatusOr<alert::daemon::DaemonConfig> ReadConfig(const Flags& flags, const std::string& bootstrap) {
  alert::daemon::DaemonConfig config;
  if (!flags.config_file.empty()) {
    if (auto read = alert::daemon::ApplyConfigFile(flags.config_file, &config); !read.ok()) return read;
  }
  for (const std::string& pair : flags.kafka) {
    if (auto applied = alert::daemon::ApplyKafkaProperty(pair, &config); !applied.ok()) return applied;
  }
  for (const std::string& pair : flags.settings) {
    if (auto applied = alert::daemon::ApplyDaemonSetting(pair, &config); !applied.ok()) return applied;
  }
  if (!flags.data_dir.empty()) config.data_dir = flags.data_dir;
  if (!flags.rules.empty()) config.rules_file = flags.rules;
  if (!flags.http.empty()) config.http = flags.http;
  if (!bootstrap.empty()) config.kafka["bootstrap.servers"] = bootstrap;
  if (!config.kafka.contains("bootstrap.servers")) {
    return absl::InvalidArgumentError(
        "no Kafka to connect to: give -X bootstrap.servers=HOST:PORT (or [kafka] in --config), or --embedded-kafka");
  }
  return config;
}

void SetUpLogging() {
  auto logger = spdlog::stderr_logger_mt("alertd");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %n %l: %v");
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  spdlog::cfg::load_env_levels();  // SPDLOG_LEVEL=debug: a line per checkpoint
}

// Signals go to one thread, which tells the daemon's loop: SIGHUP reloads,
// SIGTERM or SIGINT stops it; a second stop signal ends the process at once
// (the store then holds the last checkpoint, as after a crash).
void HandleSignals(alert::daemon::DaemonSignals* signals) {
  sigset_t set;
  sigemptyset(&set);
  for (const int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, s);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([set, signals] {
    for (;;) {
      int signal = 0;
      if (sigwait(&set, &signal) != 0) continue;
      if (signal == SIGHUP) {
        signals->reload = true;
      } else if (signals->stop.exchange(true)) {
        spdlog::warn("second stop signal: exiting now");
        std::_Exit(1);
      }
    }
  }).detach();
}

// What serves HTTP, in the order it must be stopped: the server first.
struct Http {
  std::unique_ptr<alert::daemon::ControlWriter> control;
  std::unique_ptr<alert::daemon::Api> api;
  std::unique_ptr<alert::daemon::HttpServer> server;
  void reset() {
    server.reset();
    api.reset();
    control.reset();
  }
};

// Starts HTTP on the configured address, unless it is "off". Without API
// tokens it listens on 127.0.0.1 only, whatever the address's host.
absl::StatusOr<Http> StartHttp(alert::daemon::Daemon& daemon) {
  const alert::daemon::DaemonConfig& config = daemon.config();
  Http http;
  if (config.http == "off") return http;
  std::string address = config.http;
  if (config.tokens.empty()) {
    const size_t colon = address.rfind(':');
    const std::string host = colon == std::string::npos ? address : address.substr(0, colon);
    if (host != "127.0.0.1" && host != "localhost" && colon != std::string::npos) {
      spdlog::warn("http: no API tokens are configured, so HTTP listens on 127.0.0.1 only, not {}", host);
      address = "127.0.0.1" + address.substr(colon);
    }
  }
  auto control = alert::daemon::ControlWriter::Create(config.kafka, config.topics.control);
  if (!control.ok()) return control.status();
  http.control = std::move(*control);
  http.api = std::make_unique<alert::daemon::Api>(daemon, *http.control);
  auto server = alert::daemon::HttpServer::Start(address, *http.api);
  if (!server.ok()) return absl::Status(server.status().code(), "http: " + std::string(server.status().message()));
  http.server = std::move(*server);
  spdlog::info("http: listening on {} (metrics, health, the rules API, the playground at /){}", http.server->address(),
               config.tokens.empty() ? "; no API tokens are configured: changes need no token, on 127.0.0.1 only"
                                     : fmt::format("; {} API token(s)", config.tokens.size()));
  return http;
}

int RunDaemon(const Flags& flags, alert::daemon::EmbeddedKafkaOptions kafka_options) {
  static alert::daemon::DaemonSignals signals;
  HandleSignals(&signals);
  std::unique_ptr<alert::daemon::EmbeddedKafka> kafka;
  if (flags.embedded) {
    // The cluster's topics are the daemon's: its group's internal topics among them.
    if (auto planned = ReadConfig(flags, "embedded"); planned.ok()) {
      kafka_options.topics = planned->topics;
      kafka_options.groups = {planned->group_id};
    }
    auto started = alert::daemon::EmbeddedKafka::Start(kafka_options);
    if (!started.ok()) {
      spdlog::error("{}", std::string(started.status().message()));
      return 2;
    }
    kafka = std::move(*started);
    std::printf("bootstrap.servers=%s\n", kafka->bootstrap_servers().c_str());
    std::fflush(stdout);
    spdlog::info("embedded Kafka on {}", kafka->bootstrap_servers());
  }
  const std::string bootstrap = kafka ? kafka->bootstrap_servers() : "";
  auto config = ReadConfig(flags, bootstrap);
  if (!config.ok()) {
    spdlog::error("{}", std::string(config.status().message()));
    return 2;
  }
  auto daemon = alert::daemon::Daemon::Open(*config);
  if (!daemon.ok()) {
    spdlog::error("{}", std::string(daemon.status().message()));
    return 2;
  }
  auto http = StartHttp(**daemon);
  if (!http.ok()) {
    spdlog::error("{}", std::string(http.status().message()));
    return 2;
  }
  const absl::Status ran = (*daemon)->Run(signals, [&] { return ReadConfig(flags, bootstrap); });
  http->reset();
  const alert::daemon::DaemonCounts c = (*daemon)->counts();
  spdlog::info("{} events, {} dead letters, {} alerts, {} control messages, {} checkpoints ({} failed)", c.events,
               c.dead_letters.malformed, c.notifications, c.rule_changes, c.checkpoints, c.checkpoint_failures);
  daemon->reset();
  if (!ran.ok()) {
    spdlog::error("{}", std::string(ran.message()));
    return 1;
  }
  return 0;
}

int RunEmbeddedKafka(const alert::daemon::EmbeddedKafkaOptions& options) {
  sigset_t signals;
  sigemptyset(&signals);
  for (const int s : {SIGINT, SIGTERM, SIGUSR1, SIGUSR2}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before the cluster's threads start
  auto kafka = alert::daemon::EmbeddedKafka::Start(options);
  if (!kafka.ok()) {
    std::cerr << "alertd: " << kafka.status().message() << "\n";
    return 2;
  }
  // The first line is for scripts: they read it to find the cluster.
  std::printf("bootstrap.servers=%s\n", (*kafka)->bootstrap_servers().c_str());
  std::fflush(stdout);
  std::cerr << "alertd: embedded Kafka on " << (*kafka)->bootstrap_servers() << ", topics "
            << options.topics.events << " (" << options.partitions << " partitions), " << options.topics.control
            << ", " << options.topics.control_results << ", " << options.topics.alerts << ", "
            << options.topics.dead_letter << ", the changelog and repartition topics of group(s) " << [&] {
                 std::string groups;
                 for (const std::string& g : options.groups) groups += (groups.empty() ? "" : ", ") + g;
                 return groups;
               }() << "; SIGUSR1 takes its broker down, SIGUSR2 brings it up, "
            << "SIGTERM or SIGINT stops it\n";
  for (;;) {
    int signal = 0;
    if (sigwait(&signals, &signal) != 0) continue;
    if (signal == SIGINT || signal == SIGTERM) return 0;
    (*kafka)->SetBrokersUp(signal == SIGUSR2);
    std::cerr << "alertd: embedded Kafka: broker " << (signal == SIGUSR2 ? "up" : "down") << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  alert::tools::InstallOutOfMemoryPolicy("alertd");
  SetUpLogging();
  CLI::App app{"alertd: the alertjit daemon over Kafka"};
  app.footer(
      "Consumes the events topic in a consumer group, decides every rule on each assigned partition, sends\n"
      "alert notifications to the alerts topic and unusable events to dead-letter, and takes rule changes\n"
      "from the control topic (answers on control-results). State, rules and offsets are checkpointed\n"
      "together in the RocksDB store of --data-dir every checkpoint_interval_ms (default 1000) or\n"
      "checkpoint_events of a partition (default 10000). SIGTERM/SIGINT: checkpoint and stop; SIGHUP:\n"
      "read the config and the rules file again. Settings (--set KEY=VALUE, or top-level keys of --config):\n"
      "group_id (alertd), data_dir (alertd-data), rules, checkpoint_interval_ms, checkpoint_events, threads,\n"
      "http (127.0.0.1:9464), http_wait_ms (10000), tokens_file (or tokens = [{name, token, tenant}] in --config),\n"
      "topics.events|control|control_results|alerts|dead_letter, and the engine's settings of `alertc run`.");
  Flags flags;
  app.add_option("-X", flags.kafka, "KEY=VALUE: a librdkafka property (bootstrap.servers=HOST:PORT, ...)");
  app.add_option("--config", flags.config_file, "A TOML file of settings; [kafka] holds librdkafka properties");
  app.add_option("--data-dir", flags.data_dir, "The RocksDB store of rules, state and offsets (default alertd-data)");
  app.add_option("--rules", flags.rules, "A rule file, installed at start and on SIGHUP (changed rules: new versions)");
  app.add_option("--set", flags.settings, "KEY=VALUE: a setting, as in --config");
  app.add_option("--http", flags.http,
                 "HOST:PORT of HTTP: metrics, health, the rules API, the playground (default 127.0.0.1:9464; "
                 "port 0: any free one; off: none)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_flag("--embedded-kafka", flags.embedded,
               "Start an embedded Kafka (librdkafka's mock cluster on 127.0.0.1) in this process and run on it");
  alert::daemon::EmbeddedKafkaOptions kafka_options;
  app.add_option("--partitions", kafka_options.partitions, "With --embedded-kafka: partitions of the events topic")
      ->default_val(kafka_options.partitions)
      ->check(CLI::Range(1, 1024));
  CLI::App* embedded = app.add_subcommand("embedded-kafka", "Run only an embedded Kafka (librdkafka's mock cluster on "
                                                            "127.0.0.1) with the daemon's topics, until SIGTERM or SIGINT; "
                                                            "SIGUSR1 takes its broker down, SIGUSR2 brings it up");
  embedded->add_option("--partitions", kafka_options.partitions,
                       "Partitions of the events, alerts, dead-letter and internal topics")
      ->default_val(kafka_options.partitions)
      ->check(CLI::Range(1, 1024));
  embedded->add_option("--group", kafka_options.groups,
                       "A consumer group of daemons to come, whose internal topics (GROUP-changelog, GROUP-repartition, "
                       "GROUP-repartition-changelog) to make "
                       "(repeatable; default: alertd)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  if (embedded->parsed()) return RunEmbeddedKafka(kafka_options);
  return RunDaemon(flags, kafka_options);
}
