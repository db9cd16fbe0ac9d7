// Bearer tokens: found only by the exact token after "Bearer "; a tenant's
// reaches its tenant only, an admin's everything.

#include "daemon/http/api_tokens.h"

#include <gtest/gtest.h>

namespace alert::daemon {
namespace {

TEST(ApiTokens, FindsTheCallerOfABearerToken) {
  const ApiTokens tokens({{"ops", "secret-a", std::nullopt}, {"acme", "secret-b", "acme"}});
  EXPECT_FALSE(tokens.empty());
  ASSERT_TRUE(tokens.Find("Bearer secret-b").has_value());
  EXPECT_EQ(tokens.Find("Bearer secret-b")->name, "acme");
  EXPECT_EQ(tokens.Find("Bearer secret-b")->tenant, "acme");
  EXPECT_EQ(tokens.Find("Bearer secret-a")->name, "ops");
  EXPECT_FALSE(tokens.Find("Bearer secret-b ").has_value());
  EXPECT_FALSE(tokens.Find("Bearer secret").has_value());
  EXPECT_FALSE(tokens.Find("bearer secret-a").has_value());
  EXPECT_FALSE(tokens.Find("secret-a").has_value());
  EXPECT_FALSE(tokens.Find("").has_value());
  EXPECT_TRUE(ApiTokens({}).empty());
}

TEST(ApiTokens, ATenantsTokenReachesItsTenantOnly) {
  const Caller admin{"ops", std::nullopt}, acme{"acme", "acme"};
  EXPECT_TRUE(Reaches(admin, std::nullopt));
  EXPECT_TRUE(Reaches(admin, "globex"));
  EXPECT_TRUE(Reaches(acme, "acme"));
  EXPECT_FALSE(Reaches(acme, "globex"));
  EXPECT_FALSE(Reaches(acme, std::nullopt));
}

}  // namespace
}  // namespace alert::daemon
