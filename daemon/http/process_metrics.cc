#include "daemon/http/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace alert::daemon {
namespace {

// The fields of /proc/self/stat after the command's closing parenthesis
// (the command may hold spaces): field 3 (state) is [0].
std::vector<std::string> StatFields() {
  std::ifstream in("/proc/self/stat");
  std::string line;
  std::getline(in, line);
  const size_t close = line.rfind(')');
  std::vector<std::string> fields;
  if (close == std::string::npos) return fields;
  std::istringstream rest(line.substr(close + 1));
  for (std::string f; rest >> f;) fields.push_back(f);
  return fields;
}

// The boot time in seconds since the epoch (btime of /proc/stat).
std::optional<double> BootTime() {
  std::ifstream in("/proc/stat");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("btime ", 0) == 0) return std::strtod(line.c_str() + 6, nullptr);
  }
  return std::nullopt;
}

}  // namespace

void AppendProcessMetrics(MetricsText* out) {
  const std::vector<std::string> f = StatFields();
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  // Fields 14 utime, 15 stime, 22 starttime, 23 vsize, 24 rss (1-based).
  auto field = [&](size_t n) { return std::strtod(f[n - 3].c_str(), nullptr); };
  if (f.size() >= 22 && ticks > 0) {
    out->Counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                 (field(14) + field(15)) / ticks);
    out->Gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", field(23));
    out->Gauge("process_resident_memory_bytes", "Resident memory size in bytes.", field(24) * page);
    if (const auto boot = BootTime()) {
      out->Gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                 *boot + field(22) / ticks);
    }
  }
  std::error_code error;
  size_t fds = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", error);
       !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    ++fds;
  }
  if (!error) out->Gauge("process_open_fds", "Number of open file descriptors.", static_cast<double>(fds));
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    out->Gauge("process_max_fds", "Maximum number of open file descriptors.", static_cast<double>(limit.rlim_cur));
  }
}

}  // namespace alert::daemon
