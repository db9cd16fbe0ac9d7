#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace alert::testing {

// ../shared beside the checkout: $ALERT_SHARED_DIR, else the configured path.
inline std::filesystem::path SharedDir() {
  if (const char* env = std::getenv("ALERT_SHARED_DIR"); env && *env) return env;
  return ALERT_SHARED_DIR;
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The files in `dir` ending in `extension`, sorted, read at run time so that
// new cases are picked up without code changes.
inline std::vector<std::filesystem::path> FilesIn(const std::filesystem::path& dir, const std::string& extension) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return files;  // the caller's test fails on an empty list
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == extension) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace alert::testing
