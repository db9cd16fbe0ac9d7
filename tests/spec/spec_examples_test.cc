// Every rule file in ../shared/spec/examples checks with no error.

#include <gtest/gtest.h>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/check.h"
#include "tests/testing/shared_dir.h"

namespace alert {
namespace {

TEST(SpecExamples, EveryExampleChecksWithoutErrors) {
  const auto files = testing::FilesIn(testing::SharedDir() / "spec" / "examples", ".alert");
  ASSERT_GE(files.size(), 10u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    const diag::Source source(path.filename().string(), testing::ReadFile(path));
    const sema::CheckResult result = sema::CheckSource(source);
    std::string rendered;
    for (const auto& d : result.diagnostics) rendered += diag::RenderText(source, d);
    EXPECT_FALSE(result.diagnostics.HasErrors()) << rendered;
    EXPECT_FALSE(result.rules.empty());
  }
}

}  // namespace
}  // namespace alert
