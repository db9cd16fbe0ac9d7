#include "daemon/http/metrics_page.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "daemon/http/metrics_text.h"
#include "daemon/http/process_metrics.h"

#ifndef ALERTJIT_VERSION
#define ALERTJIT_VERSION "unknown"
#endif

namespace alert::daemon {
namespace {

double Seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

void AppendRuleMetrics(const DaemonStatus& status, MetricsText* m) {
  struct PerRule {
    std::string_view name, type, help;
    double (*value)(const RuleStatus&);
  };
  static constexpr PerRule kPerRule[] = {
      {"alertd_rule_matches_total", "counter", "Events that matched the rule's when (late ones excluded).",
       [](const RuleStatus& r) { return static_cast<double>(r.counters.matched); }},
      {"alertd_rule_alerts_fired_total", "counter", "Alerts the rule fired.",
       [](const RuleStatus& r) { return static_cast<double>(r.counters.fired); }},
      {"alertd_rule_alerts_resolved_total", "counter", "Alerts of the rule that resolved.",
       [](const RuleStatus& r) { return static_cast<double>(r.counters.resolved); }},
      {"alertd_rule_version", "gauge", "The running version of the rule.",
       [](const RuleStatus& r) { return static_cast<double>(r.version); }},
      {"alertd_rule_paused", "gauge", "1 while the rule is paused.",
       [](const RuleStatus& r) { return r.paused ? 1.0 : 0.0; }},
      {"alertd_rule_native", "gauge", "1 once the rule's when runs as native code (0: the interpreter, until compiled).",
       [](const RuleStatus& r) { return r.native ? 1.0 : 0.0; }},
      {"alertd_rule_compile_seconds", "gauge",
       "Seconds spent on the running version: checking, optimizing, and its share of its native compile.",
       [](const RuleStatus& r) { return r.compile_seconds; }},
  };
  for (const PerRule& metric : kPerRule) {
    m->Family(metric.name, metric.type, metric.help);
    for (const RuleStatus& r : status.rules) {
      m->Sample(metric.name, metric.value(r), {{"tenant", r.tenant.value_or("")}, {"rule", r.id}});
    }
  }
}

void AppendPartitionMetrics(const DaemonStatus& status, std::chrono::system_clock::time_point now, MetricsText* m) {
  m->Family("alertd_consumer_lag", "gauge",
            "Messages of the partition after the last checkpoint written: its end as last fetched minus the "
            "checkpointed offset.");
  for (const PartitionStatus& p : status.partitions) {
    if (p.high_watermark < 0) continue;
    const int64_t from = p.checkpointed < 0 ? 0 : p.checkpointed;
    const std::string partition = std::to_string(p.partition);
    m->Sample("alertd_consumer_lag", static_cast<double>(std::max<int64_t>(0, p.high_watermark - from)),
              {{"topic", p.topic}, {"partition", partition}});
  }
  m->Family("alertd_partition_events_total", "counter",
            "Events of the partition its state includes, counted once over every daemon that held it (the "
            "count moves with the state).");
  for (const PartitionStatus& p : status.partitions) {
    m->Sample("alertd_partition_events_total", static_cast<double>(p.events),
              {{"topic", p.topic}, {"partition", std::to_string(p.partition)}});
  }
  m->Gauge("alertd_assigned_partitions", "Partitions of the events topic this daemon holds.",
           static_cast<double>(std::count_if(status.partitions.begin(), status.partitions.end(),
                                             [](const PartitionStatus& p) { return !p.routed; })));
  m->Counter("alertd_restores_total", "Partitions restored from their changelog (with records to apply).",
             static_cast<double>(status.restores));
  m->Counter("alertd_restored_records_total", "Changelog records applied by restores.",
             static_cast<double>(status.restored_records));
  m->Counter("alertd_restore_seconds_total", "Seconds spent restoring partitions from their changelog.",
             status.restore_seconds);
  m->Counter("alertd_changelog_gaps_total",
             "Restores that found the changelog's first record past the store's position: records deleted "
             "before they were read (the restored state may lack keys).",
             static_cast<double>(status.changelog_gaps));
  if (status.last_checkpoint) {
    m->Gauge("alertd_last_checkpoint_age_seconds", "Seconds since the last checkpoint was written.",
             std::chrono::duration<double>(now - *status.last_checkpoint).count());
    m->Gauge("alertd_last_checkpoint_timestamp_seconds", "When the last checkpoint was written, since the epoch.",
             Seconds(*status.last_checkpoint));
  }
}

void AppendLatency(const LatencyHistogram& h, MetricsText* m) {
  constexpr std::string_view kName = "alertd_alert_latency_seconds";
  m->Family(kName, "histogram", "From an event's Kafka timestamp to the sending of an alert it decided.");
  uint64_t cumulative = 0;
  for (size_t i = 0; i < h.buckets.size(); ++i) {
    cumulative += h.buckets[i];
    const std::string le = MetricNumber(LatencyHistogram::kBounds[i]);
    m->Sample("alertd_alert_latency_seconds_bucket", static_cast<double>(cumulative), {{"le", le}});
  }
  m->Sample("alertd_alert_latency_seconds_bucket", static_cast<double>(h.count), {{"le", "+Inf"}});
  m->Sample("alertd_alert_latency_seconds_sum", h.sum);
  m->Sample("alertd_alert_latency_seconds_count", static_cast<double>(h.count));
}

}  // namespace

std::string MetricsPage(const DaemonStatus& status, const HttpCounts& http, std::chrono::system_clock::time_point now) {
  MetricsText m;
  m.Family("alertd_build_info", "gauge", "alertd's version, as a label; the value is 1.");
  m.Sample("alertd_build_info", 1, {{"version", ALERTJIT_VERSION}});
  m.Gauge("alertd_up", "1 once the daemon consumes its assigned partitions (as /readyz).", status.consuming ? 1 : 0);

  const engine::EngineStats& e = status.engine;
  m.Counter("alertd_events_total", "Messages of the events topic taken, dead letters included.",
            static_cast<double>(status.events));
  m.Counter("alertd_events_matched_total", "(event, rule) pairs whose when held, late ones excluded.",
            static_cast<double>(e.matched));
  m.Counter("alertd_events_late_total", "(event, rule) pairs that matched and were dropped as late.",
            static_cast<double>(e.late_events));
  m.Counter("alertd_events_duplicate_total", "(event, rule) pairs dropped by dedupe by.",
            static_cast<double>(e.duplicates));
  m.Counter("alertd_events_untimed_total", "Events without a time at the time path.",
            static_cast<double>(e.untimed_events));
  m.Family("alertd_events_malformed_total", "counter", "Events that could not be used, by reason.");
  const engine::BadEvents& bad = status.dead_letters;
  m.Sample("alertd_events_malformed_total", static_cast<double>(bad.invalid_json), {{"reason", "invalid_json"}});
  m.Sample("alertd_events_malformed_total", static_cast<double>(bad.oversized), {{"reason", "oversized"}});
  m.Sample("alertd_events_malformed_total", static_cast<double>(bad.too_deep), {{"reason", "too_deep"}});
  m.Counter("alertd_dead_letters_total", "Events sent to the dead-letter topic.", static_cast<double>(bad.malformed));
  m.Counter("alertd_alerts_fired_total", "Alerts fired.", static_cast<double>(e.alerts_fired));
  m.Counter("alertd_alerts_resolved_total", "Alerts resolved.", static_cast<double>(e.alerts_resolved));
  m.Counter("alertd_notifications_total", "Notifications sent to the alerts topic.",
            static_cast<double>(status.notifications));
  m.Gauge("alertd_open_windows", "Windows open now.", static_cast<double>(e.open_windows));
  m.Gauge("alertd_keys", "Group keys with state now.", static_cast<double>(e.keys));
  m.Gauge("alertd_state_bytes", "Estimated bytes of rule state in memory.", static_cast<double>(e.state_bytes));
  m.Gauge("alertd_rules", "Rules in the rule set.", static_cast<double>(status.rules.size()));

  m.Family("alertd_control_changes_total", "counter", "Control messages answered, by the answer's status.");
  for (const char* s : {"active", "rejected", "deleted", "paused"}) {
    const auto it = status.control_answers.find(s);
    m.Sample("alertd_control_changes_total", static_cast<double>(it == status.control_answers.end() ? 0 : it->second),
             {{"status", s}});
  }
  m.Counter("alertd_checkpoints_total", "Checkpoints handed to the store.", static_cast<double>(status.checkpoints));
  m.Counter("alertd_checkpoint_failures_total", "Checkpoints that could not be written.",
            static_cast<double>(status.checkpoint_failures));
  m.Gauge("alertd_checkpoint_duration_seconds", "The last checkpoint written: from taking it until written.",
          status.checkpoint_seconds);
  m.Gauge("alertd_checkpoint_bytes", "The last checkpoint written: bytes of its batch.",
          static_cast<double>(status.checkpoint_bytes));
  AppendPartitionMetrics(status, now, &m);
  AppendLatency(status.latency, &m);
  AppendRuleMetrics(status, &m);

  m.Family("alertd_http_responses_total", "counter", "HTTP responses, by status code.");
  for (const auto& [code, n] : http.responses) {
    m.Sample("alertd_http_responses_total", static_cast<double>(n), {{"code", std::to_string(code)}});
  }
  m.Counter("alertd_http_unauthorized_total", "API requests refused: a missing or unknown token, or another tenant's.",
            static_cast<double>(http.unauthorized));
  m.Gauge("alertd_status_age_seconds", "Seconds since the snapshot these figures come from was taken.",
          std::chrono::duration<double>(now - status.taken).count());
  AppendProcessMetrics(&m);
  return m.text();
}

}  // namespace alert::daemon
