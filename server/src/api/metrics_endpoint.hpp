#pragma once
// GET /metrics: the Prometheus text exposition of what metrics/ counts. Served by the router on
// the main port, or by a MetricsEndpoint of its own on --metrics-bind, which answers nothing else
// (so a scraper's port serves no application).
// Thread-safety: stateless; safe from any thread.
#include "net/http_handler.hpp"

namespace mr::api {

net::Response metrics_response(const net::Request& req);

class MetricsEndpoint : public net::HttpHandler {
 public:
  void handle(net::Request&& req, const net::Client& client, Respond respond) override;
  void upgrade(net::Request req, const net::Client& client, Admit admit) override;
};

}  // namespace mr::api
