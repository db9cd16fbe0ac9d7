#pragma once

// Static files compiled into the binary (cmake/embed_files.cmake makes the
// table at build time from the files in daemon/http/playground/).

#include <cstddef>
#include <string_view>

namespace alert::embedded {

struct File {
  std::string_view path;  // "/index.html"
  std::string_view content_type;
  std::string_view content;
};

extern const File kFiles[];
extern const size_t kFileCount;

}  // namespace alert::embedded
