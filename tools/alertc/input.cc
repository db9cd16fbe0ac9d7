#include "tools/alertc/input.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "compiler/sema/check.h"

namespace alert::alertc {

namespace {

// Standard input to its end; a read error (a closed descriptor included) is
// reported, never taken for an empty input.
std::optional<std::string> ReadStandardInput() {
  if (!StandardInputReadable()) return std::nullopt;
  std::string out;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n > 0) {
      out.append(buffer, static_cast<size_t>(n));
    } else if (n == 0) {
      return out;
    } else if (errno != EINTR) {
      std::cerr << "alertc: cannot read standard input: " << std::strerror(errno) << "\n";
      return std::nullopt;
    }
  }
}

}  // namespace

bool StandardInputReadable() {
  const int flags = ::fcntl(STDIN_FILENO, F_GETFL);
  if (flags >= 0 && (flags & O_ACCMODE) != O_WRONLY) return true;
  std::cerr << "alertc: cannot read standard input: " << std::strerror(flags < 0 ? errno : EBADF) << "\n";
  return false;
}

std::optional<std::string> ReadInput(const std::string& path) {
  if (path == "-") return ReadStandardInput();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    std::cerr << "alertc: '" << path << "' is a directory\n";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "alertc: cannot read '" << path << "': " << std::strerror(errno) << "\n";
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string DisplayName(const std::string& path) { return path == "-" ? "<stdin>" : path; }

std::optional<std::vector<checked::Rule>> ReadRulesForEvents(const std::string& rules, const std::string& events,
                                                             int* exit_code) {
  *exit_code = 2;
  if (rules == "-" && events == "-") {
    std::cerr << "alertc: rules and events cannot both come from standard input\n";
    return std::nullopt;
  }
  auto text = ReadInput(rules);
  if (!text) return std::nullopt;
  const diag::Source source(DisplayName(rules), std::move(*text));
  sema::CheckResult checked = sema::CheckSource(source);
  for (const diag::Diagnostic& d : checked.diagnostics) std::cerr << diag::RenderText(source, d);
  if (checked.diagnostics.HasErrors()) {
    *exit_code = 1;
    return std::nullopt;
  }
  *exit_code = 0;
  return std::move(checked.rules);
}

}  // namespace alert::alertc
