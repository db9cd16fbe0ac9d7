// The rules routes of the API: listing, validating and changing rules.

#include <charconv>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "compiler/checked/print.h"
#include "compiler/sema/check.h"
#include "compiler/sema/check_report.h"
#include "daemon/control/control_message.h"
#include "daemon/http/api.h"
#include "engine/state/rule_records.h"
#include "runtime/json/json_string.h"

namespace alert::daemon {
namespace {

std::string TenantJson(const std::optional<std::string>& tenant) { return tenant ? json::Quote(*tenant) : "null"; }

std::string RuleJson(const RuleStatus& r) {
  const engine::RuleCounters& c = r.counters;
  return fmt::format(
      "{{\"tenant\":{},\"rule_id\":{},\"version\":{},\"status\":\"{}\",\"native\":{},\"compile_seconds\":{},"
      "\"counters\":{{\"matched\":{},\"alerts_fired\":{},\"alerts_resolved\":{},\"late\":{},\"duplicates\":{}}},"
      "\"source\":{}}}",
      TenantJson(r.tenant), json::Quote(r.id), r.version, r.paused ? "paused" : "active", r.native, r.compile_seconds,
      c.matched, c.fired, c.resolved, c.late_events, c.duplicates, json::Quote(r.source));
}

const RuleStatus* FindRule(const DaemonStatus& status, const std::optional<std::string>& tenant, const std::string& id) {
  for (const RuleStatus& r : status.rules) {
    if (r.tenant == tenant && r.id == id) return &r;
  }
  return nullptr;
}

const char* ActionName(engine::RuleChange::Op op) {
  switch (op) {
    case engine::RuleChange::Op::kUpsert: return "upsert";
    case engine::RuleChange::Op::kDelete: return "delete";
    case engine::RuleChange::Op::kPause: return "pause";
    case engine::RuleChange::Op::kResume: return "resume";
  }
  return "";
}

std::string RuleName(const engine::RuleChange& change) {
  return "rule " + change.rule_id + (change.tenant ? " of tenant " + *change.tenant : " (global)");
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

HttpResponse Api::ListRules() const {
  const auto status = daemon_.status().Latest();
  std::string body = "{\"rules\":[";
  for (size_t i = 0; i < status->rules.size(); ++i) body += (i ? "," : "") + RuleJson(status->rules[i]);
  return HttpResponse{200, "application/json", body + "]}"};
}

HttpResponse Api::GetRule(const std::optional<std::string>& tenant, const std::string& id) const {
  const auto status = daemon_.status().Latest();
  const RuleStatus* r = FindRule(*status, tenant, id);
  if (!r) return ErrorResponse(404, "rule " + id + (tenant ? " of tenant " + *tenant : " (global)") + " is not in the rule set");
  return HttpResponse{200, "application/json", RuleJson(*r)};
}

HttpResponse Api::Validate(const HttpRequest& request) const {
  // `alertc check --format json` of one file, and the checked rules as
  // `alertc explain` prints them.
  const diag::Source source("request", request.body);
  const sema::CheckResult result = sema::CheckSource(source);
  std::string body = "{\"files\":[" + sema::CheckReportJson(source, result) + "]";
  body += fmt::format(",\"errors\":{},\"warnings\":{},\"explain\":[", result.diagnostics.ErrorCount(),
                      result.diagnostics.WarningCount());
  for (size_t i = 0; i < result.rules.size(); ++i) {
    body += fmt::format("{}{{\"rule_id\":{},\"text\":{}}}", i ? "," : "", json::Quote(result.rules[i].id),
                        json::Quote(checked::PrintRule(result.rules[i])));
  }
  return HttpResponse{200, "application/json", body + "]}"};
}

HttpResponse Api::Change(const HttpRequest& request, engine::RuleChange change) {
  HttpResponse refused;
  const std::optional<Caller> caller = Authorize(request, &refused);
  if (!caller) return refused;
  if (!Reaches(*caller, change.tenant)) {
    {
      std::lock_guard<std::mutex> lock(counts_mutex_);
      ++counts_.unauthorized;
    }
    return ErrorResponse(403, "token " + caller->name + " does not reach " + RuleName(change));
  }
  const auto status = daemon_.status().Latest();
  const RuleStatus* running = FindRule(*status, change.tenant, change.rule_id);
  std::optional<int64_t> old_version;
  if (running) old_version = running->version;
  if (change.op != engine::RuleChange::Op::kUpsert) {
    if (!running) return ErrorResponse(404, RuleName(change) + " is not in the rule set");
  } else {
    if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) {
      return ErrorResponse(400, "the body must be the rule's source: rule " + change.rule_id + " { ... }");
    }
    change.source = request.body;
    if (const auto it = request.query.find("version"); it != request.query.end()) {
      const std::string& text = it->second;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), change.version);
      if (ec != std::errc() || end != text.data() + text.size() || change.version < 1) {
        return ErrorResponse(400, "version takes a positive integer");
      }
    } else {
      const auto deleted = status->deleted_versions.find(engine::RuleRecordKey(change.tenant, change.rule_id));
      change.version = running ? running->version + 1 : deleted != status->deleted_versions.end() ? deleted->second + 1 : 1;
    }
  }

  AuditEntry audit{NowMs(), caller->name, ActionName(change.op), change.tenant, change.rule_id, old_version,
                   change.op == engine::RuleChange::Op::kUpsert ? std::optional<int64_t>(change.version) : std::nullopt,
                   ""};
  HttpResponse response;
  auto offset = control_.Write(ControlKey(change), ControlMessageJson(change));
  if (!offset.ok()) {
    response = ErrorResponse(503, "the change could not be written to the control topic: " +
                                      std::string(offset.status().message()));
  } else if (auto answer = daemon_.answers().Wait(*offset, std::chrono::milliseconds(daemon_.config().http_wait_ms));
             !answer) {
    response = ErrorResponse(504, fmt::format("the change was written to the control topic at offset {}, and this "
                                              "daemon did not answer it within {} ms; it is applied when the daemon "
                                              "reaches it (its answer goes to control-results)",
                                              *offset, daemon_.config().http_wait_ms));
  } else {
    response = HttpResponse{answer->status == "rejected" ? 422 : 200, "application/json", answer->json};
  }
  audit.answer = response.body;
  if (auto appended = audit_.Append(audit); !appended.ok()) {
    spdlog::error("audit log: {} of {} by {} not recorded: {}", audit.action, RuleName(change), caller->name,
                  std::string(appended.message()));
  }
  return response;
}

}  // namespace alert::daemon
