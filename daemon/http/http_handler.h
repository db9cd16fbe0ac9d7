#pragma once

// What alertd's HTTP server (http_server.h) hands each request to, and the
// request and response it passes: the API (api.h) is one, a test's a
// smaller one.

#include <map>
#include <string>
#include <string_view>

namespace alert::daemon {

struct HttpRequest {
  std::string method;  // GET, POST, PUT, DELETE
  std::string path;    // decoded, without the query
  std::map<std::string, std::string> query;
  std::string authorization;  // the Authorization header, "" when none
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// A JSON error response: {"error": message}.
HttpResponse ErrorResponse(int status, std::string_view message);

// Called from several of the server's threads at once.
class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  virtual HttpResponse Handle(const HttpRequest& request) = 0;
  // Counted by the server for each response it sends, its own too (a body
  // over the limit, a malformed request).
  virtual void CountResponse(int status) = 0;
};

}  // namespace alert::daemon
