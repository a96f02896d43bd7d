#include "cli/serve.hpp"

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/url/parse.hpp>
#include <fstream>

#include "api/metrics_endpoint.hpp"
#include "api/router.hpp"
#include "cli/log_format.hpp"
#include "cli/service_manager.hpp"
#include "control/control_socket.hpp"
#include "crypto/timestamp_token.hpp"
#include "net/dev_certificate.hpp"
#include "net/event_loops.hpp"
#include "net/listen_address.hpp"
#include "net/listener.hpp"
#include "net/server_tls.hpp"
#include "package/confirmation_package.hpp"
#include "package/notarisation_package.hpp"
#include "protocol/act_schemas.hpp"
#include "record/bundle_writer.hpp"
#include "record/event.hpp"
#include "record/org_keys.hpp"
#include "room/notice.hpp"
#include "room/record_keeper.hpp"
#include "room/registry.hpp"
#include "store/blob_store.hpp"
#include "store/store.hpp"
#include "timestamp/checkpoint_stamper.hpp"

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

// HSTS for two years, as the Mozilla profiles advise; not includeSubDomains, which would bind
// other services of the operator's domain.
constexpr const char* kHsts = "max-age=63072000";

// Everything the options name, checked before anything starts (throws with the reason).
struct Checked {
  net::TlsProfile profile;
  net::TrustedProxies proxies;
  std::optional<net::ListenAddress> http, metrics;
  std::vector<std::string> origins;
  std::optional<timestamp::StamperOptions> tsa;
};

// --tsa-url with the chain its tokens must verify against: a server that stored tokens it could
// not check would hand a court tokens that may prove nothing.
std::optional<timestamp::StamperOptions> check_tsa(const ServeOptions& o) {
  if (o.tsa_url.empty()) {
    if (!o.tsa_ca.empty()) spdlog::warn("--tsa-ca without --tsa-url: no timestamps are asked for");
    return std::nullopt;
  }
  std::string why;
  auto url = timestamp::TsaUrl::parse(o.tsa_url, &why);
  if (!url) throw std::runtime_error("--tsa-url " + o.tsa_url + ": " + why);
  if (o.tsa_ca.empty())
    throw std::runtime_error("--tsa-url needs --tsa-ca: the TSA's certificate chain (PEM)");
  std::ifstream in(o.tsa_ca, std::ios::binary);
  if (!in) throw std::runtime_error("--tsa-ca " + o.tsa_ca.string() + ": cannot read it");
  auto trust =
      crypto::TimestampTrust::from_pem(std::string(std::istreambuf_iterator<char>(in), {}), &why);
  if (!trust) throw std::runtime_error("--tsa-ca " + o.tsa_ca.string() + ": " + why);
  if (o.tsa_interval < 0 || o.tsa_timeout <= 0)
    throw std::runtime_error("--tsa-interval is >= 0 and --tsa-timeout > 0 seconds");
  timestamp::StamperOptions options;
  options.url = std::move(*url);
  options.trust = std::move(*trust);
  options.timeout = std::chrono::seconds(o.tsa_timeout);
  options.interval = std::chrono::seconds(o.tsa_interval);
  options.clock = record::now_ms;
  return options;
}

Checked check(const ServeOptions& o) {
  Checked c;
  auto profile = net::parse_tls_profile(o.tls_profile);
  if (!profile) throw std::runtime_error("--tls-profile is intermediate or modern");
  c.profile = *profile;
  if (o.cert.empty() != o.key.empty()) throw std::runtime_error("--cert and --key go together");
  std::vector<net::Cidr> networks;
  for (const auto& text : o.trusted_proxies) {
    auto cidr = net::parse_cidr(text);
    if (!cidr) throw std::runtime_error("--trusted-proxy " + text + " is not an address or CIDR");
    networks.push_back(*cidr);
  }
  c.proxies = net::TrustedProxies(std::move(networks));
  auto listen = [](const std::string& text,
                   const char* option) -> std::optional<net::ListenAddress> {
    if (text.empty()) return std::nullopt;
    auto a = net::parse_listen_address(text);
    if (!a)
      throw std::runtime_error(std::string(option) + " " + text +
                               ": give ADDRESS:PORT (e.g. 127.0.0.1:8080) or unix:/absolute/path");
    return a;
  };
  c.http = listen(o.http_listen, "--http-listen");
  // Plain HTTP carries cookies and everything said in the rooms: never beyond this machine.
  if (c.http && !c.http->local())
    throw std::runtime_error("--http-listen " + o.http_listen +
                             ": plain HTTP only on a loopback address or a Unix socket, for a "
                             "reverse proxy on this machine that terminates TLS");
  c.metrics = listen(o.metrics_bind, "--metrics-bind");
  c.origins = o.origins;
  // Behind a proxy the browser's Origin is the public address, whatever Host the proxy sends.
  if (auto url = boost::urls::parse_absolute_uri(o.public_url); url && url->has_authority())
    c.origins.push_back(std::string(url->scheme()) + "://" +
                        std::string(url->encoded_host_and_port()));
  c.tsa = check_tsa(o);
  return c;
}

