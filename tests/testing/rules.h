#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/check.h"

namespace alert::testing {

// The checked rules of `text`; a test failure when any rule is rejected.
inline std::vector<checked::Rule> CheckedRules(const std::string& text) {
  const diag::Source source("t.alert", text);
  auto result = sema::CheckSource(source);
  std::string rendered;
  for (const auto& d : result.diagnostics) rendered += diag::RenderText(source, d);
  EXPECT_FALSE(result.diagnostics.HasErrors()) << rendered;
  return std::move(result.rules);
}

}  // namespace alert::testing
