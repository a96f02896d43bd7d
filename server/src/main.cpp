// mediation-room: the online mediation room server (线上调解室) and its administration commands.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/admin_commands.hpp"
#include "cli/record_commands.hpp"
#include "cli/serve.hpp"
#include "cli/service_commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"mediation-room: online mediation room server (线上调解室)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "mediation-room 0.1");

  mr::cli::ServeOptions serve_options;
  serve_options.client_dir = MEDIATION_CLIENT_DIR;
  serve_options.schema_dir = MEDIATION_SCHEMA_DIR;
  serve_options.template_dir = MEDIATION_TEMPLATE_DIR;
  auto* serve = app.add_subcommand("serve", "run the HTTPS + WSS server");
  auto& o = serve_options;
  serve->add_option("--bind", o.bind, "address to listen on")->capture_default_str();
  serve->add_option("--port", o.port, "TCP port (0: any free port)")->capture_default_str();
  serve->add_option("--data", o.data, "data directory (SQLite store, keys, dev certificate)")
      ->capture_default_str();
  serve->add_option("--cert", o.cert, "PEM certificate chain (default: a development certificate)");
  serve->add_option("--key", o.key, "PEM private key for --cert");
  serve->add_option("--ocsp-response", o.ocsp_response,
                    "DER OCSP response for --cert to staple (refreshed with the certificate on "
                    "reload)");
  serve
      ->add_option("--tls-profile", o.tls_profile,
                   "intermediate (TLS 1.3, and 1.2 with ECDHE AEAD suites) or modern (TLS 1.3 "
                   "only)")
      ->capture_default_str();
  serve->add_option("--http-listen", o.http_listen,
                    "also serve plain HTTP for a TLS-terminating reverse proxy on this machine: "
                    "a loopback ADDRESS:PORT or unix:/PATH");
  serve->add_option("--trusted-proxy", o.trusted_proxies,
                    "address or CIDR of a reverse proxy whose Forwarded / X-Forwarded-For name "
                    "the client (repeatable)");
  serve->add_option("--metrics-bind", o.metrics_bind,
                    "serve /metrics (plain HTTP) only at ADDRESS:PORT, not on the main port");
  serve
      ->add_option("--log-format", o.log_format,
                   "text, journal, json, or auto (journal under "
                   "systemd, else text)")
      ->capture_default_str();
  serve->add_option("--client-dir", o.client_dir, "directory of the web client")
      ->capture_default_str();
  serve->add_option("--schema-dir", o.schema_dir, "directory of the protocol's JSON Schemas")
      ->capture_default_str();
  serve
      ->add_option("--templates", o.template_dir,
                   "directory of the templates (notice of rights and duties)")
      ->capture_default_str();
  serve->add_option("--public-url", o.public_url,
                    "base URL of invitation links and this server's origin (default: only loopback "
                    "names; the Host header is not trusted)");
  serve->add_option("--origin", o.origins, "another allowed Origin (repeatable)");
  serve
      ->add_option("--threads", o.threads,
                   "event loops, one thread each (one per core); a room and its connections share one")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve->add_option("--max-frame", o.max_frame, "largest WebSocket message, bytes")
      ->capture_default_str();
  serve
      ->add_option("--send-queue", o.send_queue,
                   "bytes waiting for one client before it is closed with 4003")
      ->capture_default_str();
  serve->add_option("--rate", o.rate, "frames per second per connection")->capture_default_str();
  serve->add_option("--burst", o.burst, "frames allowed at once per connection")
      ->capture_default_str();
  serve
      ->add_option("--max-connections-per-participant", o.max_connections_per_participant,
                   "WebSockets one person may hold at once; more are closed with 4029")
      ->capture_default_str();
  serve
      ->add_option("--max-connections-per-address", o.max_connections_per_address,
                   "WebSockets one client address may hold at once; more are closed with 4029")
      ->capture_default_str();
  serve
      ->add_option("--max-handshakes", o.max_handshakes,
                   "TLS handshakes in progress at once; a connection beyond it is closed at once")
      ->capture_default_str();
  serve
      ->add_option("--handshake-timeout", o.handshake_timeout,
                   "seconds for TLS, the HTTP request and the first WebSocket frame")
      ->capture_default_str();
  serve
      ->add_option("--ping-interval", o.ping_interval,
                   "seconds between WebSocket pings; no answer for twice as long closes")
      ->capture_default_str();
  serve->add_option("--max-upload", o.max_upload, "largest document to share, bytes")
      ->capture_default_str();
  serve
      ->add_option("--leave-grace", o.leave_grace,
                   "seconds a person may be disconnected before their departure is recorded "
                   "(a reload or a brief network drop is not a departure)")
      ->capture_default_str();
  serve
      ->add_option("--checkpoint-every", o.checkpoint_every,
                   "sign a checkpoint at least every N events")
      ->capture_default_str();
  serve
      ->add_option("--checkpoint-interval", o.checkpoint_interval,
                   "seconds within which new events are covered by a signed checkpoint")
      ->capture_default_str();
  serve->add_option("--server-name", o.server_name, "name in checkpoint origins and key names")
      ->capture_default_str();
  serve->add_option(
      "--tsa-url", o.tsa_url,
      "RFC 3161 time-stamping authority (http:// or https://) asked for a token over "
      "each checkpoint at a phase change, a signature and the conclusion (可信时间戳)");
  serve->add_option("--tsa-ca", o.tsa_ca,
                    "PEM certificates the TSA's tokens must chain to (needed with --tsa-url)");
  serve
      ->add_option("--tsa-interval", o.tsa_interval,
                   "seconds between tokens for a room's other checkpoints")
      ->capture_default_str();
  serve->add_option("--tsa-timeout", o.tsa_timeout, "seconds one TSA request may take")
      ->capture_default_str();
  serve->callback([&] { std::exit(mr::cli::serve(serve_options)); });

  mr::cli::add_admin_commands(app);
  mr::cli::add_record_commands(app);
  mr::cli::add_service_commands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
