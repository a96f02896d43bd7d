// net/event_loops: a key always lands on the same loop, connections take the loops in turn, each
// loop runs on a thread of its own, and a handler that throws does not stop its loop.
#include "net/event_loops.hpp"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <future>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

namespace mr::net {
namespace {

namespace asio = boost::asio;

TEST(EventLoops, ARoomIdAlwaysLandsOnTheSameLoopAndRoomsSpreadOverAll) {
  EventLoops loops(2);
  std::set<std::string> seen;
  for (int i = 0; i < 64; ++i) {
    const auto room = "room-" + std::to_string(i);
    EXPECT_EQ(loops.pick(room), loops.pick(room));
    seen.insert(loops.pick(room) == loops.pick("room-0") ? "same" : "other");
  }
  EXPECT_EQ(seen.size(), 2u);  // 64 rooms on one loop of two would be a broken placement
}

TEST(EventLoops, NewConnectionsTakeTheLoopsInTurn) {
  EventLoops loops(3);
  const auto a = loops.next(), b = loops.next(), c = loops.next();
  EXPECT_NE(a, b);
  EXPECT_NE(b, c);
  EXPECT_NE(a, c);
  EXPECT_EQ(loops.next(), a);
}

TEST(EventLoops, EachLoopRunsOnAThreadOfItsOwnUntilStopped) {
  EventLoops loops(2);
  const auto first = loops.next(), second = loops.next();
  std::promise<std::thread::id> on_first, on_second;
  asio::post(first, [&] { on_first.set_value(std::this_thread::get_id()); });
  asio::post(second, [&] { on_second.set_value(std::this_thread::get_id()); });
  std::thread runner([&] { loops.run(); });
  const auto a = on_first.get_future().get(), b = on_second.get_future().get();
  EXPECT_NE(a, b);
  loops.stop();
  runner.join();  // run() has returned: every loop's thread is done
}

TEST(EventLoops, AHandlerThatThrowsDoesNotStopItsLoop) {
  EventLoops loops(1);
  std::promise<void> later;
  asio::post(loops.first(), [] { throw std::runtime_error("a fault in one handler"); });
  asio::post(loops.first(), [&] { later.set_value(); });
  std::thread runner([&] { loops.run(); });
  later.get_future().get();
  loops.stop();
  runner.join();
}

}  // namespace
}  // namespace mr::net
