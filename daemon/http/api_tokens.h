#pragma once

// Who calls the API: the token of an `Authorization: Bearer TOKEN` header,
// looked up among the configured ones (compared in constant time). A
// tenant's token reaches its tenant's rules and alerts; an admin token (no
// tenant) reaches every tenant's and the global rules.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/daemon_config.h"

namespace alert::daemon {

struct Caller {
  std::string name;                   // the token's name (audit log)
  std::optional<std::string> tenant;  // nullopt: admin
};

class ApiTokens {
 public:
  explicit ApiTokens(std::vector<ApiToken> tokens) : tokens_(std::move(tokens)) {}

  bool empty() const { return tokens_.empty(); }
  // The caller of an Authorization header's value; nullopt when it names no
  // configured token (or is not `Bearer TOKEN`).
  std::optional<Caller> Find(std::string_view authorization) const;

 private:
  std::vector<ApiToken> tokens_;
};

// Whether `caller` reaches the rules and alerts of `tenant` (nullopt: global).
bool Reaches(const Caller& caller, const std::optional<std::string>& tenant);

}  // namespace alert::daemon
