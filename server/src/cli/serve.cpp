#include "cli/serve.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <thread>

#include "api/router.hpp"
#include "net/dev_certificate.hpp"
#include "net/listener.hpp"
#include "net/tls_context.hpp"
#include "protocol/act_schemas.hpp"
#include "record/bundle_writer.hpp"
#include "record/event.hpp"
#include "record/org_keys.hpp"
#include "room/notice.hpp"
#include "room/record_keeper.hpp"
#include "room/registry.hpp"
#include "store/blob_store.hpp"
#include "store/store.hpp"

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

// The last line of defence: an exception that escapes a handler is logged and the loop goes on,
// so one fault never takes every room down with it.
void run_loop(asio::io_context& ioc) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      spdlog::critical("an event handler failed: {}; the server goes on", e.what());
    }
  }
}

// Every `every`, runs `job` on `executor` (housekeeping that must not wait on the I/O threads).
void repeat(asio::steady_timer& timer, std::chrono::seconds every, asio::any_io_executor executor,
            std::function<void()> job) {
  timer.expires_after(every);
  timer.async_wait([&timer, every, executor, job](boost::system::error_code ec) {
    if (ec) return;
    asio::post(executor, job);
    repeat(timer, every, executor, job);
  });
}

// Seals with the organisations' keys under <data>/orgs, reading them again when asked for one it
// does not know: an administrator may add a key (`org add`) while the server runs.
room::Sealer organisation_sealer(const std::filesystem::path& data) {
  struct Keys {
    std::mutex mutex;
    record::OrgKeys keys;
  };
  auto shared = std::make_shared<Keys>();
  shared->keys = record::OrgKeys::load(data);
  return [shared, data](const std::string& org,
                        const std::function<std::string(const std::string&)>& statement)
             -> std::optional<room::OrgSeal> {
    std::lock_guard lock(shared->mutex);
    if (!shared->keys.find(org)) {
      try {
        shared->keys = record::OrgKeys::load(data);
      } catch (const std::exception& e) {
        spdlog::error("organisation keys: {}", e.what());
      }
    }
    const auto* key = shared->keys.find(org);
    if (!key) return std::nullopt;
    auto signature = shared->keys.sign(org, statement(key->fingerprint));
    return room::OrgSeal{key->org, key->public_key, key->fingerprint, *signature};
  };
}

// Said at start-up, not only when someone opens the room: which rooms lost acknowledged events
// (a damaged WAL, a silent rollback). Each is refused when opened (Room::read_log).
void report_rooms_behind_their_witness(store::Store& store) {
  auto rooms = store.rooms();
  if (!rooms) return;
  for (const auto& room : *rooms) {
    auto witnessed = store.witnessed_checkpoint(room.id);
    auto held = store.next_seq(room.id);
    if (!witnessed || !held || *held >= witnessed->size) continue;
    spdlog::critical(
        "room {}: the store holds {} events, but its signed checkpoint covers {}: {} "
        "acknowledged events are lost. The room will not be served; restore the data directory "
        "from a backup (README, Backups and restore).",
        room.id, *held, witnessed->size, witnessed->size - *held);
  }
}

}  // namespace