template <class Protocol>
std::shared_ptr<net::BasicListener<Protocol>> listen_plain(
    net::EventLoops& loops, const typename Protocol::endpoint& at, net::HttpHandler& handler,
    std::shared_ptr<const net::SessionConfig> config) {
  auto l = std::make_shared<net::BasicListener<Protocol>>(loops, at, nullptr, handler,
                                                          std::move(config));
  l->run();
  return l;
}

// A plain listener at `at`, started; returns a function that stops it, and logs where it serves.
std::function<void()> serve_plain(net::EventLoops& loops, const net::ListenAddress& at,
                                  net::HttpHandler& handler,
                                  std::shared_ptr<const net::SessionConfig> config,
                                  const char* what) {
  if (at.is_unix()) {
    auto path = std::get<std::filesystem::path>(at.where);
    auto l = listen_plain<asio::local::stream_protocol>(loops, {path.string()}, handler, config);
    spdlog::info("serving {} on unix:{}", what, path.string());
    return [l] { l->stop(); };
  }
  const auto& endpoint = std::get<asio::ip::tcp::endpoint>(at.where);
  auto l = listen_plain<asio::ip::tcp>(loops, endpoint, handler, config);
  auto bound = net::ListenAddress{asio::ip::tcp::endpoint(endpoint.address(), l->port())};
  spdlog::info("serving {} on http://{}", what, bound.text());
  return [l] { l->stop(); };
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
  set_log_format(parse_log_format(o.log_format).value_or(LogFormat::automatic));
  const auto checked = check(o);
  raise_file_limit();
  // The loops outlive the store: on the way out the store's writer drains its queue, posting
  // completions to rooms, while the loops still exist.
  net::EventLoops loops(o.threads);
  auto& ioc = loops.first();
  auto store = store::open_sqlite_store(o.data);
  report_rooms_behind_their_witness(*store);
  // Store reads and writes, password hashing and exports run here, never on the I/O threads.
  asio::thread_pool blocking(2);
  auto keys = std::make_shared<const record::ServerKeys>(
      record::ServerKeys::load_or_create(o.data, o.server_name, record::now_ms()));

  net::TlsFiles tls_files{o.cert, o.key, o.ocsp_response};
  if (o.cert.empty()) {
    auto dev = net::ensure_dev_certificate(o.data / "tls");
    tls_files.chain = dev.chain;
    tls_files.key = dev.key;
    spdlog::warn("no --cert/--key: using the self-signed development certificate {}",
                 tls_files.chain.string());
  }
  net::ServerTls tls(tls_files, checked.profile, !o.cert.empty());
  std::string serving;  // "serving https://…", the service's status once it listens

  // Certificate renewal: SIGHUP, or `mediation-room reload` through the control socket.
  auto reload = [&tls, &serving] {
    notify_reloading();
    auto done = tls.reload();
    notify_ready(serving);
    return done;
  };
  // History is replayed in slices well under the send-queue bound, so a resuming client is never
  // closed as "too slow" by its own replay.
  const auto notices = room::NoticeTemplates::load(o.template_dir / "notice");
  const auto acts = protocol::ActSchemas::load(o.schema_dir);

  room::RoomLimits room_limits;
  room_limits.replay_slice_bytes = std::max<std::size_t>(o.send_queue / 4, 4096);
  room_limits.leave_grace = std::chrono::seconds(o.leave_grace);
  room::RoomServices services{*store,
                              room::make_signer(keys, o.server_name),
                              room_limits,
                              o.checkpoint_every,
                              std::chrono::seconds(o.checkpoint_interval),
                              record::now_ms,
                              &notices,
                              organisation_sealer(o.data),
                              blocking.get_executor()};
  std::shared_ptr<timestamp::CheckpointStamper> stamper;
  if (checked.tsa) {
    spdlog::info("trusted time: checkpoints are stamped by {}", checked.tsa->url.text);
    stamper = timestamp::CheckpointStamper::create(ioc.get_executor(), *store, *checked.tsa);
    services.stamp = [stamper](const store::StoredCheckpoint& c, bool milestone) {
      stamper->stamp(c, milestone);
    };
  }
  room::Registry registry([&loops](const std::string& room) { return loops.pick(room); },
                          std::move(services));

  api::ApiOptions api_options;
  api_options.extra_origins = checked.origins;
  api_options.serve_metrics = !checked.metrics;
  api_options.public_url = o.public_url;
  api_options.connection_caps = {o.max_connections_per_participant, o.max_connections_per_address};
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
  api_options.export_package = [&store, &blobs, keys, name = o.server_name, data = o.data](
                                   const std::string& room, const std::string& requester,
                                   const std::filesystem::path& out) {
    package::PackageResult failed;
    try {
      // Read afresh: an administrator may have added the organisation's key meanwhile.
      const auto orgs = record::OrgKeys::load(data);
      return package::export_confirmation_package(
          *store, room, *keys, orgs, out,
          {name, 0, [&blobs](const std::string& sha) { return blobs.find(sha); }}, requester);
    } catch (const std::exception& e) {
      failed.error = e.what();
    }
    return failed;
  };
  api_options.export_notarisation = [&store, &blobs, keys, name = o.server_name](
                                        const std::string& room, const std::string& requester,
                                        const std::filesystem::path& out) {
    return package::export_notarisation_package(
        *store, room, *keys, out,
        {name, 0, [&blobs](const std::string& sha) { return blobs.find(sha); }}, requester);
  };
  api::Router router(*store, registry, api_options, blocking.get_executor());

  // Certificate renewal and revocations from the CLI reach this process here.
  std::shared_ptr<control::ControlServer> control;
  try {
    control =
        std::make_shared<
            control::ControlServer>(ioc, control::socket_path(o.data),
                                    std::map<std::string, control::ControlServer::Command>{
                                        {"reload",
                                         [reload](const nlohmann::json&) {
                                           auto done = reload();
                                           return nlohmann::json{{"ok", done.ok},
                                                                 {"message", done.message}};
                                         }},
                                        // An invite revoked by the CLI (another process): its
                                        // person's connections close.
                                        {"end_participant",
                                         [&router](const nlohmann::json& request) {
                                           auto participant = request.value("participant", "");
                                           if (participant.empty())
                                             return nlohmann::json{
                                                 {"ok", false},
                                                 {"message", "participant is required"}};
                                           const auto closed = router.end_participant(participant);
                                           return nlohmann::json{
                                               {"ok", true},
                                               {"message",
                                                std::to_string(closed) + " connections closed"},
                                               {"closed", closed}};
                                         }}},
                                    blocking.get_executor());
  } catch (const std::runtime_error& e) {
    if (std::string_view(e.what()).starts_with("another server")) throw;
    spdlog::warn("{}; `mediation-room reload` will not reach this server (SIGHUP still does)",
                 e.what());
  }

  net::SessionConfig plain;
  plain.limits.max_frame = o.max_frame;
  plain.limits.send_queue = o.send_queue;
  plain.limits.handshake = std::chrono::seconds(o.handshake_timeout);
  plain.limits.max_handshakes = o.max_handshakes;
  plain.limits.ping_interval = std::chrono::seconds(o.ping_interval);
  plain.proxies = checked.proxies;
  // A proxy terminating TLS sets HSTS itself (README); the server's own TLS port does when its
  // certificate is a real one.
  auto secure = std::make_shared<net::SessionConfig>(plain);
  if (tls.configured()) secure->add_header("Strict-Transport-Security", kHsts);

  std::vector<std::function<void()>> stop_listening;
  api::MetricsEndpoint metrics_endpoint;
  if (checked.metrics)
    stop_listening.push_back(serve_plain(loops, *checked.metrics, metrics_endpoint,
                                         std::make_shared<net::SessionConfig>(plain), "metrics"));
  if (checked.http)
    stop_listening.push_back(serve_plain(loops, *checked.http, router,
                                         std::make_shared<net::SessionConfig>(plain),
                                         "plain HTTP for a TLS-terminating proxy"));
  auto listener = std::make_shared<net::Listener>(
      loops, asio::ip::tcp::endpoint(asio::ip::make_address(o.bind), o.port), &tls, router, secure);
  listener->run();
  stop_listening.push_back([listener] { listener->stop(); });
  serving = "serving https://" + o.bind + ":" + std::to_string(listener->port());
  spdlog::info("{} (data {})", serving, o.data.string());
  if (checked.origins.empty())
    spdlog::warn(
        "no --public-url or --origin: only loopback names (localhost, 127.0.0.1, [::1]) are this "
        "server; a browser on another name is refused as cross-origin and invitation links name "
        "the loopback host. Set --public-url to serve others");
  else
    spdlog::info("this server's origins (Host is not trusted): {}",
                 fmt::join(checked.origins, " "));
  if (control) control->run();

  asio::signal_set hangup(ioc, SIGHUP);
  std::function<void()> await_hangup = [&] {
    hangup.async_wait([&](boost::system::error_code ec, int) {
      if (ec) return;
      spdlog::info("signal SIGHUP: reloading the certificate");
      asio::post(blocking, [reload] { reload(); });
      await_hangup();
    });
  };
  await_hangup();
  asio::steady_timer watchdog(ioc);
  start_watchdog(watchdog);
  notify_ready(serving);

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
    notify_stopping();
    for (auto& stop : stop_listening) stop();
    if (control) control->stop();
    hangup.cancel();
    watchdog.cancel();
    unload_timer.cancel();
    purge_timer.cancel();
    registry.end_all();
    if (stamper) stamper->stop();
    // Give clients a moment to receive their close frame, then stop whatever is left. Every
    // acknowledged event is already committed, so nothing is lost by stopping early.
    auto timer = std::make_shared<asio::steady_timer>(ioc, std::chrono::milliseconds(500));
    timer->async_wait([&loops, timer](boost::system::error_code) { loops.stop(); });
  });

  loops.run();
  blocking.join();
  // Connections that had not finished closing when the loop stopped are still held by their rooms.
  registry.release_all();
  spdlog::info("stopped");
  return 0;
}

}  // namespace mr::cli
