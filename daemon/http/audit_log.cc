#include "daemon/http/audit_log.h"

#include <deque>

#include <fmt/format.h>

#include "runtime/json/json_string.h"

namespace alert::daemon {
namespace {

void AppendBigEndian(uint64_t v, std::string* out) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>((v >> shift) & 0xff));
}

std::string OptionalText(const std::optional<std::string>& text) { return text ? json::Quote(*text) : "null"; }
std::string OptionalNumber(const std::optional<int64_t>& n) { return n ? std::to_string(*n) : "null"; }

}  // namespace

std::string AuditJson(const AuditEntry& e) {
  return fmt::format(
      "{{\"time_ms\":{},\"token\":{},\"action\":{},\"tenant\":{},\"rule_id\":{},\"old_version\":{},"
      "\"new_version\":{},\"answer\":{}}}",
      e.time_ms, json::Quote(e.token), json::Quote(e.action), OptionalText(e.tenant), json::Quote(e.rule_id),
      OptionalNumber(e.old_version), OptionalNumber(e.new_version), e.answer.empty() ? "null" : e.answer);
}

absl::Status AuditLog::Append(const AuditEntry& entry) {
  std::string key;
  AppendBigEndian(static_cast<uint64_t>(entry.time_ms), &key);
  AppendBigEndian(sequence_.fetch_add(1), &key);
  engine::WriteBatch batch;
  batch.Put(engine::Family::kAudit, key, AuditJson(entry));
  return store_.Write(batch);
}

absl::StatusOr<std::vector<std::string>> AuditLog::Last(size_t limit) const {
  std::deque<std::string> last;
  auto scanned = store_.Scan(engine::Family::kAudit, "", [&](std::string_view, std::string_view value) {
    last.emplace_back(value);
    if (last.size() > limit) last.pop_front();
    return true;
  });
  if (!scanned.ok()) return scanned;
  return std::vector<std::string>(last.begin(), last.end());
}

}  // namespace alert::daemon
