#include "daemon/http/api.h"

#include <charconv>
#include <vector>

#include "daemon/run/partition_number.h"
#include "runtime/json/json_string.h"

namespace alert::daemon {
namespace {

std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < path.size()) {
    if (path[at] == '/') {
      ++at;
      continue;
    }
    const size_t end = std::min(path.find('/', at), path.size());
    out.emplace_back(path.substr(at, end - at));
    at = end;
  }
  return out;
}

// "_" in a path names the global scope.
std::optional<std::string> TenantOf(const std::string& segment) {
  if (segment == "_") return std::nullopt;
  return segment;
}

HttpResponse MethodNotAllowed(std::string_view allowed) {
  return ErrorResponse(405, "method not allowed here; this path takes " + std::string(allowed));
}

}  // namespace

Api::Api(Daemon& daemon, ControlWriter& control)
    : daemon_(daemon), control_(control), tokens_(daemon.config().tokens), audit_(daemon.store()) {}

HttpResponse Api::Handle(const HttpRequest& request) {
  const std::vector<std::string> s = Segments(request.path);
  const std::string& m = request.method;
  if (s.size() == 1 && (s[0] == "healthz" || s[0] == "readyz" || s[0] == "metrics" || s[0] == "audit")) {
    if (m != "GET") return MethodNotAllowed("GET");
    if (s[0] == "healthz") return HttpResponse{200, "application/json", "{\"status\":\"ok\"}"};
    if (s[0] == "readyz") return Ready();
    if (s[0] == "metrics") return Metrics();
    return Audit(request);
  }
  if (s.size() == 1 && s[0] == "try") return m == "POST" ? Try(request) : MethodNotAllowed("POST");
  if (s.size() == 1 && s[0] == "alerts") return m == "GET" ? Alerts(request) : MethodNotAllowed("GET");
  if (s.empty() || s[0] != "rules") return ErrorResponse(404, "no such path: " + request.path);
  if (s.size() == 1) return m == "GET" ? ListRules() : MethodNotAllowed("GET");
  if (s.size() == 2 && s[1] == "validate") return m == "POST" ? Validate(request) : MethodNotAllowed("POST");
  if (s.size() == 3) {
    engine::RuleChange change;
    change.tenant = TenantOf(s[1]);
    change.rule_id = s[2];
    if (m == "GET") return GetRule(change.tenant, change.rule_id);
    if (m == "PUT") {
      change.op = engine::RuleChange::Op::kUpsert;
      return Change(request, std::move(change));
    }
    if (m == "DELETE") {
      change.op = engine::RuleChange::Op::kDelete;
      return Change(request, std::move(change));
    }
    return MethodNotAllowed("GET, PUT, DELETE");
  }
  if (s.size() == 4 && (s[3] == "pause" || s[3] == "resume")) {
    if (m != "POST") return MethodNotAllowed("POST");
    engine::RuleChange change;
    change.op = s[3] == "pause" ? engine::RuleChange::Op::kPause : engine::RuleChange::Op::kResume;
    change.tenant = TenantOf(s[1]);
    change.rule_id = s[2];
    return Change(request, std::move(change));
  }
  return ErrorResponse(404, "no such path: " + request.path);
}

HttpResponse Api::Ready() const {
  const auto status = daemon_.status().Latest();
  if (status->consuming) return HttpResponse{200, "application/json", "{\"status\":\"ready\"}"};
  return HttpResponse{503, "application/json",
                      "{\"status\":\"not ready\",\"reason\":" + json::Quote(status->not_ready.empty() ? "starting" : status->not_ready) + "}"};
}

HttpResponse Api::Metrics() const {
  return HttpResponse{200, "text/plain; version=0.0.4; charset=utf-8",
                      MetricsPage(*daemon_.status().Latest(), counts(), std::chrono::system_clock::now())};
}

std::optional<Caller> Api::Authorize(const HttpRequest& request, HttpResponse* refused) {
  if (tokens_.empty()) return Caller{"local", std::nullopt};
  std::optional<Caller> caller = tokens_.Find(request.authorization);
  if (!caller) {
    {
      std::lock_guard<std::mutex> lock(counts_mutex_);
      ++counts_.unauthorized;
    }
    *refused = ErrorResponse(401, request.authorization.empty() ? "this needs an Authorization: Bearer TOKEN header"
                                                                 : "unknown token");
  }
  return caller;
}

HttpResponse Api::Audit(const HttpRequest& request) {
  HttpResponse refused;
  const std::optional<Caller> caller = Authorize(request, &refused);
  if (!caller) return refused;
  if (caller->tenant) {
    std::lock_guard<std::mutex> lock(counts_mutex_);
    ++counts_.unauthorized;
    return ErrorResponse(403, "the audit log needs an admin token (one without a tenant)");
  }
  size_t limit = 1000;
  if (const auto it = request.query.find("limit"); it != request.query.end()) {
    const std::string& text = it->second;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (ec != std::errc() || end != text.data() + text.size() || limit == 0 || limit > 100000) {
      return ErrorResponse(400, "limit takes an integer from 1 to 100000");
    }
  }
  auto entries = audit_.Last(limit);
  if (!entries.ok()) return ErrorResponse(500, "cannot read the audit log: " + std::string(entries.status().message()));
  std::string body = "{\"entries\":[";
  for (size_t i = 0; i < entries->size(); ++i) body += (i ? "," : "") + (*entries)[i];
  return HttpResponse{200, "application/json", body + "]}"};
}

HttpResponse Api::Alerts(const HttpRequest& request) {
  HttpResponse refused;
  const std::optional<Caller> caller = Authorize(request, &refused);
  if (!caller) return refused;
  auto param = [&](const char* name) -> std::optional<std::string> {
    const auto it = request.query.find(name);
    if (it == request.query.end()) return std::nullopt;
    return it->second;
  };
  const std::optional<std::string> state = param("state"), tenant = param("tenant"), rule = param("rule");
  if (state && *state != "firing" && *state != "resolved") return ErrorResponse(400, "state is firing or resolved");
  if (caller->tenant && tenant && tenant != caller->tenant) {
    {
      std::lock_guard<std::mutex> lock(counts_mutex_);
      ++counts_.unauthorized;
    }
    return ErrorResponse(403, "token " + caller->name + " does not reach the alerts of tenant " + *tenant);
  }
  const std::optional<std::string> only = caller->tenant ? caller->tenant : tenant;
  const auto alerts = daemon_.alerts().List([&](const AlertState& a) {
    return (!state || a.firing == (*state == "firing")) && (!only || a.tenant == only) && (!rule || a.rule == *rule);
  });
  std::string body = "{\"alerts\":[";
  for (size_t i = 0; i < alerts.size(); ++i) {
    const auto& [partition, a] = alerts[i];
    const Topics& topics = daemon_.config().topics;
    body += (i ? "," : "") + std::string("{\"topic\":") +
            json::Quote(TopicOf(topics, partition)) +
            ",\"partition\":" + std::to_string(InTopic(partition)) + ",\"state\":\"" +
            (a.firing ? "firing" : "resolved") + "\",\"tenant\":" + (a.tenant ? json::Quote(*a.tenant) : "null") +
            ",\"rule\":" + json::Quote(a.rule) + ",\"notification\":" + a.notification + "}";
  }
  return HttpResponse{200, "application/json", body + "]}"};
}

void Api::CountResponse(int status) {
  std::lock_guard<std::mutex> lock(counts_mutex_);
  ++counts_.responses[status];
}

HttpCounts Api::counts() const {
  std::lock_guard<std::mutex> lock(counts_mutex_);
  return counts_;
}

}  // namespace alert::daemon
