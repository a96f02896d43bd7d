#include "api/static_files.hpp"

#include <boost/beast/http/file_body.hpp>

#include "api/http_util.hpp"

namespace mr::api {
namespace {

std::string_view content_type(const std::filesystem::path& file) {
  auto ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

// Maps a request path to a file under the client root, refusing anything outside it.
std::optional<std::filesystem::path> page_for(std::string_view path) {
  auto parts = path_parts(path);
  if (parts.empty()) return "index.html";
  if (parts.size() == 1 && parts[0] == "join") return "join.html";
  if (parts.size() == 1 && parts[0] == "console") return "console.html";
  if (parts.size() == 2 && parts[0] == "r" && path.back() == '/') return "room.html";
  if (parts.size() == 2 && parts[0] == "assets") {
    auto name = parts[1];
    if (name.find("..") != std::string_view::npos || name.front() == '.') return std::nullopt;
    return std::filesystem::path("assets") / std::string(name);
  }
  return std::nullopt;
}

}  // namespace

std::optional<boost::beast::http::message_generator> StaticFiles::serve(
    const net::Request& req) const {
  namespace http = boost::beast::http;
  auto relative = page_for(req.target());
  if (!relative) return std::nullopt;
  auto file = root_ / *relative;
  http::file_body::value_type body;
  boost::beast::error_code ec;
  body.open(file.c_str(), boost::beast::file_mode::scan, ec);
  if (ec) return std::nullopt;
  http::response<http::file_body> res{http::status::ok, req.version()};
  res.set(http::field::server, "mediation-room");
  res.set(http::field::content_type, content_type(file));
  res.set(http::field::cache_control, "no-cache");
  res.set("Content-Security-Policy",
          "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; "
          "style-src 'self'; frame-ancestors 'none'");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return http::message_generator(std::move(res));
}

}  // namespace mr::api
