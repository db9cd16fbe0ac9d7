#include "daemon/http/api_tokens.h"

namespace alert::daemon {
namespace {

// Equal in time that depends only on the lengths, not on where they differ.
bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

std::optional<Caller> ApiTokens::Find(std::string_view authorization) const {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.substr(0, kBearer.size()) != kBearer) return std::nullopt;
  const std::string_view token = authorization.substr(kBearer.size());
  std::optional<Caller> found;
  for (const ApiToken& t : tokens_) {  // every one compared, whichever matches
    if (SameSecret(token, t.token) && !found) found = Caller{t.name, t.tenant};
  }
  return found;
}

bool Reaches(const Caller& caller, const std::optional<std::string>& tenant) {
  return !caller.tenant || caller.tenant == tenant;
}

}  // namespace alert::daemon
