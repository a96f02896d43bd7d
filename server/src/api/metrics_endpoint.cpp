#include "api/metrics_endpoint.hpp"

#include "api/http_util.hpp"
#include "metrics/metrics.hpp"

namespace mr::api {

net::Response metrics_response(const net::Request& req) {
  net::Response res{http::status::ok, req.version()};
  res.set(http::field::content_type, metrics::kContentType);
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  res.body() = metrics::exposition();
  res.prepare_payload();
  return res;
}

void MetricsEndpoint::handle(net::Request&& req, const net::Client&, Respond respond) {
  if (req.method() == http::verb::get && req.target() == "/metrics")
    return respond(metrics_response(req));
  respond(error_response(req, http::status::not_found, "not_found", "only /metrics is here"));
}

void MetricsEndpoint::upgrade(net::Request req, const net::Client&, Admit admit) {
  admit(error_response(req, http::status::not_found, "not_found", "only /metrics is here"));
}

}  // namespace mr::api
