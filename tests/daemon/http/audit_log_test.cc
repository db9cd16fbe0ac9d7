// The audit log: entries in the store's audit family, read back oldest
// first, the last N of them.

#include "daemon/http/audit_log.h"

#include <gtest/gtest.h>

#include "engine/state/state_store.h"

namespace alert::daemon {
namespace {

TEST(AuditLog, KeepsEntriesInOrder) {
  engine::MemoryStateStore store;
  AuditLog log(store);
  for (int i = 0; i < 5; ++i) {
    AuditEntry e{1000 + (i % 2), "ops", "upsert", "acme", "r" + std::to_string(i), std::nullopt, i + 1,
                 R"({"status":"active"})"};
    ASSERT_TRUE(log.Append(e).ok());
  }
  EXPECT_EQ(store.size(engine::Family::kAudit), 5u);
  auto last = log.Last(3);
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->size(), 3u);
  // By time, then by the order they came: r0 r2 r4 at 1000, r1 r3 at 1001.
  EXPECT_NE((*last)[0].find("\"rule_id\":\"r4\""), std::string::npos) << (*last)[0];
  EXPECT_NE((*last)[2].find("\"rule_id\":\"r3\""), std::string::npos) << (*last)[2];
  EXPECT_EQ(AuditJson({7, "ops", "delete", std::nullopt, "r", 2, std::nullopt, ""}),
            R"({"time_ms":7,"token":"ops","action":"delete","tenant":null,"rule_id":"r","old_version":2,)"
            R"("new_version":null,"answer":null})");
}

}  // namespace
}  // namespace alert::daemon
