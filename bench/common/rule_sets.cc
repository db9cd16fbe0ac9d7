#include "bench/common/rule_sets.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

namespace alert::bench {
namespace {

const char* kApps[] = {"Dropbox", "Slack", "Google", "Box", "Zoom"};

}  // namespace

std::string GeneratedRules(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += "rule r" + std::to_string(i) + " {\n";
    if (i % 10 != 0) out += "  scope tenant \"tenant-" + std::to_string(i % 97) + "\"\n";
    out += "  when $.application == \"" + std::string(kApps[i % 5]) + "\" && $.eventType == \"Event" +
           std::to_string(i % 40) + "\"";
    if (i % 3 == 0) out += " && $.target.email =~ \"@example\\\\.com$\"";
    if (i % 4 == 0) out += " && $.payload.items[?@.size > " + std::to_string(i) + "].name starts with \"x\"";
    out += " && $.actor.count > " + std::to_string(i % 13) + "\n";
    if (i % 2 == 0) out += "  group by $.customerId\n  window tumbling 5m\n  fire when count() > 2\n";
    out += "}\n";
  }
  return out;
}

std::vector<std::string> GeneratedEvents(int n) {
  std::mt19937_64 rng(42);
  auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<uint64_t>(k)); };
  std::vector<std::string> events;
  for (int i = 0; i < n; ++i) {
    std::string items;
    for (int k = 0, m = pick(4); k < m; ++k) {
      items += std::string(k ? "," : "") + "{\"name\":\"x" + std::to_string(pick(100)) + "\",\"size\":" +
               std::to_string(pick(2000)) + "}";
    }
    events.push_back("{\"customerId\":\"tenant-" + std::to_string(pick(97)) + "\",\"application\":\"" + kApps[pick(5)] +
                     "\",\"eventType\":\"Event" + std::to_string(pick(40)) + "\",\"actor\":{\"count\":" +
                     std::to_string(pick(20)) + ",\"email\":\"u" + std::to_string(pick(1000)) +
                     "@corp.example\"},\"target\":{\"email\":\"t" + std::to_string(pick(1000)) +
                     (pick(2) ? "@example.com" : "@other.org") + "\",\"isActive\":true},\"payload\":{\"items\":[" +
                     items + "]},\"ts\":" + std::to_string(1700000000000LL + i * 1000) + "}");
  }
  return events;
}

std::string SpecExamples() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(ALERT_SHARED_DIR) / "spec" / "examples")) {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::string all;
  for (const auto& path : files) {
    std::ifstream in(path);
    all += "\n" + std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  return all;
}

}  // namespace alert::bench
