#pragma once

// alertd's HTTP API (../shared/spec/DAEMON.md, "HTTP"), apart from the
// server that carries it (http_server.h), so that every route can be
// tested without a socket:
//
//   GET  /healthz, /readyz, /metrics
//   GET  /rules, /rules/{tenant}/{id}          ({tenant} "_": a global rule)
//   POST /rules/validate                       (rule text in: diagnostics and the checked rule out)
//   PUT  /rules/{tenant}/{id}[?version=N]      (the source in)      ┐ a token when tokens are
//   DELETE /rules/{tenant}/{id}                                     │ configured; through the
//   POST /rules/{tenant}/{id}/pause, /resume                        ┘ control topic
//   GET  /alerts[?state=firing|resolved&tenant=T&rule=R]   (a token; a tenant's sees its own)
//   GET  /audit[?limit=N]                      (an admin token)
//   POST /try                                  (a rule and sample events: what they decide; api_try.cc)
//
// Reads come from the daemon's status snapshot; changes are written to the
// control topic and answered with the daemon's control-results answer to
// them (bounded by http_wait_ms), so that every daemon applies them in one
// order. Errors are {"error": "..."} with their status. Thread-safe: the
// server calls Handle from several threads.

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "daemon/http/api_tokens.h"
#include "daemon/http/audit_log.h"
#include "daemon/http/http_handler.h"
#include "daemon/http/metrics_page.h"
#include "daemon/kafka/control_writer.h"
#include "daemon/run/daemon.h"

namespace alert::daemon {

class Api : public HttpHandler {
 public:
  static constexpr size_t kMaxTryEvents = 10000;
  static constexpr std::chrono::milliseconds kTryBudget{2000};

  // `daemon` and `control` must outlive the API.
  Api(Daemon& daemon, ControlWriter& control);

  HttpResponse Handle(const HttpRequest& request) override;
  void CountResponse(int status) override;
  HttpCounts counts() const;

 private:
  HttpResponse Ready() const;
  HttpResponse Metrics() const;
  HttpResponse ListRules() const;
  HttpResponse GetRule(const std::optional<std::string>& tenant, const std::string& id) const;
  HttpResponse Validate(const HttpRequest& request) const;
  HttpResponse Try(const HttpRequest& request) const;
  // PUT, DELETE, pause, resume: `op` on (tenant, id).
  HttpResponse Change(const HttpRequest& request, engine::RuleChange change);
  HttpResponse Audit(const HttpRequest& request);
  HttpResponse Alerts(const HttpRequest& request);
  // The caller of a request that needs a token, or the 401 to send. With no
  // tokens configured (the API is on 127.0.0.1 only) everyone is admin.
  std::optional<Caller> Authorize(const HttpRequest& request, HttpResponse* refused);

  Daemon& daemon_;
  ControlWriter& control_;
  ApiTokens tokens_;
  AuditLog audit_;
  mutable std::mutex counts_mutex_;
  HttpCounts counts_;
};

}  // namespace alert::daemon
