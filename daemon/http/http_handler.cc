#include "daemon/http/http_handler.h"

#include "runtime/json/json_string.h"

namespace alert::daemon {

HttpResponse ErrorResponse(int status, std::string_view message) {
  return HttpResponse{status, "application/json", "{\"error\":" + json::Quote(message) + "}"};
}

}  // namespace alert::daemon