int serve(const ServeOptions& o) {
  raise_file_limit();
  // The io_context outlives the store: on the way out the store's writer drains its queue,
  // posting completions to room strands, while the io_context still exists.
  asio::io_context ioc(o.threads);
  auto store = store::open_sqlite_store(o.data);
  report_rooms_behind_their_witness(*store);
  // Store reads and writes, password hashing and exports run here, never on the I/O threads.
  asio::thread_pool blocking(2);
  auto keys = std::make_shared<const record::ServerKeys>(
      record::ServerKeys::load_or_create(o.data, o.server_name, record::now_ms()));

  net::CertificatePaths tls_files{o.cert, o.key};
  if (o.cert.empty() != o.key.empty()) throw std::runtime_error("--cert and --key go together");
  if (o.cert.empty()) {
    tls_files = net::ensure_dev_certificate(o.data / "tls");
    spdlog::warn("no --cert/--key: using the self-signed development certificate {}",
                 tls_files.chain.string());
  }
  auto tls = net::make_tls_context(tls_files.chain, tls_files.key);

  // History is replayed in slices well under the send-queue bound, so a resuming client is never
  // closed as "too slow" by its own replay.
  const auto notices = room::NoticeTemplates::load(o.template_dir / "notice");
  const auto acts = protocol::ActSchemas::load(o.schema_dir);

  room::RoomLimits room_limits;
  room_limits.replay_slice_bytes = std::max<std::size_t>(o.send_queue / 4, 4096);
  room_limits.leave_grace = std::chrono::seconds(o.leave_grace);
  room::Registry registry(
      ioc.get_executor(),
      {*store, room::make_signer(keys, o.server_name), room_limits, o.checkpoint_every,
       std::chrono::seconds(o.checkpoint_interval), record::now_ms, &notices,
       organisation_sealer(o.data), blocking.get_executor()});

  api::ApiOptions api_options;
  api_options.extra_origins = o.origins;
  api_options.public_url = o.public_url;
  api_options.connection = {o.max_frame, o.rate, o.burst,
                            std::chrono::seconds(o.handshake_timeout)};
  api_options.client_dir = o.client_dir;
  store::FileBlobStore blobs(o.data);
  api::Uploads uploads(o.data, o.max_upload);
  api_options.blobs = &blobs;
  api_options.uploads = &uploads;
  api_options.acts = acts;
  api_options.notices = &notices;
  api_options.public_keys_json = keys->public_listing_json();
  api_options.export_bundle = [&store, &blobs, keys, name = o.server_name](
                                  const std::string& room, bool include_private,
                                  const std::filesystem::path& out) {
    return record::export_bundle(
        *store, room, *keys, include_private, out,
        {name, 0, [&blobs](const std::string& sha) { return blobs.find(sha); }});
  };
  api::Router router(*store, registry, api_options, blocking.get_executor());

  net::TransportLimits limits;
  limits.max_frame = o.max_frame;
  limits.send_queue = o.send_queue;
  limits.handshake = std::chrono::seconds(o.handshake_timeout);
  limits.ping_interval = std::chrono::seconds(o.ping_interval);

  auto listener = std::make_shared<net::Listener>(
      ioc, tls, asio::ip::tcp::endpoint(asio::ip::make_address(o.bind), o.port), router, limits);
  listener->run();
  spdlog::info("serving https://{}:{} (data {})", o.bind, listener->port(), o.data.string());

  // Housekeeping: rooms nobody uses leave memory; ended sessions leave the store.
  asio::steady_timer unload_timer(ioc), purge_timer(ioc);
  repeat(unload_timer, std::chrono::seconds(60), blocking.get_executor(), [&registry] {
    if (auto n = registry.unload_idle(std::chrono::minutes(10)))
      spdlog::info("unloaded {} idle rooms", n);
  });
  repeat(purge_timer, std::chrono::seconds(600), blocking.get_executor(), [&store, &uploads] {
    if (auto n = uploads.expire(std::chrono::hours(24))) spdlog::info("deleted {} idle uploads", n);
    // Kept a week after they end, so a late visitor still learns why their link stopped working.
    const auto week_ago = record::now_ms() - 7LL * 24 * 3600 * 1000;
    if (auto n = store->purge_expired_sessions(week_ago); n && *n > 0)
      spdlog::info("purged {} ended sessions", *n);
  });

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int signal) {
    spdlog::info("signal {}: closing connections", signal);
    listener->stop();
    unload_timer.cancel();
    purge_timer.cancel();
    registry.end_all();
    // Give clients a moment to receive their close frame, then stop whatever is left. Every
    // acknowledged event is already committed, so nothing is lost by stopping early.
    auto timer = std::make_shared<asio::steady_timer>(ioc, std::chrono::milliseconds(500));
    timer->async_wait([&ioc, timer](boost::system::error_code) { ioc.stop(); });
  });

  std::vector<std::thread> threads;
  for (int i = 1; i < o.threads; ++i) threads.emplace_back([&] { run_loop(ioc); });
  run_loop(ioc);
  for (auto& t : threads) t.join();
  blocking.join();
  // Connections that had not finished closing when the loop stopped are still held by their rooms.
  registry.release_all();
  spdlog::info("stopped");
  return 0;
}

}  // namespace mr::cli
