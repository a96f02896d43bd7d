#include "setup.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/http/verb.hpp>
#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "https_client.hpp"

namespace mr::loadgen {

namespace asio = boost::asio;
using boost::beast::http::verb;
using nlohmann::json;

namespace {

std::string describe(const HttpReply& reply) {
  return "HTTP " + std::to_string(reply.status) + " " + reply.body.substr(0, 200);
}

void expect(const HttpReply& reply, unsigned status, const char* what) {
  if (reply.status != status)
    throw std::runtime_error(std::string(what) + " failed: " + describe(reply));
}

// Shared by the setup coroutines of every thread.
struct SetupState {
  SetupState(const Options& o, const std::string& cookie, std::vector<RoomPlan>& r)
      : options(o), mediator_cookie(cookie), rooms(r) {}
  const Options& options;
  const std::string& mediator_cookie;
  std::vector<RoomPlan>& rooms;
  std::atomic<int> next_room{0};
  std::atomic<int> done_rooms{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::string error;

  void fail(const std::string& message) {
    std::lock_guard lock(error_mutex);
    if (error.empty()) error = message;
    failed = true;
  }
};

// Request bodies are built outside the coroutines: GCC 12 miscompiles some braced
// initialisers inside a coroutine body ("array used as initializer").
std::string room_request(int index) {
  json parties = json::array();
  parties.push_back({{"side", "A"}, {"name", "申请人"}});
  parties.push_back({{"side", "B"}, {"name", "被申请人"}});
  json req = json::object();
  req["title"] = "压测 " + std::to_string(index);
  req["field"] = "其他";
  req["parties"] = std::move(parties);
  return req.dump();
}

std::string invite_request(int p, bool observer) {
  json req = json::object();
  req["name"] = std::string(observer ? "观察员" : "当事人") + std::to_string(p);
  req["role"] = observer ? "observer" : "party";
  if (!observer) req["side"] = p % 2 == 0 ? "A" : "B";
  return req.dump();
}

std::string join_request(const std::string& token) {
  json req = json::object();
  req["token"] = token;
  return req.dump();
}

// From an invite answer: the participant id and the token in the link's fragment.
std::pair<std::string, std::string> read_invite(const std::string& body) {
  const auto answer = json::parse(body);
  const auto link = answer.at("link").get<std::string>();
  const auto hash = link.find('#');
  if (hash == std::string::npos) throw std::runtime_error("invite link has no fragment: " + link);
  return {answer.at("invite").at("participant").get<std::string>(), link.substr(hash + 1)};
}

asio::awaitable<void> create_room(HttpsClient& http, SetupState& s, int index) {
  const auto& o = s.options;
  auto reply = co_await http.request(verb::post, "/api/rooms", room_request(index),
                                     s.mediator_cookie);
  expect(reply, 201, "POST /api/rooms");
  RoomPlan plan;
  plan.id = json::parse(reply.body).at("room").at("id").get<std::string>();

  std::vector<std::string> tokens;
  for (int p = 0; p < o.participants; ++p) {
    const bool observer = p >= o.participants - o.observers;
    reply = co_await http.request(verb::post, "/api/rooms/" + plan.id + "/invites",
                                  invite_request(p, observer), s.mediator_cookie);
    expect(reply, 201, "POST /api/rooms/<room>/invites");
    auto [participant, token] = read_invite(reply.body);
    tokens.push_back(std::move(token));
    MemberPlan member;
    member.participant = std::move(participant);
    member.sender = !observer;
    plan.members.push_back(std::move(member));
  }
  for (int p = 0; p < o.participants; ++p) {
    reply = co_await http.request(verb::post, "/api/join", join_request(tokens[p]), {});
    expect(reply, 200, "POST /api/join");
    const auto token = cookie_value(reply.set_cookies, "mr_party");
    if (token.empty()) throw std::runtime_error("POST /api/join set no mr_party cookie");
    plan.members[p].cookie = "mr_party=" + token;
  }
  s.rooms[index] = std::move(plan);
}

asio::awaitable<void> setup_worker(asio::ssl::context& tls, asio::ip::tcp::endpoint server,
                                   SetupState& s) {
  HttpsClient http(co_await asio::this_coro::executor, tls, server);
  while (!s.failed) {
    const int index = s.next_room++;
    if (index >= s.options.rooms) break;
    try {
      co_await create_room(http, s, index);
      ++s.done_rooms;
    } catch (const std::exception& e) {
      s.fail(e.what());
    }
  }
}

std::string login_request(const Options& options) {
  json req = json::object();
  req["login"] = options.login;
  req["password"] = options.password;
  return req.dump();
}

}  // namespace

std::string login_mediator(const Options& options, asio::ssl::context& tls,
                           const asio::ip::tcp::endpoint& server) {
  asio::io_context ioc;
  std::string cookie, error;
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        HttpsClient http(co_await asio::this_coro::executor, tls, server);
        auto reply = co_await http.request(verb::post, "/api/login", login_request(options), {});
        expect(reply, 200, "POST /api/login");
        const auto token = cookie_value(reply.set_cookies, "mr_mediator");
        if (token.empty()) throw std::runtime_error("POST /api/login set no mr_mediator cookie");
        cookie = "mr_mediator=" + token;
      },
      [&](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          error = ex.what();
        }
      });
  ioc.run_for(std::chrono::seconds(30));
  if (cookie.empty())
    throw std::runtime_error("login: " + (error.empty() ? std::string("timed out") : error));
  return cookie;
}

std::vector<RoomPlan> create_rooms(const Options& options, asio::ssl::context& tls,
                                   const asio::ip::tcp::endpoint& server,
                                   const std::string& mediator_cookie) {
  std::vector<RoomPlan> rooms(options.rooms);
  SetupState state(options, mediator_cookie, rooms);
  const int threads = std::min(options.threads, options.setup_concurrency);
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    contexts.push_back(std::make_unique<asio::io_context>(1));
    for (int c = t; c < options.setup_concurrency; c += threads)
      asio::co_spawn(*contexts.back(), setup_worker(tls, server, state), [&](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          state.fail(std::string("setup connection: ") + ex.what());
        }
      });
    pool.emplace_back([&ctx = *contexts.back()] { ctx.run(); });
  }
  // Progress for long setups; the loop ends when every coroutine has returned.
  auto last_report = std::chrono::steady_clock::now();
  std::atomic<bool> joined{false};
  std::thread reporter([&] {
    while (!joined) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      if (!options.json_only &&
          std::chrono::steady_clock::now() - last_report > std::chrono::seconds(5)) {
        last_report = std::chrono::steady_clock::now();
        std::cerr << "setup: " << state.done_rooms << "/" << options.rooms << " rooms\n";
      }
    }
  });
  for (auto& t : pool) t.join();
  joined = true;
  reporter.join();
  if (state.failed) throw std::runtime_error(state.error);
  return rooms;
}

}  // namespace mr::loadgen
