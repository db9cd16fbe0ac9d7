#pragma once

// The rule playground's static files (daemon/http/playground/), served at
// GET / (index.html) and GET /FILE.

#include <string_view>

#include "daemon/http/embedded_files.h"

namespace alert::daemon {

using PlaygroundFile = embedded::File;

// The file served at `path`, or null.
const PlaygroundFile* FindPlaygroundFile(std::string_view path);

}  // namespace alert::daemon
