#include "daemon/http/playground_files.h"

namespace alert::daemon {

const PlaygroundFile* FindPlaygroundFile(std::string_view path) {
  if (path == "/") path = "/index.html";
  for (size_t i = 0; i < embedded::kFileCount; ++i) {
    if (embedded::kFiles[i].path == path) return &embedded::kFiles[i];
  }
  return nullptr;
}

}  // namespace alert::daemon
