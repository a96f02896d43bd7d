#include "cli/serve.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <thread>

#include "api/router.hpp"
#include "net/dev_certificate.hpp"
#include "net/listener.hpp"
#include "net/tls_context.hpp"
#include "record/bundle_writer.hpp"
#include "record/event.hpp"
#include "room/record_keeper.hpp"
#include "room/registry.hpp"
#include "store/catalog.hpp"
#include "store/event_writer.hpp"

namespace mr::cli {

namespace asio = boost::asio;

namespace {
// Each connection is a file descriptor: use all the process may have.
void raise_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}
}  // namespace

int serve(const ServeOptions& o) {
  raise_file_limit();
  store::Catalog catalog(o.data);
  // The writer is declared after the io_context so that, on the way out, it drains its queue
  // (posting completions to room strands) while the io_context still exists.
  asio::io_context ioc(o.threads);
  store::EventWriter writer(o.data);
  auto keys = std::make_shared<const record::ServerKeys>(
      record::ServerKeys::load_or_create(o.data, o.server_name, record::now_ms()));
  auto signer = room::make_signer(keys, o.server_name);

  net::CertificatePaths tls_files{o.cert, o.key};
  if (o.cert.empty() != o.key.empty())
    throw std::runtime_error("--cert and --key go together");
  if (o.cert.empty()) {
    tls_files = net::ensure_dev_certificate(o.data / "tls");
    spdlog::warn("no --cert/--key: using the self-signed development certificate {}",
                 tls_files.chain.string());
  }
  auto tls = net::make_tls_context(tls_files.chain, tls_files.key);

  // History is replayed in slices well under the send-queue bound, so a resuming client is never
  // closed as "too slow" by its own replay.
  room::RoomLimits room_limits;
  room_limits.replay_slice_bytes = std::max<std::size_t>(o.send_queue / 4, 4096);
  room::Registry registry(ioc.get_executor(),
                          {catalog, writer, signer, room_limits, o.checkpoint_every,
                           std::chrono::seconds(o.checkpoint_interval)});

  api::ApiOptions api_options;
  api_options.extra_origins = o.origins;
  api_options.public_url = o.public_url;
  api_options.connection = {o.max_frame, o.rate, o.burst};
  api_options.client_dir = o.client_dir;
  api_options.public_keys_json = keys->public_listing_json();
  api_options.export_bundle = [&catalog, keys, name = o.server_name](
                                  const std::string& room, bool include_private,
                                  const std::filesystem::path& out) {
    return catalog.with_db([&](SQLite::Database& db) {
      return record::export_bundle(db, room, *keys, include_private, out, {name, 0});
    });
  };
  api::Router router(catalog, registry, api_options);

  net::TransportLimits limits;
  limits.max_frame = o.max_frame;
  limits.send_queue = o.send_queue;
  limits.handshake = std::chrono::seconds(o.handshake_timeout);
  limits.ping_interval = std::chrono::seconds(o.ping_interval);

  auto listener = std::make_shared<net::Listener>(
      ioc, tls, asio::ip::tcp::endpoint(asio::ip::make_address(o.bind), o.port), router, limits);
  listener->run();
  spdlog::info("serving https://{}:{} (data {})", o.bind, listener->port(), o.data.string());

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int signal) {
    spdlog::info("signal {}: closing connections", signal);
    listener->stop();
    registry.end_all();
    // Give clients a moment to receive their close frame, then stop whatever is left. Every
    // acknowledged event is already committed, so nothing is lost by stopping early.
    auto timer = std::make_shared<asio::steady_timer>(ioc, std::chrono::milliseconds(500));
    timer->async_wait([&ioc, timer](boost::system::error_code) { ioc.stop(); });
  });

  std::vector<std::thread> threads;
  for (int i = 1; i < o.threads; ++i) threads.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace mr::cli
