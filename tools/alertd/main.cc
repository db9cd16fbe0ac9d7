// alertd: the daemon over Kafka. `alertd embedded-kafka` runs an embedded
// Kafka alone (librdkafka's mock cluster with the daemon's topics), for
// trying the daemon and for tests that kill and restart it.

#include <signal.h>

#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "daemon/kafka/embedded_kafka.h"
#include "tools/common/out_of_memory.h"

namespace {

// Blocks SIGINT and SIGTERM in this thread and the threads it starts after,
// so that WaitForStop receives them.
sigset_t BlockStopSignals() {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  return stop;
}

int WaitForStop(const sigset_t& stop) {
  int signal = 0;
  sigwait(&stop, &signal);
  return signal;
}

int RunEmbeddedKafka(const alert::daemon::EmbeddedKafkaOptions& options) {
  const sigset_t stop = BlockStopSignals();
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
            << options.topics.dead_letter << "; SIGTERM or SIGINT stops it\n";
  WaitForStop(stop);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  alert::tools::InstallOutOfMemoryPolicy("alertd");
  CLI::App app{"alertd: the alertjit daemon over Kafka"};
  alert::daemon::EmbeddedKafkaOptions kafka_options;
  CLI::App* embedded = app.add_subcommand("embedded-kafka", "Run only an embedded Kafka (librdkafka's mock cluster on "
                                                            "127.0.0.1) with the daemon's topics, until SIGTERM or SIGINT");
  embedded->add_option("--partitions", kafka_options.partitions, "Partitions of the events, alerts and dead-letter topics")
      ->default_val(kafka_options.partitions)
      ->check(CLI::Range(1, 1024));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  if (embedded->parsed()) return RunEmbeddedKafka(kafka_options);
  std::cerr << "alertd: the daemon itself is not built yet; `alertd embedded-kafka` runs the embedded Kafka\n";
  return 2;
}
