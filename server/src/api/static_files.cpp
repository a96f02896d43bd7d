#include "api/static_files.hpp"

#include <algorithm>
#include <boost/beast/http/file_body.hpp>

#include "api/http_util.hpp"

namespace mr::api {
namespace {

std::string_view content_type(const std::filesystem::path& file) {
  auto ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// The built client's asset names (Vite: name-hash.ext): letters, digits, '.', '_' and '-', not
// starting with a dot. Anything else, '..' and percent-escapes included, is not an asset.
bool asset_name(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.find("..") != std::string_view::npos)
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

struct Target {
  std::filesystem::path file;  // relative to the client root
  bool hashed;                 // an asset whose name changes with its content
};

// Maps a request path to a file under the client root: the four pages and /assets/<name>.
std::optional<Target> target_for(std::string_view path) {
  if (auto query = path.find('?'); query != std::string_view::npos) path = path.substr(0, query);
  auto parts = path_parts(path);
  if (parts.empty()) return Target{"index.html", false};
  if (parts.size() == 1 && parts[0] == "join") return Target{"join.html", false};
  if (parts.size() == 1 && parts[0] == "console") return Target{"console.html", false};
  if (parts.size() == 2 && parts[0] == "r" && path.back() == '/') return Target{"room.html", false};
  if (parts.size() == 2 && parts[0] == "assets" && asset_name(parts[1]))
    return Target{std::filesystem::path("assets") / std::string(parts[1]), true};
  return std::nullopt;
}

// No inline script or style, nothing from elsewhere, never framed (clickjacking), no <base> and
// forms only to this server.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

}  // namespace

std::optional<boost::beast::http::message_generator> StaticFiles::serve(
    const net::Request& req) const {
  namespace http = boost::beast::http;
  auto target = target_for(req.target());
  if (!target) return std::nullopt;
  auto file = root_ / target->file;
  http::file_body::value_type body;
  boost::beast::error_code ec;
  body.open(file.c_str(), boost::beast::file_mode::scan, ec);
  if (ec) return std::nullopt;
  http::response<http::file_body> res{http::status::ok, req.version()};
  res.set(http::field::server, "mediation-room");
  res.set(http::field::content_type, content_type(file));
  // Pages name the current hashed assets, so they are revalidated every time; an asset never
  // changes.
  res.set(http::field::cache_control,
          target->hashed ? "public, max-age=31536000, immutable" : "no-cache");
  res.set("Content-Security-Policy", kContentSecurityPolicy);
  res.set("X-Frame-Options", "DENY");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("Cross-Origin-Opener-Policy", "same-origin");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return http::message_generator(std::move(res));
}

}  // namespace mr::api
