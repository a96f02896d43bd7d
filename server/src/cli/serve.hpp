#pragma once
// `mediation-room serve`: wires store, rooms, API and transport together and runs until SIGINT
// or SIGTERM; SIGHUP (or `mediation-room reload`) reloads the certificate.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace mr::cli {

struct ServeOptions {
  std::string bind = "127.0.0.1";
  unsigned short port = 8443;
  std::filesystem::path data = "data";
  std::filesystem::path cert, key;      // empty: a development certificate under <data>/tls
  std::filesystem::path ocsp_response;  // DER, stapled while it is valid
  std::string tls_profile = "intermediate";
  // Plain HTTP for a TLS-terminating proxy on this machine: a loopback address or unix:PATH.
  std::string http_listen;
  std::vector<std::string> trusted_proxies;  // CIDRs whose Forwarded/X-Forwarded-For count
  std::string metrics_bind;                  // empty: /metrics on the main port
  std::string log_format = "auto";
  std::filesystem::path client_dir;
  std::filesystem::path schema_dir;  // protocol/schema: the act frames' arguments are checked by it
  std::filesystem::path template_dir;  // server/templates: the notice of rights and duties
  std::string public_url;
  std::vector<std::string> origins;
  int threads = 2;
  std::size_t max_frame = 64 << 10;
  std::size_t send_queue = 1 << 20;
  int rate = 20, burst = 40;
  std::size_t max_connections_per_participant = 8;
  std::size_t max_connections_per_address = 64;
  std::size_t max_handshakes = 256;
  int checkpoint_interval = 5;
  int handshake_timeout = 10;
  int ping_interval = 25;
  std::int64_t max_upload = 50LL << 20;  // bytes per document
  int leave_grace = 20;  // seconds a person may be away before their departure is recorded
  std::int64_t checkpoint_every = 1000;
  std::string server_name = "mediation-room.localhost";
  // Trusted time (RECORD.md §4.1): the TSA asked for RFC 3161 tokens over checkpoints, the PEM
  // certificates its tokens must chain to, how often a room's ordinary checkpoints are stamped
  // (milestones always are) and how long one request may take.
  std::string tsa_url;
  std::filesystem::path tsa_ca;
  int tsa_interval = 300;
  int tsa_timeout = 10;
};

int serve(const ServeOptions& options);

}  // namespace mr::cli
