#pragma once
// Serves the built browser client (client-web/dist): the four pages and the hashed assets, with the
// security headers every page needs.
// Thread-safety: stateless apart from the directory path; safe from any thread.
#include <filesystem>

#include "net/http_handler.hpp"

namespace mr::api {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}
  // The response for a GET of `target`, or nullopt if it is not a client page or asset.
  std::optional<boost::beast::http::message_generator> serve(const net::Request& req) const;

 private:
  std::filesystem::path root_;
};

}  // namespace mr::api
